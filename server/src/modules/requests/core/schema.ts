import { Type, type Static, type TSchema } from 'typebox';
import { ORG_KINDS } from '../../../db/schema/org.js';
import { CLOSE_REASONS, REQUEST_CHANNELS, REQUEST_PRIORITIES, REQUEST_STATUSES, SATISFACTION } from '../../../db/schema/requests.js';
import { USER_ACTIONS } from '../workflow/transitions.js';

/** Nullable in replies. */
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
/** Nullable inputs as one `type` list: with coercion on, an anyOf would turn null into 0 (see org.schema.ts). */
const NullableInt = (opts: { minimum?: number; maximum?: number; description?: string } = {}) =>
  Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: 1, maximum: 2_147_483_647, ...opts });
const NullableNumber = (opts: { minimum: number; maximum: number; description?: string }) =>
  Type.Unsafe<number | null>({ type: ['number', 'null'], ...opts });
const NullableString = (opts: { maxLength: number; description?: string; minLength?: number }) =>
  Type.Unsafe<string | null>({ type: ['string', 'null'], ...opts });

const Instant = Type.String({ format: 'date-time' });
export const Channel = Type.Enum(REQUEST_CHANNELS);
export const Priority = Type.Enum(REQUEST_PRIORITIES, { description: 'urgent 紧急 / ordinary 一般 / complex 复杂' });
export const Status = Type.Enum(REQUEST_STATUSES);
const PhotoIds = Type.Array(Type.String({ format: 'uuid' }), { maxItems: 9, description: 'File ids from POST /api/v1/files, at most 9' });
const Note = NullableString({ maxLength: 1000, description: 'What was done or why' });

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });

const LocationInput = Type.Object(
  {
    lng: Type.Optional(NullableNumber({ minimum: -180, maximum: 180, description: 'Longitude of the map point' })),
    lat: Type.Optional(NullableNumber({ minimum: -90, maximum: 90, description: 'Latitude of the map point' })),
    buildingNodeId: Type.Optional(NullableInt({ description: 'A building or unit picked from the list' })),
    orgNodeId: Type.Optional(NullableInt({ description: 'A community or grid chosen explicitly (staff)' })),
    address: Type.Optional(NullableString({ maxLength: 200 })),
  },
  { description: 'Where: a building, a node, or a map point (the grid is found from its polygon)' },
);

const submitFields = {
  content: Type.String({ minLength: 1, maxLength: 2000, description: 'What happened, 2–2000 characters' }),
  title: Type.Optional(NullableString({ maxLength: 60 })),
  categoryId: Type.Optional(NullableInt({ description: 'A second-level category' })),
  categoryCode: Type.Optional(NullableString({ maxLength: 40, description: 'Or its code (the Open311 service code)' })),
  priority: Type.Optional(Priority),
  location: Type.Optional(LocationInput),
  photoIds: Type.Optional(PhotoIds),
  reporter: Type.Optional(
    Type.Object(
      { name: Type.Optional(NullableString({ maxLength: 50 })), phone: Type.Optional(NullableString({ maxLength: 20 })) },
      { description: 'The person it is for, when staff file on their behalf (name or phone required for channel staff)' },
    ),
  ),
};

