import { Type, type Static } from 'typebox';
import { Id } from '../../platform/schema.js';

const Day = Type.String({ format: 'date', description: 'A date, YYYY-MM-DD (China time)', examples: ['2026-10-08'] });
const Instant = Type.String({
  format: 'date-time',
  description: 'An instant with its offset, e.g. 2026-09-30T16:00:00+08:00 (write + as %2B in a query string)',
});
const NodeId = Id({ description: 'Org node id' });

export const DayReason = Type.Union(
  [
    Type.Literal('weekday'),
    Type.Literal('weekend'),
    Type.Literal('holiday'),
    Type.Literal('makeup_workday'),
    Type.Literal('local_rest'),
    Type.Literal('local_work'),
  ],
  { description: 'Why the day is or is not a workday' },
);

export const DayItem = Type.Object({
  date: Type.String({ format: 'date' }),
  workday: Type.Boolean(),
  reason: DayReason,
  name: Type.Optional(Type.String({ description: 'Official holiday name, e.g. 春节, 国庆节' })),
  nameEn: Type.Optional(Type.String()),
  note: Type.Optional(Type.String({ description: 'Note of the local override that decided the day' })),
  overrideNodeId: Type.Optional(Type.Integer({ description: 'Node whose local override decided the day' })),
  estimated: Type.Optional(
    Type.Literal(true, { description: "The year's national holiday schedule is not entered yet: counted Monday to Friday, may change" }),
  ),
});

export const DaysQuery = Type.Object({
  nodeId: NodeId,
  from: Day,
  to: Type.String({ format: 'date', description: 'Last date included; the range is at most 366 days' }),
});
export type DaysQuery = Static<typeof DaysQuery>;

export const DaysReply = Type.Object({ items: Type.Array(DayItem) });

export const OverrideKind = Type.Union([Type.Literal('rest'), Type.Literal('work')], {
  description: 'rest: a local rest day; work: a local workday',
});

export const OverrideItem = Type.Object({
  id: Type.Integer(),
  day: Type.String({ format: 'date' }),
  kind: OverrideKind,
  note: Type.Union([Type.String(), Type.Null()]),
  node: Type.Object({ id: Type.Integer(), name: Type.String(), kind: Type.String() }, { description: 'Where it was set' }),
  inherited: Type.Boolean({ description: 'Set at an ancestor of the requested node' }),
  effective: Type.Boolean({ description: 'false when an override nearer to the node decides the same day' }),
  createdAt: Type.String({ format: 'date-time' }),
  actions: Type.Object({ delete: Type.Boolean() }),
});

export const OverridesQuery = Type.Object({
  nodeId: NodeId,
  from: Type.Optional(Day),
  to: Type.Optional(Day),
});
export type OverridesQuery = Static<typeof OverridesQuery>;

export const OverridesReply = Type.Object({
  items: Type.Array(OverrideItem),
  actions: Type.Object({ manage: Type.Boolean({ description: 'May set overrides at this node' }) }),
});

export const PutOverrideBody = Type.Object(
  {
    nodeId: NodeId,
    day: Day,
    kind: OverrideKind,
    note: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type PutOverrideBody = Static<typeof PutOverrideBody>;

export const OverrideIdParams = Type.Object({ id: Id() });

export const WorkingTimeQuery = Type.Object({
  nodeId: NodeId,
  start: Instant,
  minutes: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Working minutes to add' }),
});
export type WorkingTimeQuery = Static<typeof WorkingTimeQuery>;

export const WorkingTimeReply = Type.Object({
  deadline: Type.String({ format: 'date-time', description: 'When that much working time has passed' }),
  estimated: Type.Boolean({ description: 'Counted over a day of a year whose national holiday schedule is not entered yet' }),
});

export const WorkingTimeBetweenQuery = Type.Object({ nodeId: NodeId, from: Instant, to: Instant });
export type WorkingTimeBetweenQuery = Static<typeof WorkingTimeBetweenQuery>;

export const WorkingTimeBetweenReply = Type.Object({
  minutes: Type.Number({ description: 'Working minutes from `from` to `to`; negative when `to` is earlier' }),
  estimated: Type.Boolean({ description: 'Counted over a day of a year whose national holiday schedule is not entered yet' }),
});
