import { Type, type Static } from 'typebox';
import { ClockTime, Day, Nullable, TimeSpan, Weekday } from './common.schema.js';
import { Id } from '../../platform/schema.js';

export const HolidayMode = Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('sunday')], {
  description: 'On public holidays: open as the weekday rules say, closed, or open with Sunday hours',
});
export const SchedulePurpose = Type.Union([Type.Literal('hall'), Type.Literal('rooms')], {
  description: 'hall: the one-stop service hall 服务大厅 (shown to residents, not booked); rooms: hours rooms share',
});
export const ExceptionKind = Type.Union([Type.Literal('closed'), Type.Literal('open'), Type.Literal('extended')], {
  description: 'closed: closed all day (or between opens and closes); open: these hours replace the day’s; extended: added',
});

export const HoursRule = Type.Object(
  {
    weekdays: Type.Array(Weekday, { minItems: 1, maxItems: 7, uniqueItems: true }),
    opens: ClockTime,
    closes: ClockTime,
    validFrom: Type.Optional(Nullable(Day)),
    validTo: Type.Optional(Nullable(Day)),
  },
  { additionalProperties: false },
);
export type HoursRuleBody = Static<typeof HoursRule>;

export const HoursException = Type.Object({
  id: Type.Integer(),
  scheduleId: Type.Integer(),
  roomId: Nullable(Type.Integer({ description: 'Only this room; null for every room on the schedule' })),
  dateFrom: Day,
  dateTo: Day,
  kind: ExceptionKind,
  opens: Nullable(ClockTime),
  closes: Nullable(ClockTime),
  note: Nullable(Type.String()),
});

export const Schedule = Type.Object({
  id: Type.Integer(),
  serviceCenterId: Type.Integer(),
  name: Type.String(),
  purpose: SchedulePurpose,
  holidayMode: HolidayMode,
  roomCount: Type.Integer(),
  rules: Type.Array(HoursRule),
  exceptions: Type.Array(HoursException, { description: 'Exceptions ending today or later' }),
  allowedActions: Type.Array(Type.Literal('manage')),
});

export const SchedulesReply = Type.Object({ items: Type.Array(Schedule) });

export const CreateScheduleBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60 }),
    purpose: SchedulePurpose,
    holidayMode: Type.Optional(HolidayMode),
    rules: Type.Optional(Type.Array(HoursRule, { maxItems: 100 })),
  },
  { additionalProperties: false },
);
export type CreateScheduleBody = Static<typeof CreateScheduleBody>;

export const PatchScheduleBody = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })), holidayMode: Type.Optional(HolidayMode) },
  { additionalProperties: false, minProperties: 1 },
);
export type PatchScheduleBody = Static<typeof PatchScheduleBody>;

export const PutRulesBody = Type.Object({ rules: Type.Array(HoursRule, { maxItems: 100 }) }, { additionalProperties: false });
export type PutRulesBody = Static<typeof PutRulesBody>;

export const CreateExceptionBody = Type.Object(
  {
    dateFrom: Day,
    dateTo: Type.Optional(Day),
    kind: ExceptionKind,
    opens: Type.Optional(Nullable(ClockTime)),
    closes: Type.Optional(Nullable(ClockTime)),
    roomId: Type.Optional(Nullable(Id())),
    note: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  },
  { additionalProperties: false },
);
export type CreateExceptionBody = Static<typeof CreateExceptionBody>;

export const ExceptionParams = Type.Object({ id: Id(), exceptionId: Id() });

export const ResolvedDay = Type.Object({
  date: Day,
  weekday: Weekday,
  open: Type.Boolean(),
  hours: Type.Array(TimeSpan, { description: 'Open stretches of the day, in order' }),
  ruleSet: Nullable(Type.Object({ validFrom: Nullable(Day), validTo: Nullable(Day) }, { description: 'The rule set in force' })),
  holiday: Nullable(Type.Object({ name: Nullable(Type.String()) }, { description: 'A public holiday or local rest day' })),
  holidayKnown: Type.Boolean({ description: 'false when the official calendar has no data for the year' }),
  exceptions: Type.Array(
    Type.Object({ id: Type.Integer(), kind: ExceptionKind, roomId: Nullable(Type.Integer()), note: Nullable(Type.String()) }),
  ),
});

export const ScheduleDays = Type.Object({
  scheduleId: Type.Integer(),
  name: Type.String(),
  purpose: SchedulePurpose,
  holidayMode: HolidayMode,
  days: Type.Array(ResolvedDay),
});

export const CenterHoursReply = Type.Object({
  serviceCenterId: Type.Integer(),
  schedules: Type.Array(ScheduleDays),
  rooms: Type.Array(
    Type.Object({ roomId: Type.Integer(), name: Type.String(), scheduleId: Type.Integer(), days: Type.Array(ResolvedDay) }),
  ),
});

export const RoomHoursReply = Type.Object({ roomId: Type.Integer(), scheduleId: Type.Integer(), days: Type.Array(ResolvedDay) });
