import { Type, type Static } from 'typebox';
import { APPOINTMENT_STATUSES } from '../../../db/schema/services.js';
import { Day, Id, Instant, Int, Limit, Nullable, Offset, RequiredText, Text } from '../../../platform/schema.js';

// ─── Windows ────────────────────────────────────────────────────────────────────────────────────────────────────

const SlotSettings = {
  acceptsAppointments: Type.Optional(Type.Boolean()),
  slotMinutes: Type.Optional(Int(5, 240, { description: 'Length of a slot in minutes' })),
  slotCapacity: Type.Optional(Int(1, 100, { description: 'People per slot (party sizes add up)' })),
  maxPartySize: Type.Optional(Int(1, 100, { description: 'At most this many people per appointment (≤ slot capacity)' })),
  maxAdvanceDays: Type.Optional(Int(1, 90, { description: 'Bookable this many days ahead' })),
  minNoticeMinutes: Type.Optional(Int(0, 10_080, { description: 'Bookable until this long before the start' })),
  cancelNoticeMinutes: Type.Optional(Int(0, 10_080, { description: 'A booker may cancel until this long before the start' })),
  noShowMinutes: Type.Optional(Int(1, 240, { description: 'Not checked in this long after the start → no-show' })),
  itemIds: Type.Optional(Type.Array(Id(), { maxItems: 100, description: 'The items the window handles (replaces them)' })),
  staffIds: Type.Optional(Type.Array(Id(), { maxItems: 50, description: 'Staff who sit at the window (replaces them)' })),
};

export const CreateWindowBody = Type.Object(
  {
    centerId: Id(),
    number: Int(1, 99),
    name: RequiredText(40),
    ticketPrefix: Type.Optional(Type.String({ pattern: '^[A-Z]$', maxLength: 1, description: 'Letter of its walk-in tickets' })),
    ...SlotSettings,
  },
  { additionalProperties: false },
);
export type CreateWindowBody = Static<typeof CreateWindowBody>;

export const PatchWindowBody = Type.Object(
  {
    number: Type.Optional(Int(1, 99)),
    name: Type.Optional(RequiredText(40)),
    ticketPrefix: Type.Optional(Type.String({ pattern: '^[A-Z]$', maxLength: 1 })),
    active: Type.Optional(Type.Boolean()),
    ...SlotSettings,
  },
  { additionalProperties: false, minProperties: 1 },
);
export type PatchWindowBody = Static<typeof PatchWindowBody>;

export const WindowsQuery = Type.Object({ centerId: Id(), itemId: Type.Optional(Id({ description: 'Only windows handling this item' })) }, { additionalProperties: false });
export type WindowsQuery = Static<typeof WindowsQuery>;

export const WindowItem = Type.Object({
  id: Id(),
  centerId: Id(),
  number: Int(1, 99),
  name: Type.String(),
  ticketPrefix: Type.String(),
  acceptsAppointments: Type.Boolean(),
  slotMinutes: Type.Integer(),
  slotCapacity: Type.Integer(),
  maxPartySize: Type.Integer(),
  maxAdvanceDays: Type.Integer(),
  minNoticeMinutes: Type.Integer(),
  cancelNoticeMinutes: Type.Integer(),
  noShowMinutes: Type.Integer(),
  active: Type.Boolean(),
  items: Type.Array(Type.Object({ id: Id(), name: Type.String() })),
  /** Shown to staff of the center (services.read) only; empty for others. */
  staff: Type.Array(Type.Object({ id: Id(), name: Type.String() })),
});
export const WindowList = Type.Object({ items: Type.Array(WindowItem) });
export const WindowOptions = Type.Object({
  items: Type.Array(Type.Object({ id: Id(), name: Type.String(), category: Type.String(), byAppointment: Type.Boolean() })),
  staff: Type.Array(Type.Object({ id: Id(), name: Type.String() })),
});

// ─── Slots ──────────────────────────────────────────────────────────────────────────────────────────────────────