export const SubmitBody = Type.Object(
  {
    channel: Type.Enum(['resident', 'staff', 'patrol', 'building_leader', 'mobile_grid_worker', 'hotline'], {
      default: 'resident',
      description:
        'resident: for yourself; staff: on someone’s behalf; patrol: found on patrol; building_leader / mobile_grid_worker: reported as one; hotline: a 12345 order keyed in',
    }),
    ...submitFields,
    externalRef: Type.Optional(NullableString({ maxLength: 100, description: 'Hotline work-order number' })),
    receivedAt: Type.Optional(
      Type.Unsafe<string | null>({
        type: ['string', 'null'],
        format: 'date-time',
        description: 'When the call came in (not for residents)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type SubmitBody = Static<typeof SubmitBody>;

export const SelfResolveBody = Type.Object(
  {
    ...submitFields,
    photoIds: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 9, description: 'Evidence: at least one photo' }),
    note: Type.String({ minLength: 1, maxLength: 1000, description: 'What was done on the spot' }),
  },
  { additionalProperties: false },
);
export type SelfResolveBody = Static<typeof SelfResolveBody>;

export const NoteBody = Type.Object({ note: Type.Optional(Note), photoIds: Type.Optional(PhotoIds) }, { additionalProperties: false });
export const ClassifyBody = Type.Object(
  {
    note: Type.Optional(Note),
    photoIds: Type.Optional(PhotoIds),
    categoryId: Type.Optional(NullableInt()),
    priority: Type.Optional(Priority),
  },
  { additionalProperties: false },
);
export const DispatchBody = Type.Object(
  {
    assigneeUserId: Type.Optional(NullableInt({ description: 'A grid worker, community staff member or unit handler' })),
    unitNodeId: Type.Optional(NullableInt({ description: 'Or a department / partner unit; its handlers take it' })),
    note: Type.Optional(Note),
    photoIds: Type.Optional(PhotoIds),
    categoryId: Type.Optional(NullableInt()),
    priority: Type.Optional(Priority),
  },
  { additionalProperties: false },
);
export type DispatchBody = Static<typeof DispatchBody>;
export const ReasonBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 1000 }), photoIds: Type.Optional(PhotoIds) },
  { additionalProperties: false },
);
export const TransferBody = Type.Object(
  {
    targetNodeId: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'A unit, or a grid/community/street…' }),
    note: Type.String({ minLength: 1, maxLength: 1000 }),
    photoIds: Type.Optional(PhotoIds),
  },
  { additionalProperties: false },
);
export const MergeBody = Type.Object(
  {
    intoRequestId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    note: Type.Optional(Note),
    photoIds: Type.Optional(PhotoIds),
  },
  { additionalProperties: false },
);
export const ExtensionBody = Type.Object(
  {
    extraWorkingDays: Type.Integer({ minimum: 1, maximum: 60 }),
    reason: Type.String({ minLength: 1, maxLength: 1000 }),
    photoIds: Type.Optional(PhotoIds),
  },
  { additionalProperties: false },
);
export const DecisionBody = Type.Object({ note: Type.Optional(Note) }, { additionalProperties: false });
export const FollowUpBody = Type.Object(
  {
    solved: Type.Boolean({ description: 'Was the problem solved?' }),
    satisfaction: Type.Enum(SATISFACTION, { description: 'satisfied 满意 / basically_satisfied 基本满意 / unsatisfied 不满意' }),
    comment: Type.Optional(NullableString({ maxLength: 500 })),
    photoIds: Type.Optional(PhotoIds),
  },
  { additionalProperties: false },
);
export const ContactBody = Type.Object(
  { reason: Type.String({ minLength: 2, maxLength: 200, description: 'Why you need it (audited)' }) },
  { additionalProperties: false },
);

const Paging = {
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
};
export const ListQuery = Type.Object({ status: Type.Optional(Type.Array(Status, { maxItems: 8 })), ...Paging });
export const INBOX_SORTS = ['received', 'me_too'] as const;
export const InboxQuery = Type.Object({
  nodeId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
  status: Type.Optional(Type.Array(Status, { maxItems: 8 })),
  sort: Type.Optional(
    Type.Enum(INBOX_SORTS, { default: 'received', description: 'received (oldest first) or me_too (most "me too" first, then oldest)' }),
  ),
  ...Paging,
});
export const BoardQuery = Type.Object({ nodeId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })), ...Paging });
export const EscalatedQuery = Type.Object({ includeClosed: Type.Optional(Type.Boolean({ default: false })), ...Paging });
export const RatesQuery = Type.Object({
  nodeId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
  from: Type.String({ maxLength: 7, description: 'First month, YYYY-MM', examples: ['2026-01'] }),
  to: Type.String({ maxLength: 7, description: 'Last month included, YYYY-MM', examples: ['2026-12'] }),
});

