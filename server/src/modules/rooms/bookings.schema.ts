import { Type, type Static } from 'typebox';
import { ClockTime, Day, Instant, Nullable, TimeSpan, Weekday } from './common.schema.js';
import { Id } from '../../platform/schema.js';

export const BookingStatus = Type.Union(
  [
    Type.Literal('pending'),
    Type.Literal('confirmed'),
    Type.Literal('checked_in'),
    Type.Literal('cancelled'),
    Type.Literal('rejected'),
    Type.Literal('no_show'),
    Type.Literal('expired'),
  ],
  { description: 'pending: awaiting approval; no_show: released for not checking in; expired: never decided before it started' },
);

export const BookingAction = Type.Union([Type.Literal('cancel'), Type.Literal('approve'), Type.Literal('reject'), Type.Literal('checkin')]);

const Messages = Type.Object({ zh: Type.String(), en: Type.String() });

export const Problem = Type.Object({
  code: Type.String(),
  messages: Messages,
  details: Type.Optional(Type.Unknown()),
});

export const Booking = Type.Object({
  id: Type.Integer(),
  roomId: Type.Integer(),
  roomName: Type.String(),
  serviceCenterId: Type.Integer(),
  centerName: Type.String(),
  seriesId: Nullable(Type.Integer()),
  team: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  bookedBy: Type.Object({ id: Type.Integer(), displayName: Type.String() }),
  startsAt: Instant,
  endsAt: Instant,
  status: BookingStatus,
  purpose: Type.String(),
  attendees: Nullable(Type.Integer()),
  createdAt: Instant,
  decidedAt: Nullable(Instant),
  decisionNote: Nullable(Type.String()),
  checkedInAt: Nullable(Instant),
  checkinMethod: Nullable(Type.Union([Type.Literal('qr'), Type.Literal('staff')])),
  cancelledAt: Nullable(Instant),
  cancelReason: Nullable(Type.String()),
  releasedAt: Nullable(Instant),
  /** When the booker may still cancel it themselves. */
  cancelDeadline: Instant,
  allowedActions: Type.Array(BookingAction),
});

export const BookingsReply = Type.Object({ items: Type.Array(Booking) });

export const CreateBookingBody = Type.Object(
  {
    roomId: Id(),
    startsAt: Instant,
    endsAt: Instant,
    teamId: Type.Optional(Nullable(Id({ description: 'Book for this team (I must be a member)' }))),
    purpose: Type.Optional(Type.String({ maxLength: 200 })),
    attendees: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 10_000 }))),
  },
  { additionalProperties: false },
);
export type CreateBookingBody = Static<typeof CreateBookingBody>;

export const StaffBookingsQuery = Type.Object(
  {
    from: Day,
    to: Type.String({ format: 'date', description: 'Last date included; at most 62 days' }),
    centerId: Type.Optional(Id()),
    roomId: Type.Optional(Id()),
    teamId: Type.Optional(Id()),
    status: Type.Optional(Type.Array(BookingStatus, { maxItems: 10, description: 'Repeat for several: status=pending&status=confirmed' })),
  },
  { additionalProperties: false },
);
export type StaffBookingsQuery = Static<typeof StaffBookingsQuery>;

export const MyBookingsQuery = Type.Object(
  {
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    status: Type.Optional(Type.Array(BookingStatus, { maxItems: 10 })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  },
  { additionalProperties: false },
);
export type MyBookingsQuery = Static<typeof MyBookingsQuery>;

export const CancelBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
export type CancelBody = Static<typeof CancelBody>;

export const DecisionBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
export type DecisionBody = Static<typeof DecisionBody>;

export const QrCheckinBody = Type.Object(
  {
    token: Type.String({
      minLength: 6,
      maxLength: 100,
      description: 'The token in the room’s QR code, or the six-digit code printed under it',
    }),
  },
  { additionalProperties: false },
);

// ---- weekly series ---------------------------------------------------------------------------------------------

export const CreateSeriesBody = Type.Object(
  {
    roomId: Id(),
    teamId: Type.Optional(Nullable(Id())),
    weekdays: Type.Array(Weekday, { minItems: 1, maxItems: 7, uniqueItems: true }),
    startTime: ClockTime,
    endTime: ClockTime,
    firstDate: Day,
    lastDate: Day,
    purpose: Type.Optional(Type.String({ maxLength: 200 })),
    attendees: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 10_000 }))),
    skipConflicts: Type.Boolean({
      default: false,
      description: 'Book the dates that can be booked and report the others; otherwise any conflict books nothing (409)',
    }),
    dryRun: Type.Boolean({ default: false, description: 'Check every date and report, booking nothing' }),
  },
  { additionalProperties: false },
);
export type CreateSeriesBody = Static<typeof CreateSeriesBody>;

