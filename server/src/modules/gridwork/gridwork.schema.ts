import { Type, type Static } from 'typebox';
import { VISIT_MODES, WORK_KINDS } from '../../db/schema/gridwork.js';
import { PLACE_DUTIES } from '../../db/schema/registry.js';
import { Day, Id, Instant, Int, Limit, Nullable, Num, Offset, RequiredText, Text } from '../../platform/schema.js';

const PhotoIds = Type.Array(Type.String({ format: 'uuid' }), { maxItems: 9, description: 'File ids from POST /api/v1/files, at most 9' });
const At = Type.String({ format: 'date-time' });

export const LogBody = Type.Object(
  {
    kind: Type.Enum(WORK_KINDS, { description: 'visit 走访, info_collection 信息采集, hazard_check 隐患排查, dispute_mediation 矛盾调解, policy_publicity 政策宣传, errand 代办, patrol 巡查' }),
    mode: Type.Optional(Type.Enum(VISIT_MODES, { description: 'Visits only: home 入户, phone 电话, hospital 医院' })),
    nodeId: Type.Optional(Id({ description: 'Where: a unit, building or grid; default the household’s node' })),
    householdId: Type.Optional(Id({ description: 'The household visited or served' })),
    personIds: Type.Optional(Type.Array(Id(), { maxItems: 20, description: 'Who was met (visit) or served (errand)' })),
    lng: Type.Optional(Num(-180, 180, { description: 'Longitude, WGS-84' })),
    lat: Type.Optional(Num(-90, 90, { description: 'Latitude, WGS-84' })),
    note: Type.Optional(Text(2000)),
    photoIds: Type.Optional(PhotoIds),
    occurredAt: Type.Optional(Instant({ description: 'When it happened (default now; at most 30 days back)' })),
    request: Type.Optional(
      Type.Object(
        {
          content: RequiredText(2000, { description: 'The finding as a request (patrol only): filed with channel patrol at the point' }),
          categoryId: Type.Optional(Id()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type LogBody = Static<typeof LogBody>;

const Named = Type.Object({ id: Type.Integer(), name: Type.String() });

export const WorkLog = Type.Object({
  id: Type.Integer(),
  kind: Type.Enum(WORK_KINDS),
  mode: Nullable(Type.Enum(VISIT_MODES)),
  node: Named,
  gridId: Nullable(Type.Integer()),
  communityId: Nullable(Type.Integer()),
  householdId: Nullable(Type.Integer()),
  persons: Type.Array(Named),
  lng: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  note: Type.String(),
  photoIds: Type.Array(Type.String()),
  request: Nullable(Type.Object({ id: Type.Integer(), number: Type.String() })),
  occurredAt: At,
  author: Named,
  createdAt: At,
});
export type WorkLog = Static<typeof WorkLog>;

export const LogListQuery = Type.Object(
  {
    nodeId: Type.Optional(Id({ description: 'Entries in this node’s subtree (default: everything the caller may read)' })),
    kind: Type.Optional(Type.Enum(WORK_KINDS)),
    authorId: Type.Optional(Id()),
    from: Type.Optional(Day()),
    to: Type.Optional(Day()),
    limit: Limit(100, 20),
    offset: Offset(),
  },
  { additionalProperties: false },
);
export type LogListQuery = Static<typeof LogListQuery>;

export const LogList = Type.Object({ items: Type.Array(WorkLog), total: Type.Integer() });

export const TimelineItem = Type.Object({
  kind: Type.Union([Type.Literal('work_log'), Type.Literal('request')]),
  at: At,
  log: Nullable(WorkLog),
  request: Nullable(Type.Object({ id: Type.Integer(), number: Type.String(), title: Type.String(), status: Type.String(), channel: Type.String() })),
});
export const Timeline = Type.Object({ householdId: Type.Integer(), items: Type.Array(TimelineItem) });

export const DueQuery = Type.Object(
  {
    lng: Type.Optional(Num(-180, 180)),
    lat: Type.Optional(Num(-90, 90)),
    includeSoon: Type.Optional(Type.Boolean({ default: true, description: 'Also people due within 3 days' })),
    limit: Limit(500, 200),
  },
  { additionalProperties: false },
);
export type DueQuery = Static<typeof DueQuery>;

export const DUE_STATUSES = ['overdue', 'due', 'due_soon', 'planned'] as const;
export const DueItem = Type.Object({
  personId: Type.Integer(),
  name: Type.String(),
  householdId: Type.Integer(),
  place: Type.String({ description: 'Building and unit names' }),
  gridId: Nullable(Type.Integer()),
  tags: Type.Array(Type.Object({ code: Type.String(), name: Type.String() }), { description: 'Tags with a visit rule the caller may see' }),
  intervalDays: Type.Integer(),
  lastVisitAt: Nullable(At),
  dueOn: Type.String({ format: 'date' }),
  status: Type.Enum(DUE_STATUSES),
  overdueDays: Type.Integer(),
  lng: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  distanceM: Nullable(Type.Number()),
});
export const DueList = Type.Object({ today: Type.String({ format: 'date' }), items: Type.Array(DueItem) });

export const PeriodQuery = Type.Object(
  {
    nodeId: Id({ description: 'A community (or any node): its grids and workers' }),
    from: Type.Optional(Day({ description: 'Default: 30 days before to' })),
    to: Type.Optional(Day({ description: 'Default: today' })),
  },
  { additionalProperties: false },
);
export type PeriodQuery = Static<typeof PeriodQuery>;

const Cover = { due: Type.Integer(), onTime: Type.Integer(), rate: Nullable(Type.Number({ description: 'onTime / due, 0..1; null when nothing was due' })) };
export const Coverage = Type.Object({
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  total: Type.Object(Cover),
  grids: Type.Array(Type.Object({ gridId: Type.Integer(), name: Type.String(), people: Type.Integer(), ...Cover })),
  workers: Type.Array(Type.Object({ userId: Type.Integer(), name: Type.String(), gridIds: Type.Array(Type.Integer()), ...Cover })),
});

const KindCounts = Type.Record(Type.String(), Type.Integer(), { description: 'Entries by kind' });
export const WorkStats = Type.Object({
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  total: KindCounts,
  grids: Type.Array(Type.Object({ gridId: Nullable(Type.Integer()), name: Type.String(), counts: KindCounts })),
  workers: Type.Array(Type.Object({ userId: Type.Integer(), name: Type.String(), counts: KindCounts })),
});

export const RuleQuery = Type.Object({ nodeId: Id() }, { additionalProperties: false });
export const RuleBody = Type.Object(
  {
    nodeId: Id({ description: 'The node the rule is set at (its subtree)' }),
    tagId: Id(),
    intervalDays: Int(1, 366),
    overdueNoticeDays: Int(0, 366),
  },
  { additionalProperties: false },
);
export type RuleBody = Static<typeof RuleBody>;
export const Rule = Type.Object({
  id: Type.Integer(),
  node: Named,
  tag: Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), nameEn: Type.String() }),
  intervalDays: Type.Integer(),
  overdueNoticeDays: Type.Integer(),
  inherited: Type.Boolean({ description: 'Set at an ancestor of the node asked about' }),
  updatedAt: At,
});
export const RuleList = Type.Object({
  items: Type.Array(Rule, { description: 'The rule in force at the node for each tag (nearest node wins)' }),
  tags: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), nameEn: Type.String() }), { description: 'Tags usable at the node' }),
});

