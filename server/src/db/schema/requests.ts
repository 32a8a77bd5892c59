import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { orgNodes } from './org.js';
import { users } from './users.js';

export const REQUEST_CHANNELS = ['resident', 'staff', 'patrol', 'building_leader', 'mobile_grid_worker', 'hotline', 'open311'] as const;
export type RequestChannel = (typeof REQUEST_CHANNELS)[number];

export const REQUEST_PRIORITIES = ['urgent', 'ordinary', 'complex'] as const;
export type RequestPriority = (typeof REQUEST_PRIORITIES)[number];

/** States of the closed loop 接诉即办. The transitions live in modules/requests/workflow/transitions.ts. */
export const REQUEST_STATUSES = ['submitted', 'accepted', 'dispatched', 'in_progress', 'resolved', 'closed', 'merged', 'rejected'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Statuses in which the request is still being worked on (deadlines, reminders and escalation apply). */
export const OPEN_STATUSES = ['submitted', 'accepted', 'dispatched', 'in_progress'] as const satisfies readonly RequestStatus[];

export const SATISFACTION = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTION)[number];

/** Why a request is closed: the reporter answered, did not answer in time, or there was nobody to ask. */
export const CLOSE_REASONS = ['followed_up', 'no_reply', 'no_reporter'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

/** How a time limit is counted: calendar minutes (urgent), working minutes, or whole working days. */
export const LIMIT_UNITS = ['calendar_minutes', 'working_minutes', 'working_days'] as const;
export type LimitUnit = (typeof LIMIT_UNITS)[number];

export const EXTENSION_STATUSES = ['pending', 'approved', 'denied', 'withdrawn'] as const;
export type ExtensionStatus = (typeof EXTENSION_STATUSES)[number];

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(','));

/**
 * Two-level category tree. Rows with org_node_id null are the defaults every node inherits (seeded by
 * seedDefaultCategories); a node may add its own categories, visible in its subtree.
 */
export const requestCategories = pgTable(
  'request_categories',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    parentId: integer('parent_id').references((): AnyPgColumn => requestCategories.id, { onDelete: 'restrict' }),
    orgNodeId: integer('org_node_id').references(() => orgNodes.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull(),
    /** Starting keywords for the category suggestion (jieba tokens). */
    keywords: text('keywords')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Open311 service code is the category code; only leaf categories are offered as services. */
    active: boolean('active').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('request_categories_code_key').on(sql`coalesce(${t.orgNodeId}, 0)`, t.code),
    index('request_categories_parent_idx').on(t.parentId),
    check('request_categories_code_check', sql`${t.code} ~ '^[a-z][a-z0-9_]{1,39}$'`),
  ],
);

/**
 * Time limits set at a node for its subtree, per category (null = any category) and priority. Built-in defaults
 * apply where no row does; the most specific row wins: the deepest node first, then the category itself, its
 * parent category, then "any category". The on-site limit (grid events) may be left to a less specific row.
 */
export const requestTimeLimits = pgTable(
  'request_time_limits',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgNodeId: integer('org_node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'cascade' }),
    categoryId: integer('category_id').references(() => requestCategories.id, { onDelete: 'cascade' }),
    priority: text('priority').$type<RequestPriority>().notNull(),
    /** First contact with the reporter (响应). */
    responseAmount: integer('response_amount').notNull(),
    responseUnit: text('response_unit').$type<LimitUnit>().notNull(),
    /** Resolution (办结). */
    resolutionAmount: integer('resolution_amount').notNull(),
    resolutionUnit: text('resolution_unit').$type<LimitUnit>().notNull(),
    /** On-site verification of grid events reported by building leaders and mobile grid workers; null = inherit. */
    onSiteAmount: integer('on_site_amount'),
    onSiteUnit: text('on_site_unit').$type<LimitUnit>(),
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('request_time_limits_key').on(t.orgNodeId, sql`coalesce(${t.categoryId}, 0)`, t.priority),
    check('request_time_limits_priority_check', sql`${t.priority} in (${inList(REQUEST_PRIORITIES)})`),
    check(
      'request_time_limits_units_check',
      sql`${t.responseUnit} in (${inList(LIMIT_UNITS)}) and ${t.resolutionUnit} in (${inList(LIMIT_UNITS)})
          and (${t.onSiteUnit} is null or ${t.onSiteUnit} in (${inList(LIMIT_UNITS)}))`,
    ),
    check('request_time_limits_on_site_check', sql`(${t.onSiteAmount} is null) = (${t.onSiteUnit} is null)`),
    check(
      'request_time_limits_amounts_check',
      sql`${t.responseAmount} > 0 and ${t.resolutionAmount} > 0 and (${t.onSiteAmount} is null or ${t.onSiteAmount} > 0)`,
    ),
  ],
);