export const Series = Type.Object({
  id: Type.Integer(),
  roomId: Type.Integer(),
  teamId: Nullable(Type.Integer()),
  weekdays: Type.Array(Weekday),
  startTime: ClockTime,
  endTime: ClockTime,
  firstDate: Day,
  lastDate: Day,
  purpose: Type.String(),
  cancelledAt: Nullable(Instant),
});

export const Occurrence = Type.Object({
  date: Day,
  startsAt: Instant,
  endsAt: Instant,
  ok: Type.Boolean(),
  bookingId: Nullable(Type.Integer()),
  status: Nullable(BookingStatus),
  problem: Nullable(Problem),
});

export const SeriesReply = Type.Object({
  dryRun: Type.Boolean(),
  series: Nullable(Series),
  booked: Type.Integer(),
  skipped: Type.Integer(),
  occurrences: Type.Array(Occurrence),
});

export const SeriesDetail = Type.Object({ series: Series, bookings: Type.Array(Booking) });

export const SeriesCancelReply = Type.Object({
  cancelled: Type.Integer(),
  kept: Type.Array(Booking, { description: 'Bookings already started or inside the cancellation notice' }),
});

// ---- quotas, waitlist, availability -----------------------------------------------------------------------------

export const QuotaQuery = Type.Object(
  {
    roomId: Id(),
    teamId: Type.Optional(Id()),
    date: Type.Optional(Day),
  },
  { additionalProperties: false },
);
export type QuotaQuery = Static<typeof QuotaQuery>;

export const QuotaReply = Type.Object({
  items: Type.Array(
    Type.Object({
      scope: Type.Union([Type.Literal('room'), Type.Literal('center')]),
      subject: Type.Union([Type.Literal('team'), Type.Literal('resident')]),
      limitMinutes: Type.Integer(),
      usedMinutes: Type.Integer(),
      remainingMinutes: Type.Integer(),
      weekStart: Day,
    }),
  ),
  suspendedUntil: Nullable(Instant),
});

export const WaitlistStatus = Type.Union([Type.Literal('waiting'), Type.Literal('promoted'), Type.Literal('left'), Type.Literal('expired')]);

export const WaitlistEntry = Type.Object({
  id: Type.Integer(),
  roomId: Type.Integer(),
  roomName: Type.String(),
  team: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  startsAt: Instant,
  endsAt: Instant,
  purpose: Type.String(),
  status: WaitlistStatus,
  position: Nullable(Type.Integer({ description: '1 = next in line for that time (while waiting)' })),
  createdAt: Instant,
  bookingId: Nullable(Type.Integer()),
  allowedActions: Type.Array(Type.Literal('leave')),
});

export const WaitlistReply = Type.Object({ items: Type.Array(WaitlistEntry) });

export const JoinWaitlistBody = Type.Object(
  {
    roomId: Id(),
    startsAt: Instant,
    endsAt: Instant,
    teamId: Type.Optional(Nullable(Id())),
    purpose: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type JoinWaitlistBody = Static<typeof JoinWaitlistBody>;

const DaySpan = { starts: ClockTime, ends: ClockTime };

export const BusySpan = Type.Object({
  ...DaySpan,
  status: BookingStatus,
  team: Nullable(Type.String({ description: 'The team holding it; personal bookings stay anonymous' })),
  mine: Type.Boolean({ description: 'Mine or my team’s' }),
});

export const AvailabilityDay = Type.Object({
  date: Day,
  open: Type.Boolean(),
  hours: Type.Array(TimeSpan),
  busy: Type.Array(BusySpan, { description: 'Held times of the day (clock times on that date, China time)' }),
  free: Type.Array(Type.Object(DaySpan), { description: 'Free and still bookable (after the notice period)' }),
});

export const RoomAvailability = Type.Object({
  roomId: Type.Integer(),
  name: Type.String(),
  kind: Type.String(),
  capacity: Nullable(Type.Integer()),
  requiresApproval: Type.Boolean(),
  days: Type.Array(AvailabilityDay),
});

export const CenterAvailabilityReply = Type.Object({
  serviceCenterId: Type.Integer(),
  from: Day,
  to: Day,
  rooms: Type.Array(RoomAvailability),
});

export const Suspension = Type.Object({
  id: Type.Integer(),
  serviceCenterId: Type.Integer(),
  user: Nullable(Type.Object({ id: Type.Integer(), displayName: Type.String() }, { description: 'Suspended for personal bookings' })),
  team: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() }, { description: 'Suspended for team bookings' })),
  startsAt: Instant,
  endsAt: Instant,
  noShows: Type.Integer(),
  allowedActions: Type.Array(Type.Literal('lift')),
});

export const SuspensionsReply = Type.Object({ items: Type.Array(Suspension) });

export const SuspensionParams = Type.Object({ centerId: Id(), id: Id() });
