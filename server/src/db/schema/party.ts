import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { orgNodes } from './org.js';
import { users } from './users.js';
import { volunteers } from './volunteers.js';

/**
 * 在职党员双报到 (docs/adr/0025): a party member working elsewhere reports to the community where they live; their
 * employer (a department node or a unit named in free text) pairs with a community; the community publishes service
 * posts (岗位) the members take, and members log service on them, confirmed by staff.
 */

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(','));

export const PARTY_MEMBER_STATUSES = ['pending', 'confirmed', 'rejected'] as const;
export type PartyMemberStatus = (typeof PARTY_MEMBER_STATUSES)[number];

/** A report (报到) of an in-service party member to the community they live in; one open report per user. */
export const partyMembers = pgTable(
  'party_members',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    /** The user's volunteer record, linked at confirmation when there is one. */
    volunteerId: integer('volunteer_id').references(() => volunteers.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    mobile: text('mobile'),
    /** The community they live in (reported to). */
    communityId: integer('community_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    /** The employer as a department node of the platform, or as a name. */
    employerNodeId: integer('employer_node_id').references(() => orgNodes.id, { onDelete: 'restrict' }),
    employerName: text('employer_name').notNull(),
    /** 所在党支部. */
    branch: text('branch').notNull(),
    status: text('status').$type<PartyMemberStatus>().notNull().default('pending'),
    reportedAt: timestamp('reported_at', { withTimezone: true }).notNull(),
    decidedBy: integer('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
  },
  (t) => [
    uniqueIndex('party_members_open_user_key')
      .on(t.userId)
      .where(sql`${t.status} in ('pending','confirmed')`),
    index('party_members_community_idx').on(t.communityId, t.status),
    check('party_members_status_check', sql`${t.status} in (${inList(PARTY_MEMBER_STATUSES)})`),
  ],
);

/** 结对共建: a unit pairs with a community from a date. */
export const partyPairings = pgTable(
  'party_pairings',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    communityId: integer('community_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    unitNodeId: integer('unit_node_id').references(() => orgNodes.id, { onDelete: 'restrict' }),
    unitName: text('unit_name').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    note: text('note').notNull().default(''),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('party_pairings_community_unit_key').on(t.communityId, t.unitName), index('party_pairings_community_idx').on(t.communityId)],
);

export const PARTY_POST_STATUSES = ['open', 'closed'] as const;

/** 服务岗位 (政策宣讲员, 楼道长助理 …): `taken <= slots` holds the places under concurrent claims. */
export const partyPosts = pgTable(
  'party_posts',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    communityId: integer('community_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    slots: integer('slots').notNull(),
    taken: integer('taken').notNull().default(0),
    status: text('status').$type<(typeof PARTY_POST_STATUSES)[number]>().notNull().default('open'),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('party_posts_community_idx').on(t.communityId),
    check('party_posts_slots_check', sql`${t.slots} >= 1 and ${t.taken} >= 0 and ${t.taken} <= ${t.slots}`),
    check('party_posts_status_check', sql`${t.status} in (${inList(PARTY_POST_STATUSES)})`),
  ],
);

/** A member on a post (认岗). */
export const partyPostClaims = pgTable(
  'party_post_claims',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    postId: integer('post_id')
      .notNull()
      .references(() => partyPosts.id, { onDelete: 'restrict' }),
    memberId: integer('member_id')
      .notNull()
      .references(() => partyMembers.id, { onDelete: 'restrict' }),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('party_post_claims_pair_key').on(t.postId, t.memberId), index('party_post_claims_member_idx').on(t.memberId)],
);

export const PARTY_LOG_STATUSES = ['pending', 'confirmed', 'rejected'] as const;
export type PartyLogStatus = (typeof PARTY_LOG_STATUSES)[number];

/** Service logged on a post: append-only, only the status moves (pending → confirmed or rejected). */
export const partyServiceLogs = pgTable(
  'party_service_logs',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    memberId: integer('member_id')
      .notNull()
      .references(() => partyMembers.id, { onDelete: 'restrict' }),
    postId: integer('post_id')
      .notNull()
      .references(() => partyPosts.id, { onDelete: 'restrict' }),
    communityId: integer('community_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    serviceDate: date('service_date', { mode: 'string' }).notNull(),
    minutes: integer('minutes').notNull(),
    content: text('content').notNull(),
    status: text('status').$type<PartyLogStatus>().notNull().default('pending'),
    loggedAt: timestamp('logged_at', { withTimezone: true }).notNull(),
    decidedBy: integer('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
  },
  (t) => [
    index('party_service_logs_member_idx').on(t.memberId, t.serviceDate),
    index('party_service_logs_community_idx').on(t.communityId, t.status),
    check('party_service_logs_minutes_check', sql`${t.minutes} >= 1 and ${t.minutes} <= 1440`),
    check('party_service_logs_status_check', sql`${t.status} in (${inList(PARTY_LOG_STATUSES)})`),
  ],
);
