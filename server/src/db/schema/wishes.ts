import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { orgNodes } from './org.js';
import { partyMembers } from './party.js';
import { persons } from './registry.js';
import { users } from './users.js';
import { volunteers, volunteerTeams } from './volunteers.js';

/**
 * 微心愿 (docs/adr/0025): a small wish of a resident (goods or a service), verified by staff, published on the wish
 * wall under a public name only, claimed whole or in shares, fulfilled with a photo and confirmed by the resident or
 * their grid worker. `claimed_shares <= total_shares` is held by a check, so concurrent claims cannot exceed the whole.
 */

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(','));

export const WISH_KINDS = ['goods', 'service'] as const;
export type WishKind = (typeof WISH_KINDS)[number];
/**
 * pending: waiting for verification; rejected; published: on the wall (claimable while shares remain);
 * fulfilled: a claimant marked it done with a photo; realised: the resident or their grid worker confirmed.
 */
export const WISH_STATUSES = ['pending', 'rejected', 'published', 'fulfilled', 'realised'] as const;
export type WishStatus = (typeof WISH_STATUSES)[number];
export const WISH_VERIFY_METHODS = ['home_visit', 'phone'] as const;

export const microWishes = pgTable(
  'micro_wishes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** Where the resident lives (grid, or community when no grid is known). */
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    communityId: integer('community_id').references(() => orgNodes.id, { onDelete: 'restrict' }),
    /** The registry person the wish is for, when posted for one (or when the poster is linked to one). */
    personId: integer('person_id').references(() => persons.id, { onDelete: 'set null' }),
    /** The resident's own account, when they posted it themselves or their person row has one. */
    beneficiaryUserId: integer('beneficiary_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** Full name: private (staff, poster, resident). */
    recipientName: text('recipient_name').notNull(),
    /** What the wall shows: 李奶奶, 王** … (see publicNameOf). */
    publicName: text('public_name').notNull(),
    kind: text('kind').$type<WishKind>().notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** 预估价值, in yuan. */
    estimatedValue: integer('estimated_value'),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    totalShares: integer('total_shares').notNull().default(1),
    claimedShares: integer('claimed_shares').notNull().default(0),
    status: text('status').$type<WishStatus>().notNull().default('pending'),
    verifyMethod: text('verify_method').$type<(typeof WISH_VERIFY_METHODS)[number]>(),
    verifyNote: text('verify_note'),
    rejectReason: text('reject_reason'),
    verifiedBy: integer('verified_by').references(() => users.id, { onDelete: 'set null' }),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    firstClaimedAt: timestamp('first_claimed_at', { withTimezone: true }),
    fulfilledAt: timestamp('fulfilled_at', { withTimezone: true }),
    fulfilledBy: integer('fulfilled_by').references(() => users.id, { onDelete: 'set null' }),
    fulfilNote: text('fulfil_note'),
    realisedAt: timestamp('realised_at', { withTimezone: true }),
    confirmedBy: integer('confirmed_by').references(() => users.id, { onDelete: 'set null' }),
    /** How many times the deadline job put it back on the wall. */
    returnedCount: integer('returned_count').notNull().default(0),
    postedBy: integer('posted_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('micro_wishes_community_status_idx').on(t.communityId, t.status),
    index('micro_wishes_node_idx').on(t.nodeId),
    index('micro_wishes_status_deadline_idx').on(t.status, t.deadline),
    check('micro_wishes_kind_check', sql`${t.kind} in (${inList(WISH_KINDS)})`),
    check('micro_wishes_status_check', sql`${t.status} in (${inList(WISH_STATUSES)})`),
    check('micro_wishes_shares_check', sql`${t.totalShares} between 1 and 20 and ${t.claimedShares} >= 0 and ${t.claimedShares} <= ${t.totalShares}`),
    check('micro_wishes_value_check', sql`${t.estimatedValue} is null or ${t.estimatedValue} >= 0`),
  ],
);

export const WISH_CLAIMANT_KINDS = ['party_member', 'volunteer', 'team', 'unit'] as const;
export type WishClaimantKind = (typeof WISH_CLAIMANT_KINDS)[number];
/** active: holds its shares; returned: given back by the deadline job (shares freed). */
export const WISH_CLAIM_STATUSES = ['active', 'returned'] as const;

/** A claim (认领) of some shares of a wish, by the signed-in user as one of the claimant kinds. */
export const wishClaims = pgTable(
  'wish_claims',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    wishId: integer('wish_id')
      .notNull()
      .references(() => microWishes.id, { onDelete: 'restrict' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    claimantKind: text('claimant_kind').$type<WishClaimantKind>().notNull(),
    partyMemberId: integer('party_member_id').references(() => partyMembers.id, { onDelete: 'restrict' }),
    volunteerId: integer('volunteer_id').references(() => volunteers.id, { onDelete: 'restrict' }),
    teamId: integer('team_id').references(() => volunteerTeams.id, { onDelete: 'restrict' }),
    unitNodeId: integer('unit_node_id').references(() => orgNodes.id, { onDelete: 'restrict' }),
    /** The claimant's display name as shown on the wish (team, unit, or masked person name). */
    claimantName: text('claimant_name').notNull(),
    shares: integer('shares').notNull(),
    status: text('status').$type<(typeof WISH_CLAIM_STATUSES)[number]>().notNull().default('active'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
    returnedAt: timestamp('returned_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('wish_claims_open_user_key')
      .on(t.wishId, t.userId)
      .where(sql`${t.status} = 'active'`),
    index('wish_claims_user_idx').on(t.userId),
    index('wish_claims_party_member_idx').on(t.partyMemberId),
    check('wish_claims_kind_check', sql`${t.claimantKind} in (${inList(WISH_CLAIMANT_KINDS)})`),
    check('wish_claims_status_check', sql`${t.status} in (${inList(WISH_CLAIM_STATUSES)})`),
    check('wish_claims_shares_check', sql`${t.shares} >= 1`),
  ],
);

export const WISH_EVENT_KINDS = ['posted', 'verified', 'rejected', 'claimed', 'fulfilled', 'confirmed', 'returned'] as const;
export type WishEventKind = (typeof WISH_EVENT_KINDS)[number];

/** The wish's timeline: every step with who and when (append-only). */
export const wishEvents = pgTable(
  'wish_events',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    wishId: integer('wish_id')
      .notNull()
      .references(() => microWishes.id, { onDelete: 'restrict' }),
    kind: text('kind').$type<WishEventKind>().notNull(),
    actorUserId: integer('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** Public wording of who (masked person name, team or unit), shown on the public timeline. */
    actorLabel: text('actor_label').notNull().default(''),
    note: text('note').notNull().default(''),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('wish_events_wish_idx').on(t.wishId, t.at), check('wish_events_kind_check', sql`${t.kind} in (${inList(WISH_EVENT_KINDS)})`)],
);
