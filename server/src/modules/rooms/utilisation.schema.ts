import { Type, type Static } from 'typebox';
import { Day, Nullable, Weekday } from './common.schema.js';

export const UtilisationQuery = Type.Object(
  {
    from: Day,
    to: Type.String({ format: 'date', description: 'Last date included; at most 366 days' }),
    period: Type.Union([Type.Literal('week'), Type.Literal('month')], { default: 'week' }),
  },
  { additionalProperties: false },
);
export type UtilisationQuery = Static<typeof UtilisationQuery>;

const Figures = {
  openHours: Type.Number({ description: 'Hours open by the resolved opening hours' }),
  bookedHours: Type.Number({ description: 'Held by confirmed and checked-in bookings, and by no-shows until released' }),
  usedHours: Type.Number({ description: 'Of checked-in bookings' }),
  bookedRatio: Nullable(Type.Number({ description: 'booked / open; null when never open' })),
  usedRatio: Nullable(Type.Number({ description: 'used / open; null when never open' })),
};

const Cell = Type.Object({ weekday: Weekday, hour: Type.Integer({ minimum: 0, maximum: 23 }), bookedHours: Type.Number() });

export const UtilisationReply = Type.Object({
  roomId: Nullable(Type.Integer()),
  serviceCenterId: Type.Integer(),
  from: Day,
  to: Day,
  period: Type.Union([Type.Literal('week'), Type.Literal('month')]),
  totals: Type.Object(Figures),
  buckets: Type.Array(
    Type.Object({ key: Type.String({ description: 'The Monday of the week, or YYYY-MM' }), from: Day, to: Day, ...Figures }),
  ),
  rooms: Type.Array(Type.Object({ roomId: Type.Integer(), name: Type.String(), ...Figures })),
  heatmap: Type.Array(Cell, { description: 'Booked hours per weekday and hour of day (cells with none left out)' }),
  busiestHours: Type.Array(Cell, { description: 'The ten busiest weekday-hour cells' }),
  teams: Type.Array(
    Type.Object({
      teamId: Type.Integer(),
      name: Type.String(),
      bookedHours: Type.Number(),
      usedHours: Type.Number(),
      noShows: Type.Integer(),
      bookings: Type.Integer(),
    }),
  ),
});