export const AssignmentQuery = Type.Object(
  {
    nodeId: Id({ description: 'Assignments at this node and below' }),
    duty: Type.Optional(Type.Enum(PLACE_DUTIES)),
    includeEnded: Type.Optional(Type.Boolean({ default: false })),
    limit: Limit(200, 100),
    offset: Offset(),
  },
  { additionalProperties: false },
);
export type AssignmentQuery = Static<typeof AssignmentQuery>;
export const AssignBody = Type.Object(
  {
    nodeId: Id({ description: 'grid_worker: a grid; building_leader: a building; unit_leader: a unit; household_leader: a building or unit' }),
    duty: Type.Enum(PLACE_DUTIES),
    userId: Id(),
    householdIds: Type.Optional(Type.Array(Id(), { maxItems: 50, description: '联户长 only: the households linked' })),
    note: Type.Optional(Text(500)),
  },
  { additionalProperties: false },
);
export type AssignBody = Static<typeof AssignBody>;
export const EndBody = Type.Object({ note: Type.Optional(Text(500)) }, { additionalProperties: false });
export const Assignment = Type.Object({
  id: Type.Integer(),
  node: Named,
  duty: Type.Enum(PLACE_DUTIES),
  user: Named,
  householdIds: Type.Array(Type.Integer()),
  startedAt: At,
  endedAt: Nullable(At),
  note: Nullable(Type.String()),
  roleGranted: Type.Boolean({ description: 'The matching role was granted at the node with this assignment' }),
});
export const AssignmentList = Type.Object({ items: Type.Array(Assignment), total: Type.Integer() });

export const SearchQuery = Type.Object(
  { q: RequiredText(50, { description: 'Name, pinyin, initials, or door' }), limit: Limit(50, 20) },
  { additionalProperties: false },
);
export const SearchReply = Type.Object({
  items: Type.Array(
    Type.Object({
      householdId: Type.Integer(),
      place: Type.String(),
      door: Nullable(Type.String()),
      persons: Type.Array(Named),
      lng: Nullable(Type.Number()),
      lat: Nullable(Type.Number()),
    }),
  ),
});
