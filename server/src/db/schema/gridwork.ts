import { sql } from 'drizzle-orm';
import { bigint, check, date, doublePrecision, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { orgNodes } from './org.js';
import { careTags, households, persons } from './registry.js';
import { requests } from './requests.js';
import { users } from './users.js';

/**
 * 网格工作 — what grid workers do in their grids: the work log (走访, 信息采集, 隐患排查, 矛盾调解, 政策宣传, 代办, 巡查),
 * the visit rules that say how often a tagged person is visited, and the overdue notices sent to the community.
 */

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(','));

export const WORK_KINDS = ['visit', 'info_collection', 'hazard_check', 'dispute_mediation', 'policy_publicity', 'errand', 'patrol'] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

/** 入户走访 / 电话走访 / 医院探望. */
export const VISIT_MODES = ['home', 'phone', 'hospital'] as const;
export type VisitMode = (typeof VISIT_MODES)[number];

export const workLogs = pgTable(
  'work_logs',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').$type<WorkKind>().notNull(),
    /** Only for visits. */
    mode: text('mode').$type<VisitMode>(),
    /** Where it happened: a unit, building, grid or community (the household's unit for a visit). */
    orgNodeId: integer('org_node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    /** Copied from the place's ancestors, so a grid's or a community's work is one indexed range. */
    gridId: integer('grid_id').references(() => orgNodes.id, { onDelete: 'restrict' }),
    communityId: integer('community_id').references(() => orgNodes.id, { onDelete: 'restrict' }),
    householdId: integer('household_id').references(() => households.id, { onDelete: 'restrict' }),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    note: text('note').notNull().default(''),
    photoIds: uuid('photo_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    /** A patrol finding filed as a request (channel patrol) in the same step. */
    requestId: bigint('request_id', { mode: 'number' }).references(() => requests.id, { onDelete: 'set null' }),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('work_logs_grid_idx').on(t.gridId, t.occurredAt),
    index('work_logs_community_idx').on(t.communityId, t.occurredAt),
    index('work_logs_household_idx').on(t.householdId, t.occurredAt),
    index('work_logs_author_idx').on(t.createdBy, t.occurredAt),
    check('work_logs_kind_check', sql`${t.kind} in (${inList(WORK_KINDS)})`),
    check('work_logs_mode_check', sql`(${t.kind} = 'visit') = (${t.mode} is not null) and (${t.mode} is null or ${t.mode} in (${inList(VISIT_MODES)}))`),
    check('work_logs_point_check', sql`(${t.lng} is null) = (${t.lat} is null)`),
  ],
);

/** Who was met (visit) or served (errand): one row per person, with the entry's kind and time for "last visit". */
export const workLogPersons = pgTable(
  'work_log_persons',
  {
    workLogId: integer('work_log_id')
      .notNull()
      .references(() => workLogs.id, { onDelete: 'cascade' }),
    personId: integer('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<WorkKind>().notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('work_log_persons_key').on(t.workLogId, t.personId),
    index('work_log_persons_person_idx').on(t.personId, t.occurredAt),
    index('work_log_persons_visit_idx').on(t.personId, t.occurredAt).where(sql`${t.kind} = 'visit'`),
  ],
);

/**
 * 走访规则: people with the tag are visited every `interval_days`; a visit `overdue_notice_days` late is told to the
 * community. Set at a node for its subtree; the nearest node's rule for a tag wins.
 */
export const visitRules = pgTable(
  'visit_rules',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgNodeId: integer('org_node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    tagId: integer('tag_id')
      .notNull()
      .references(() => careTags.id, { onDelete: 'restrict' }),
    intervalDays: integer('interval_days').notNull(),
    overdueNoticeDays: integer('overdue_notice_days').notNull(),
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('visit_rules_node_tag_key').on(t.orgNodeId, t.tagId),
    index('visit_rules_tag_idx').on(t.tagId),
    check('visit_rules_interval_check', sql`${t.intervalDays} between 1 and 366`),
    check('visit_rules_notice_check', sql`${t.overdueNoticeDays} between 0 and 366`),
  ],
);

/** One overdue notice per person and due date: the unique key lets exactly one process send it. */
export const visitOverdueNotices = pgTable(
  'visit_overdue_notices',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    personId: integer('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    communityId: integer('community_id').references(() => orgNodes.id, { onDelete: 'restrict' }),
    notifiedAt: timestamp('notified_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('visit_overdue_notices_key').on(t.personId, t.dueOn)],
);