const Named = Type.Object({ id: Type.Integer(), name: Type.String() });
const Photo = Type.Object({ id: Type.String(), url: Type.String(), thumbUrl: Type.String() });

export const RequestItem = Type.Object({
  id: Type.Integer(),
  number: Type.String({ description: 'e.g. LX202610090000042' }),
  channel: Channel,
  externalRef: Nullable(Type.String()),
  status: Status,
  priority: Priority,
  title: Type.String(),
  content: Type.String(),
  category: Nullable(
    Type.Object({
      id: Type.Integer(),
      code: Type.String(),
      name: Type.String(),
      nameEn: Type.String(),
      parent: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), nameEn: Type.String() })),
    }),
  ),
  node: Type.Object({
    id: Type.Integer(),
    name: Type.String(),
    kind: Type.String(),
    community: Nullable(Type.String({ description: 'The community the place lies in (its own name when it is a community); null above' })),
  }),
  building: Nullable(Named),
  address: Nullable(Type.String()),
  lng: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  photos: Type.Array(Photo),
  reporter: Type.Object({
    name: Nullable(
      Type.String({ description: 'Masked (张*) unless you are the reporter; the full name is at POST /requests/{id}/contact' }),
    ),
    phone: Nullable(Type.String({ description: 'Masked (138****8000) unless you are the reporter' })),
    isYou: Type.Boolean(),
    masked: Type.Boolean(),
  }),
  createdBy: Nullable(Named),
  assignee: Type.Object({ user: Nullable(Named), unit: Nullable(Named) }),
  mergedInto: Nullable(Type.Object({ id: Type.Integer(), number: Type.String() })),
  selfResolved: Type.Boolean(),
  receivedAt: Instant,
  responseDueAt: Instant,
  resolutionDueAt: Instant,
  deadlineEstimated: Type.Boolean({
    description: 'A deadline was counted over a year whose national holiday schedule is not entered yet (Monday to Friday): it may move',
  }),
  respondedAt: Nullable(Instant),
  resolvedAt: Nullable(Instant),
  closedAt: Nullable(Instant),
  closeReason: Nullable(Type.Enum(CLOSE_REASONS)),
  followUp: Type.Object({
    dueAt: Nullable(Instant),
    at: Nullable(Instant),
    solved: Nullable(Type.Boolean()),
    satisfaction: Nullable(Type.Enum(SATISFACTION)),
    comment: Nullable(Type.String()),
  }),
  reopenCount: Type.Integer(),
  returnCount: Type.Integer(),
  escalationLevel: Type.Integer(),
  escalated: Type.Boolean(),
  meTooCount: Type.Integer({ description: '我也遇到: residents who said they have the same problem' }),
  overdue: Type.Object({ response: Type.Boolean(), resolution: Type.Boolean() }),
  pendingExtensionId: Nullable(Type.Integer()),
  allowedActions: Type.Array(Type.Enum(USER_ACTIONS), { description: 'What you may do now; show only these buttons' }),
  canViewContact: Type.Boolean({ description: 'Whether POST /requests/{id}/contact would answer' }),
});

const TimelineEvent = Type.Object({
  id: Type.Integer(),
  at: Instant,
  action: Type.String({
    description:
      'submit, accept, dispatch, take, progress, resolve, self_resolve, return, transfer, merge, merged_in, reject, follow_up, reopen, close, remind, escalate, extension_*, deadline_recompute',
  }),
  fromStatus: Nullable(Type.String()),
  toStatus: Nullable(Type.String()),
  note: Nullable(Type.String()),
  photos: Type.Array(Photo),
  actor: Nullable(Named),
  assignedTo: Nullable(
    Type.Object(
      {
        user: Nullable(Named),
        unit: Nullable(Named),
        place: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), kind: Type.String() })),
      },
      {
        description:
          'dispatch and transfer events: to whom — a person (with the unit they handle for), a department / partner unit, or another place (grid, community, street…) for a transfer; null for other events',
      },
    ),
  ),
  data: Type.Record(Type.String(), Type.Unknown()),
});