export const SlotsQuery = Type.Object(
  {
    windowId: Type.Optional(Id()),
    itemId: Type.Optional(Id({ description: 'With centerId: the slots of every window of the center handling the item' })),
    centerId: Type.Optional(Id()),
    from: Day(),
    to: Day({ description: 'At most 62 days after from' }),
  },
  { additionalProperties: false },
);
export type SlotsQuery = Static<typeof SlotsQuery>;

export const SlotItem = Type.Object({
  startsAt: Instant(),
  endsAt: Instant(),
  capacity: Type.Integer(),
  taken: Type.Integer(),
  free: Type.Integer({ description: 'Free seats over the windows' }),
  maxParty: Type.Integer({ description: 'The largest party one window can still seat' }),
  bookable: Type.Boolean({ description: 'Inside min notice and max advance days' }),
});
export const SlotDays = Type.Object({
  centerId: Id(),
  windowIds: Type.Array(Id()),
  maxPartySize: Type.Integer(),
  days: Type.Array(
    Type.Object({
      date: Day(),
      open: Type.Boolean(),
      holiday: Nullable(Type.String()),
      makeupWorkday: Type.Boolean({ description: '调休上班: a weekend day opened with weekday hours' }),
      slots: Type.Array(SlotItem),
    }),
  ),
});

// ─── Appointments ───────────────────────────────────────────────────────────────────────────────────────────────

export const BookBody = Type.Object(
  {
    windowId: Type.Optional(Id()),
    centerId: Type.Optional(Id({ description: 'With itemId and no windowId: a window handling the item with free seats is chosen' })),
    itemId: Id(),
    startsAt: Instant(),
    partySize: Type.Optional(Int(1, 20)),
    name: Type.Optional(RequiredText(40, { description: 'Staff booking for a caller (services.serve): their name' })),
    phone: Type.Optional(Type.String({ pattern: '^1\\d{10}$|^0\\d{2,3}-?\\d{7,8}$', maxLength: 16 })),
    note: Type.Optional(Text(200)),
    waitlist: Type.Optional(Type.Boolean({ description: 'When the slot is full, join its waiting list instead of 409' })),
  },
  { additionalProperties: false },
);
export type BookBody = Static<typeof BookBody>;

export const CancelBody = Type.Object({ reason: Type.Optional(Text(200)) }, { additionalProperties: false });
export type CancelBody = Static<typeof CancelBody>;

export const RescheduleBody = Type.Object(
  { startsAt: Instant(), windowId: Type.Optional(Id({ description: 'Another window of the center handling the item' })) },
  { additionalProperties: false },
);
export type RescheduleBody = Static<typeof RescheduleBody>;

export const AppointmentItem = Type.Object({
  id: Id(),
  number: Type.String(),
  status: Type.Enum(APPOINTMENT_STATUSES),
  centerId: Id(),
  centerName: Type.String(),
  windowId: Id(),
  windowNumber: Type.Integer(),
  windowName: Type.String(),
  itemId: Id(),
  itemName: Type.String(),
  name: Type.String({ description: 'Masked in lists for staff' }),
  phone: Nullable(Type.String({ description: 'Masked except in the detail for its owner and staff who serve' })),
  partySize: Type.Integer(),
  startsAt: Instant(),
  endsAt: Instant(),
  note: Type.String(),
  /** Position on the waiting list (1 = next), for waiting ones. */
  waitingPosition: Nullable(Type.Integer()),
  rescheduledFromId: Nullable(Id()),
  cancelReason: Nullable(Type.String()),
  byStaff: Type.Boolean(),
  canCancel: Type.Boolean(),
  createdAt: Instant(),
});
export const AppointmentList = Type.Object({ items: Type.Array(AppointmentItem), total: Type.Integer() });

export const MineQuery = Type.Object({ upcoming: Type.Optional(Type.Boolean()), limit: Limit(100, 30), offset: Offset() }, { additionalProperties: false });
export type MineQuery = Static<typeof MineQuery>;

export const CenterListQuery = Type.Object(
  { centerId: Id(), day: Day(), status: Type.Optional(Type.Enum(APPOINTMENT_STATUSES)), windowId: Type.Optional(Id()), limit: Limit(500, 200), offset: Offset() },
  { additionalProperties: false },
);
export type CenterListQuery = Static<typeof CenterListQuery>;
