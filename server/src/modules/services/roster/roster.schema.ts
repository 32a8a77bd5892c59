import { Type, type Static } from 'typebox';
import { Day, Id, Instant, Nullable, RequiredText, Text } from '../../../platform/schema.js';
import { SWAP_STATUSES } from '../../../db/schema/services.js';

const Clock = (description: string) => Type.String({ pattern: '^\\d{2}:\\d{2}$', maxLength: 5, description });
const Gap = Type.Object({ from: Type.String(), to: Type.String() });

export const CenterRangeQuery = Type.Object({ centerId: Id(), from: Day(), to: Day() });
export type CenterRangeQuery = Static<typeof CenterRangeQuery>;
export const CenterQuery = Type.Object({ centerId: Id() });

export const Shift = Type.Object({
  id: Id(),
  serviceCenterId: Id(),
  day: Type.String(),
  starts: Type.String(),
  ends: Type.String(),
  userId: Id(),
  name: Type.String(),
  duty: Type.String(),
  pendingSwapId: Nullable(Id()),
});

export const RosterDay = Type.Object({
  date: Type.String(),
  open: Type.Boolean(),
  holiday: Nullable(Type.String()),
  hours: Type.Array(Gap),
  gaps: Type.Array(Gap),
});

export const RosterView = Type.Object({
  serviceCenterId: Id(),
  centerName: Type.String(),
  hasHallHours: Type.Boolean(),
  days: Type.Array(RosterDay),
  shifts: Type.Array(Shift),
});

export const ShiftBody = Type.Object({
  centerId: Id(),
  day: Day(),
  starts: Clock('HH:MM'),
  ends: Clock('HH:MM'),
  userId: Id(),
  duty: Type.Optional(Text(40)),
});
export type ShiftBody = Static<typeof ShiftBody>;

export const ShiftPatch = Type.Object({
  day: Type.Optional(Day()),
  starts: Type.Optional(Clock('HH:MM')),
  ends: Type.Optional(Clock('HH:MM')),
  userId: Type.Optional(Id()),
  duty: Type.Optional(Text(40)),
}, { minProperties: 1 });
export type ShiftPatch = Static<typeof ShiftPatch>;

export const FillBody = Type.Object({
  centerId: Id(),
  from: Day(),
  to: Day(),
  userIds: Type.Array(Id(), { minItems: 1, maxItems: 50, uniqueItems: true }),
  duty: Type.Optional(Text(40)),
  /** false (default): only the preview; true: write the shifts. */
  apply: Type.Optional(Type.Boolean()),
});
export type FillBody = Static<typeof FillBody>;

export const FillResult = Type.Object({
  applied: Type.Boolean(),
  created: Type.Integer(),
  skippedClosed: Type.Array(Type.String()),
  shifts: Type.Array(Type.Object({ day: Type.String(), starts: Type.String(), ends: Type.String(), userId: Id(), name: Type.String(), exists: Type.Boolean() })),
});

export const Colleague = Type.Object({ userId: Id(), name: Type.String() });
export const ColleagueList = Type.Object({ items: Type.Array(Colleague) });

export const SwapBody = Type.Object({ shiftId: Id(), toUserId: Id(), reason: RequiredText(200) });
export type SwapBody = Static<typeof SwapBody>;
export const DecideBody = Type.Object({ approve: Type.Boolean(), note: Type.Optional(Text(200)) });
export type DecideBody = Static<typeof DecideBody>;
export const SwapQuery = Type.Object({ centerId: Id(), status: Type.Optional(Type.Enum(SWAP_STATUSES)) });
export type SwapQuery = Static<typeof SwapQuery>;

export const Swap = Type.Object({
  id: Id(),
  shiftId: Id(),
  day: Type.String(),
  starts: Type.String(),
  ends: Type.String(),
  fromUserId: Id(),
  fromName: Type.String(),
  toUserId: Id(),
  toName: Type.String(),
  reason: Type.String(),
  status: Type.String(),
  decidedBy: Nullable(Id()),
  decidedAt: Nullable(Instant()),
  decisionNote: Nullable(Type.String()),
  createdAt: Instant(),
});
export const SwapList = Type.Object({ items: Type.Array(Swap) });

export const GapReport = Type.Object({ serviceCenterId: Id(), day: Type.String(), gaps: Type.Array(Gap), reportedAt: Instant() });
export const GapList = Type.Object({ items: Type.Array(GapReport) });

export const DutyPerson = Type.Object({
  name: Type.String(),
  duty: Type.String(),
  starts: Type.String(),
  ends: Type.String(),
  /** Masked on the public read, whole for a signed-in resident the center serves. */
  mobile: Nullable(Type.String()),
});
export const DutyToday = Type.Object({
  serviceCenterId: Id(),
  centerName: Type.String(),
  kind: Type.String(),
  day: Type.String(),
  open: Type.Boolean(),
  holiday: Nullable(Type.String()),
  centerPhone: Nullable(Type.String()),
  /** What the call button dials: the center's phone, else (signed-in residents only) the person's work mobile. */
  callNumber: Nullable(Type.String()),
  people: Type.Array(DutyPerson),
});
export const DutyTodayList = Type.Object({ items: Type.Array(DutyToday) });