const Extension = Type.Object({
  id: Type.Integer(),
  status: Type.Enum(['pending', 'approved', 'denied', 'withdrawn']),
  reason: Type.String(),
  extraWorkingDays: Type.Integer(),
  requestedBy: Nullable(Named),
  requestedAt: Instant,
  decidedAt: Nullable(Instant),
  decisionNote: Nullable(Type.String()),
  previousDueAt: Nullable(Instant),
  newDueAt: Nullable(Instant),
});

export const RequestDetail = Type.Object({
  ...RequestItem.properties,
  timeline: Type.Array(TimelineEvent),
  extensions: Type.Array(Extension),
});
export const RequestList = Type.Object({ items: Type.Array(RequestItem), total: Type.Integer() });
export const ContactReply = Type.Object({
  name: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  userId: Nullable(Type.Integer()),
});
export const DispatchTargetsReply = Type.Object({
  people: Type.Array(Type.Object({ userId: Type.Integer(), name: Type.String(), role: Type.String(), node: Named })),
  units: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      subkind: Nullable(Type.String()),
      handlers: Type.Integer({ description: 'How many people handle for the unit; 0: it cannot be dispatched to yet' }),
    }),
  ),
});

export const TransferTargetsQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 50, description: 'Part of the name, or its pinyin / initials' })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'At most this many units and this many places within reach' }),
});
export const TransferTargetsReply = Type.Object({
  units: Type.Array(
    Type.Object({ id: Type.Integer(), name: Type.String(), subkind: Nullable(Type.String()), parentName: Nullable(Type.String()) }),
    { description: 'Departments / partner units that handle requests from this place and have handlers' },
  ),
  places: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      kind: Type.Enum(ORG_KINDS),
      subkind: Nullable(Type.String()),
      parentName: Nullable(Type.String()),
      above: Type.Boolean({ description: 'Above the request’s place (sent up to be routed from there); else within your dispatch reach' }),
    }),
    { description: 'Places above the request (nearest first), then places within your reach (shallowest first)' },
  ),
  more: Type.Boolean({ description: 'More units or places match than listed: narrow with q' }),
});

const rateFields = {
  received: Type.Integer(),
  responded: Type.Integer(),
  respondedOnTime: Type.Integer(),
  resolved: Type.Integer(),
  selfResolved: Type.Integer(),
  merged: Type.Integer(),
  rejected: Type.Integer(),
  escalated: Type.Integer(),
  followedUp: Type.Integer(),
  solved: Type.Integer(),
  satisfied: Type.Integer(),
  basicallySatisfied: Type.Integer(),
  unsatisfied: Type.Integer(),
  noReply: Type.Integer(),
  reopened: Type.Integer(),
  responseRate: Nullable(Type.Number({ description: '0–1; null when nothing was received' })),
  resolutionRate: Nullable(Type.Number({ description: '0–1; null without follow-up answers' })),
  satisfactionRate: Nullable(Type.Number({ description: '0–1; null without follow-up answers' })),
};
const Definition = Type.Object({ zh: Type.String(), en: Type.String() });
export const RatesReply = Type.Object({
  node: Type.Object({ id: Type.Integer(), name: Type.String(), kind: Type.String() }),
  from: Type.String(),
  to: Type.String(),
  totals: Type.Object(rateFields),
  byChild: Type.Array(
    Type.Object({
      node: Type.Object({ id: Type.Integer(), name: Type.String(), kind: Type.String(), self: Type.Boolean() }),
      ...rateFields,
    }),
  ),
  byMonth: Type.Array(Type.Object({ month: Type.String(), ...rateFields })),
  definitions: Type.Object({ responseRate: Definition, resolutionRate: Definition, satisfactionRate: Definition }),
});
