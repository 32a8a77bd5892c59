import { Type, type Static } from 'typebox';
import { TICKET_SOURCES, TICKET_STATUSES } from '../../../db/schema/services.js';
import { Day, Id, Instant, Int, Limit, Nullable, Offset, RequiredText, Text } from '../../../platform/schema.js';

/** Request and reply shapes of the hall's queue 排队叫号, its display screen and the ratings 好差评. */

const TicketStatus = Type.Enum(TICKET_STATUSES);
const TicketSource = Type.Enum(TICKET_SOURCES);

export const KioskBody = Type.Object(
  { centerId: Id(), itemId: Type.Optional(Id({ description: 'The item to be done; omit for a general ticket any window may call' })) },
  { additionalProperties: false },
);
export type KioskBody = Static<typeof KioskBody>;

export const TakeBody = Type.Object(
  {
    centerId: Id(),
    itemId: Type.Optional(Id()),
    windowId: Type.Optional(Id({ description: 'Staff only: queue for this window' })),
  },
  { additionalProperties: false },
);
export type TakeBody = Static<typeof TakeBody>;

export const CheckInBody = Type.Object(
  {
    appointmentNumber: Type.Optional(Text(40, { minLength: 1, description: 'At the desk (services.serve): the appointment number Y20260302…' })),
    appointmentId: Type.Optional(Id({ description: 'The resident themself: their own appointment' })),
  },
  { additionalProperties: false },
);
export type CheckInBody = Static<typeof CheckInBody>;

export const WindowParams = Type.Object({ windowId: Id() });
export const TokenParams = Type.Object({ token: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) });
export const CenterParams = Type.Object({ centerId: Id() });

export const TransferBody = Type.Object({ windowId: Id({ description: 'The window to send the ticket to' }) }, { additionalProperties: false });
export type TransferBody = Static<typeof TransferBody>;

export const Ticket = Type.Object({
  id: Id(),
  serviceCenterId: Id(),
  centerName: Type.String(),
  day: Day(),
  number: Type.String(),
  itemId: Nullable(Id()),
  itemName: Nullable(Type.String()),
  windowId: Nullable(Id()),
  windowNumber: Nullable(Type.Integer()),
  windowName: Nullable(Type.String()),
  appointmentId: Nullable(Id()),
  source: TicketSource,
  status: TicketStatus,
  queuedAt: Instant(),
  takenAt: Instant(),
  calledAt: Nullable(Instant()),
  callCount: Type.Integer(),
  servingAt: Nullable(Instant()),
  doneAt: Nullable(Instant()),
  transferredFromWindowId: Nullable(Id()),
});
export type Ticket = Static<typeof Ticket>;

/** A ticket as its holder sees it (with the secret link token). */
export const HeldTicket = Type.Intersect([
  Ticket,
  Type.Object({
    token: Type.String(),
    link: Type.String({ description: 'The phone page of the ticket' }),
    ahead: Type.Integer({ description: 'Waiting tickets that will be called before this one (0 when not waiting)' }),
    estimatedWaitMinutes: Nullable(Type.Integer()),
    rating: Nullable(
      Type.Object({ id: Id(), level: Type.Integer(), reason: Nullable(Type.String()), answer: Nullable(Type.String()), answeredAt: Nullable(Instant()), createdAt: Instant() }),
    ),
  }),
]);
export type HeldTicket = Static<typeof HeldTicket>;
export const HeldTicketList = Type.Object({ items: Type.Array(HeldTicket) });

export const DeskQuery = Type.Object({ centerId: Id(), windowId: Type.Optional(Id({ description: 'My window: its queue first' })) }, { additionalProperties: false });
export type DeskQuery = Static<typeof DeskQuery>;

export const DeskTicket = Type.Intersect([
  Ticket,
  Type.Object({
    holderName: Nullable(Type.String({ description: 'Masked' })),
    appointmentNumber: Nullable(Type.String()),
    mine: Type.Boolean({ description: 'The given window can call it' }),
  }),
]);
export const DeskWindow = Type.Object({ id: Id(), number: Type.Integer(), name: Type.String(), ticketPrefix: Type.String(), itemIds: Type.Array(Id()) });
export const DeskReply = Type.Object({
  center: Type.Object({ id: Id(), name: Type.String() }),
  day: Day(),
  windows: Type.Array(DeskWindow),
  items: Type.Array(Type.Object({ id: Id(), name: Type.String() })),
  tickets: Type.Array(DeskTicket),
  counts: Type.Object({ waiting: Type.Integer(), called: Type.Integer(), serving: Type.Integer(), done: Type.Integer(), noShow: Type.Integer() }),
});