export const requests = pgTable(
  'requests',
  {
    // By default, so intake and the bulk generator can take ids from the sequence first and write the number with them.
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    /** Human number: "LX" + China date received + id, e.g. "LX202611230000042"; unique. */
    number: text('number').notNull(),
    channel: text('channel').$type<RequestChannel>().notNull(),
    /** Number of the hotline 12345 work order or the partner's own id. */
    externalRef: text('external_ref'),
    categoryId: integer('category_id').references(() => requestCategories.id, { onDelete: 'restrict' }),
    priority: text('priority').$type<RequestPriority>().notNull().default('ordinary'),
    status: text('status').$type<RequestStatus>().notNull().default('submitted'),
    title: text('title').notNull(),
    content: text('content').notNull(),
    /** The node the request belongs to: the grid found from the point or building, else the community (or above). */
    orgNodeId: integer('org_node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    buildingNodeId: integer('building_node_id').references(() => orgNodes.id, { onDelete: 'set null' }),
    address: text('address'),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    photoIds: uuid('photo_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    reporterUserId: integer('reporter_user_id').references(() => users.id, { onDelete: 'set null' }),
    reporterName: text('reporter_name'),
    reporterNamePinyin: text('reporter_name_pinyin'),
    reporterPhone: text('reporter_phone'),
    /** Who entered it (staff on someone's behalf, the grid worker on patrol...); null for hotline/Open311 systems. */
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    /** Current handler: a person, and/or a unit (department / partner unit node). */
    assigneeUserId: integer('assignee_user_id').references(() => users.id, { onDelete: 'set null' }),
    assigneeNodeId: integer('assignee_node_id').references(() => orgNodes.id, { onDelete: 'set null' }),
    mergedIntoId: bigint('merged_into_id', { mode: 'number' }).references((): AnyPgColumn => requests.id, { onDelete: 'set null' }),
    selfResolved: boolean('self_resolved').notNull().default(false),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    responseDueAt: timestamp('response_due_at', { withTimezone: true }).notNull(),
    resolutionDueAt: timestamp('resolution_due_at', { withTimezone: true }).notNull(),
    /** Which clock the resolution limit counts on: sets the escalation step (calendar hours or working days). */
    limitClock: text('limit_clock').$type<'calendar' | 'working'>().notNull(),
    /** A deadline was counted over a year whose national holiday schedule is not entered yet (Monday to Friday). */
    deadlineEstimated: boolean('deadline_estimated').notNull().default(false),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closeReason: text('close_reason').$type<CloseReason>(),
    /** Follow-up 回访: the latest answer. */
    followUpDueAt: timestamp('follow_up_due_at', { withTimezone: true }),
    followUpAt: timestamp('follow_up_at', { withTimezone: true }),
    followUpSolved: boolean('follow_up_solved'),
    satisfaction: text('satisfaction').$type<Satisfaction>(),
    followUpComment: text('follow_up_comment'),
    /** Times reopened after an unsatisfied follow-up; also the escalation round. */
    reopenCount: integer('reopen_count').notNull().default(0),
    /** Times handed back to the dispatcher (回退). */
    returnCount: integer('return_count').notNull().default(0),
    /** 催办: when the handler is reminded, and whether it was done for the current deadline. */
    reminderAt: timestamp('reminder_at', { withTimezone: true }),
    reminderSentAt: timestamp('reminder_sent_at', { withTimezone: true }),
    /** 督办: deepest level escalated to in this round, the next escalation instant, the first escalation ever. */
    escalationLevel: integer('escalation_level').notNull().default(0),
    nextEscalationAt: timestamp('next_escalation_at', { withTimezone: true }),
    responseEscalatedAt: timestamp('response_escalated_at', { withTimezone: true }),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    /** 我也遇到: residents who said they have the same problem (rows in request_me_too), kept in the same transaction. */
    meTooCount: integer('me_too_count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('requests_number_key').on(t.number),
    uniqueIndex('requests_external_ref_key').on(t.channel, t.externalRef),
    index('requests_node_received_idx').on(t.orgNodeId, t.receivedAt),
    index('requests_received_idx').on(t.receivedAt),
    index('requests_inbox_idx')
      .on(t.orgNodeId, t.receivedAt)
      .where(sql`${t.status} in ('submitted','accepted')`),
    index('requests_assignee_idx').on(t.assigneeUserId, t.status),
    index('requests_assignee_node_idx')
      .on(t.assigneeNodeId, t.status)
      .where(sql`${t.assigneeNodeId} is not null`),
    index('requests_reporter_idx').on(t.reporterUserId, t.receivedAt),
    index('requests_created_by_idx').on(t.createdBy, t.receivedAt),
    index('requests_merged_into_idx')
      .on(t.mergedIntoId)
      .where(sql`${t.mergedIntoId} is not null`),
    index('requests_resolution_due_idx')
      .on(t.resolutionDueAt)
      .where(sql`${t.status} in (${inList(OPEN_STATUSES)})`),
    index('requests_reminder_idx')
      .on(t.reminderAt)
      .where(sql`${t.reminderSentAt} is null and ${t.status} in (${inList(OPEN_STATUSES)})`),
    index('requests_escalation_idx')
      .on(t.nextEscalationAt)
      .where(sql`${t.status} in (${inList(OPEN_STATUSES)})`),
    index('requests_response_due_idx')
      .on(t.responseDueAt)
      .where(sql`${t.respondedAt} is null and ${t.responseEscalatedAt} is null and ${t.status} in (${inList(OPEN_STATUSES)})`),
    index('requests_follow_up_due_idx')
      .on(t.followUpDueAt)
      .where(sql`${t.status} = 'resolved'`),
    // Duplicate suggestions filter by category and the last days; also serves "requests of a category".
    index('requests_category_received_idx').on(t.categoryId, t.receivedAt),
    index('requests_reporter_pinyin_trgm').using('gin', sql`${t.reporterNamePinyin} gin_trgm_ops`),
    index('requests_content_trgm').using('gin', sql`${t.content} gin_trgm_ops`),
    check('requests_channel_check', sql`${t.channel} in (${inList(REQUEST_CHANNELS)})`),
    check('requests_priority_check', sql`${t.priority} in (${inList(REQUEST_PRIORITIES)})`),
    check('requests_status_check', sql`${t.status} in (${inList(REQUEST_STATUSES)})`),
    check('requests_satisfaction_check', sql`${t.satisfaction} is null or ${t.satisfaction} in (${inList(SATISFACTION)})`),
    check('requests_close_reason_check', sql`(${t.status} = 'closed') = (${t.closeReason} is not null)`),
    check('requests_close_reason_values_check', sql`${t.closeReason} is null or ${t.closeReason} in (${inList(CLOSE_REASONS)})`),
    check('requests_merged_check', sql`(${t.status} = 'merged') = (${t.mergedIntoId} is not null)`),
    check('requests_limit_clock_check', sql`${t.limitClock} in ('calendar','working')`),
    check('requests_photos_check', sql`cardinality(${t.photoIds}) <= 9`),
    check('requests_me_too_count_check', sql`${t.meTooCount} >= 0`),
  ],
);

/** 我也遇到: one row per resident who has the same problem as an open request; the primary key makes it one each. */
export const requestMeToo = pgTable(
  'request_me_too',
  {
    requestId: bigint('request_id', { mode: 'number' })
      .notNull()
      .references(() => requests.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.userId] }), index('request_me_too_user_idx').on(t.userId)],
);

/** The timeline: every step, who, when, a note, optional photos. */
export const requestEvents = pgTable(
  'request_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    requestId: bigint('request_id', { mode: 'number' })
      .notNull()
      .references(() => requests.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** Null for steps the system takes (reminders, escalations, follow-up timeouts, hotline intake). */
    actorUserId: integer('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** One of the actions in requests/workflow/transitions.ts (submit, accept, dispatch, take, progress, resolve, …). */
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    note: text('note'),
    photoIds: uuid('photo_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    data: jsonb('data').$type<Record<string, unknown>>(),
  },
  (t) => [index('request_events_request_idx').on(t.requestId, t.at)],
);

/**
 * One row per (request, round, level node, kind): the unique key makes "escalate exactly once per level" hold when
 * two processes run the job at once. A reopened request starts a new round.
 */
export const requestEscalations = pgTable(
  'request_escalations',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    requestId: bigint('request_id', { mode: 'number' })
      .notNull()
      .references(() => requests.id, { onDelete: 'cascade' }),
    round: integer('round').notNull().default(0),
    orgNodeId: integer('org_node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    kind: text('kind').$type<'response' | 'resolution'>().notNull(),
    level: integer('level').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('request_escalations_key').on(t.requestId, t.round, t.orgNodeId, t.kind),
    index('request_escalations_node_idx').on(t.orgNodeId, t.at),
    check('request_escalations_kind_check', sql`${t.kind} in ('response','resolution')`),
  ],
);

export const requestExtensions = pgTable(
  'request_extensions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    requestId: bigint('request_id', { mode: 'number' })
      .notNull()
      .references(() => requests.id, { onDelete: 'cascade' }),
    requestedBy: integer('requested_by').references(() => users.id, { onDelete: 'set null' }),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    reason: text('reason').notNull(),
    extraWorkingDays: integer('extra_working_days').notNull(),
    status: text('status').$type<ExtensionStatus>().notNull().default('pending'),
    decidedBy: integer('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    /** The resolution deadline before and after an approval. */
    previousDueAt: timestamp('previous_due_at', { withTimezone: true }),
    newDueAt: timestamp('new_due_at', { withTimezone: true }),
  },
  (t) => [
    index('request_extensions_request_idx').on(t.requestId),
    uniqueIndex('request_extensions_one_pending')
      .on(t.requestId)
      .where(sql`${t.status} = 'pending'`),
    check('request_extensions_days_check', sql`${t.extraWorkingDays} between 1 and 60`),
    check('request_extensions_status_check', sql`${t.status} in (${inList(EXTENSION_STATUSES)})`),
  ],
);

/**
 * Counts per org node and month (China time) for the three rates, updated in the transaction of every change that
 * moves one (see modules/requests/core/counters.ts and docs/requests-rates.md). A rates query over a city and a
 * year reads O(nodes × months) rows, however many requests there are.
 */
/** The counts behind the three rates, shared by the per-node table and its town roll-up. */
const counterColumns = () => ({
  orgNodeId: integer('org_node_id')
    .notNull()
    .references(() => orgNodes.id, { onDelete: 'cascade' }),
  /** First day of the month. */
  month: date('month', { mode: 'string' }).notNull(),
  // By the month received, at the request's current node:
  received: integer('received').notNull().default(0),
  responded: integer('responded').notNull().default(0),
  respondedOnTime: integer('responded_on_time').notNull().default(0),
  resolved: integer('resolved').notNull().default(0),
  selfResolved: integer('self_resolved').notNull().default(0),
  merged: integer('merged').notNull().default(0),
  rejected: integer('rejected').notNull().default(0),
  escalated: integer('escalated').notNull().default(0),
  // By the month of the follow-up answer (or timeout), at the request's node at that moment:
  followedUp: integer('followed_up').notNull().default(0),
  solved: integer('solved').notNull().default(0),
  satisfied: integer('satisfied').notNull().default(0),
  basicallySatisfied: integer('basically_satisfied').notNull().default(0),
  unsatisfied: integer('unsatisfied').notNull().default(0),
  noReply: integer('no_reply').notNull().default(0),
  reopened: integer('reopened').notNull().default(0),
});

/** Counts per node (the request's own node) and month. */
export const requestCounters = pgTable('request_counters', counterColumns(), (t) => [
  primaryKey({ columns: [t.orgNodeId, t.month], name: 'request_counters_pkey' }),
  index('request_counters_month_idx').on(t.month),
]);

/**
 * The same counts rolled up to the town (镇/街道/苏木) a node lies in — or kept at the node itself when it lies in
 * no town (a county department, the county itself). Every request is counted in exactly one roll-up row per month,
 * so a county, city or region sums O(towns × months) rows however many requests and grids there are.
 */
export const requestRollupCounters = pgTable('request_rollup_counters', counterColumns(), (t) => [
  primaryKey({ columns: [t.orgNodeId, t.month], name: 'request_rollup_counters_pkey' }),
]);

/** API keys issued to Open311 partners (hotline systems, third-party apps), each tied to a node. */
export const open311Keys = pgTable(
  'open311_keys',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    keyHash: text('key_hash').notNull(),
    partnerName: text('partner_name').notNull(),
    orgNodeId: integer('org_node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('open311_keys_hash_key').on(t.keyHash)],
);

/** Open311 POST may answer with a token before the request has an id; here every request gets one at once. */
export const open311Tokens = pgTable(
  'open311_tokens',
  {
    token: uuid('token').primaryKey(),
    requestId: bigint('request_id', { mode: 'number' })
      .notNull()
      .references(() => requests.id, { onDelete: 'cascade' }),
    keyId: integer('key_id').references(() => open311Keys.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('open311_tokens_request_idx').on(t.requestId)],
);
