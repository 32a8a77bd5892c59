import { Type, type TSchema } from 'typebox';
import { Id } from '../../platform/schema.js';

/** Schema pieces shared by the rooms, hours, teams and bookings routes. */

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const Day = Type.String({ format: 'date', description: 'A date, YYYY-MM-DD (China time)', examples: ['2026-03-03'] });

export const Instant = Type.String({
  format: 'date-time',
  description: 'An instant with its offset; responses use China time, e.g. 2026-03-03T19:00:00+08:00',
  examples: ['2026-03-03T19:00:00+08:00'],
});

export const ClockTime = Type.String({
  maxLength: 5,
  pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$',
  description: 'A time of day HH:MM, China time; 24:00 is midnight at the end of the day',
  examples: ['19:00'],
});

export const Weekday = Type.Integer({ minimum: 1, maximum: 7, description: 'ISO weekday: 1 = Monday … 7 = Sunday' });

export const IdParams = Type.Object({ id: Id() });
export const CenterParams = Type.Object({ centerId: Id() });

export const DateRangeQuery = Type.Object(
  { from: Day, to: Type.String({ format: 'date', description: 'Last date included' }) },
  { additionalProperties: false },
);

export const TimeSpan = Type.Object({ opens: ClockTime, closes: ClockTime });

export const InstantSpan = Type.Object({ startsAt: Instant, endsAt: Instant });

export const NoContent = Type.Null({ description: 'Done, nothing to return' });