export const DisplayCall = Type.Object({ number: Type.String(), windowNumber: Type.Integer(), windowName: Type.String(), status: TicketStatus, calledAt: Instant(), callCount: Type.Integer() });
export const DisplayReply = Type.Object({
  center: Type.Object({ id: Id(), name: Type.String() }),
  day: Day(),
  /** The latest call of each window (called or serving now). */
  current: Type.Array(DisplayCall),
  /** The last calls, newest first. */
  recent: Type.Array(DisplayCall),
  waiting: Type.Array(Type.Object({ windowNumber: Nullable(Type.Integer()), count: Type.Integer() })),
  waitingTotal: Type.Integer(),
  /** Kiosk: the items one can take a ticket for. */
  items: Type.Array(Type.Object({ id: Id(), name: Type.String(), category: Type.String(), prefix: Type.String() })),
  open: Type.Boolean({ description: 'The hall is open now' }),
});
export type DisplayReply = Static<typeof DisplayReply>;
export const StreamReply = Type.String({ description: 'text/event-stream: `snapshot` events with the display, `call` events with one call' });

export const RateBody = Type.Object(
  {
    token: Type.Optional(TokenParams.properties.token),
    ticketId: Type.Optional(Id({ description: 'Signed in: my ticket' })),
    level: Int(1, 5, { description: '5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意' }),
    reason: Type.Optional(Text(500, { description: 'Required for levels 1 and 2' })),
  },
  { additionalProperties: false },
);
export type RateBody = Static<typeof RateBody>;
export const AnswerBody = Type.Object({ answer: RequiredText(500) }, { additionalProperties: false });
export type AnswerBody = Static<typeof AnswerBody>;

export const Rating = Type.Object({
  id: Id(),
  ticketId: Id(),
  ticketNumber: Type.String(),
  day: Day(),
  serviceCenterId: Id(),
  centerName: Type.String(),
  itemId: Nullable(Id()),
  itemName: Nullable(Type.String()),
  windowId: Nullable(Id()),
  windowNumber: Nullable(Type.Integer()),
  staffName: Nullable(Type.String()),
  raterName: Nullable(Type.String({ description: 'Masked' })),
  level: Type.Integer(),
  reason: Nullable(Type.String()),
  answer: Nullable(Type.String()),
  answeredByName: Nullable(Type.String()),
  answeredAt: Nullable(Instant()),
  createdAt: Instant(),
  needsAnswer: Type.Boolean(),
});
export type Rating = Static<typeof Rating>;
export const RatingQuery = Type.Object(
  {
    centerId: Type.Optional(Id()),
    level: Type.Optional(Int(1, 5)),
    bad: Type.Optional(Type.Boolean({ description: 'Only levels 1 and 2' })),
    unanswered: Type.Optional(Type.Boolean()),
    from: Type.Optional(Day()),
    to: Type.Optional(Day()),
    limit: Limit(200, 50),
    offset: Offset(),
  },
  { additionalProperties: false },
);
export type RatingQuery = Static<typeof RatingQuery>;
export const RatingList = Type.Object({
  items: Type.Array(Rating),
  total: Type.Integer(),
  unansweredBad: Type.Integer(),
  levels: Type.Array(Type.Object({ level: Type.Integer(), count: Type.Integer() })),
});

export const WaitsQuery = Type.Object({ centerId: Id(), from: Day(), to: Day() }, { additionalProperties: false });
export type WaitsQuery = Static<typeof WaitsQuery>;
const WaitFigures = {
  tickets: Type.Integer({ description: 'Tickets called' }),
  avgWaitMinutes: Nullable(Type.Number()),
  p90WaitMinutes: Nullable(Type.Number()),
  avgServiceMinutes: Nullable(Type.Number()),
};
export const WaitsReply = Type.Object({
  centerId: Id(),
  from: Day(),
  to: Day(),
  total: Type.Object(WaitFigures),
  byItem: Type.Array(Type.Object({ itemId: Nullable(Id()), itemName: Nullable(Type.String()), ...WaitFigures })),
  byHour: Type.Array(Type.Object({ hour: Type.Integer({ minimum: 0, maximum: 23 }), ...WaitFigures })),
});

export const TicketQr = Type.Object({ url: Type.String(), svg: Type.String({ description: 'SVG of the QR code' }) });
