import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { orgNodes } from './org.js';
import { users } from './users.js';
import { hourEntries, volunteers } from './volunteers.js';

/**
 * 积分与爱心超市 (docs/adr/0024): point rules per node, an append-only double-entry ledger of points (accounts,
 * postings, entries), and a node's charity store with goods, a stock ledger and redemptions with pickup codes.
 */

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(','));

/**
 * A node's point rule; the nearest rule up the tree from a node is the one in force there (a whole rule, not
 * field by field). Without any, the defaults of points/rules.ts apply.
 */
export const pointRules = pgTable(
  'point_rules',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    perHour: integer('per_hour').notNull(),
    perActivity: integer('per_activity').notNull(),
    /** Most service points a volunteer gets for one service day / calendar month (null: no cap). */
    dailyCap: integer('daily_cap'),
    monthlyCap: integer('monthly_cap'),
    expiryMonths: integer('expiry_months').notNull().default(24),
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('point_rules_node_key').on(t.nodeId),
    check(
      'point_rules_values_check',
      sql`${t.perHour} >= 0 and ${t.perActivity} >= 0 and (${t.dailyCap} is null or ${t.dailyCap} >= 0) and (${t.monthlyCap} is null or ${t.monthlyCap} >= 0) and ${t.expiryMonths} >= 1`,
    ),
  ],
);

/** volunteer: one per volunteer; the others one per node: issuance (service awards), store, expiry, adjustment. */
export const POINT_ACCOUNT_KINDS = ['volunteer', 'issuance', 'store', 'expiry', 'adjustment'] as const;
export type PointAccountKind = (typeof POINT_ACCOUNT_KINDS)[number];

/**
 * A ledger account. `balance` caches the sum of the account's entries: it moves only in the transaction that
 * writes the entries (row locked), and an invariant recounts it. A volunteer's balance can never go below zero.
 */
export const pointAccounts = pgTable(
  'point_accounts',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').$type<PointAccountKind>().notNull(),
    volunteerId: integer('volunteer_id').references(() => volunteers.id, { onDelete: 'restrict' }),
    nodeId: integer('node_id').references(() => orgNodes.id, { onDelete: 'restrict' }),
    balance: integer('balance').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('point_accounts_volunteer_key').on(t.volunteerId),
    uniqueIndex('point_accounts_node_kind_key').on(t.nodeId, t.kind).where(sql`${t.volunteerId} is null`),
    check('point_accounts_kind_check', sql`${t.kind} in (${inList(POINT_ACCOUNT_KINDS)})`),
    check(
      'point_accounts_owner_check',
      sql`(${t.kind} = 'volunteer' and ${t.volunteerId} is not null and ${t.nodeId} is null) or (${t.kind} <> 'volunteer' and ${t.volunteerId} is null and ${t.nodeId} is not null)`,
    ),
    check('point_accounts_balance_check', sql`${t.kind} <> 'volunteer' or ${t.balance} >= 0`),
  ],
);

/**
 * service: points for a confirmed hour entry (negative for a correction that takes minutes away); redemption and
 * refund: the store; expiry: points older than the rule's period; adjustment: staff award or deduct with a reason.
 */
export const POINT_POSTING_KINDS = ['service', 'redemption', 'refund', 'expiry', 'adjustment'] as const;
export type PointPostingKind = (typeof POINT_POSTING_KINDS)[number];

/**
 * One posting = one transaction of the ledger: its entries sum to zero. Never updated, never deleted. A service
 * posting exists for every confirmed hour entry the job has seen (even when capped to zero, with no entries), and
 * the unique key on `hour_entry_id` makes the award happen once whatever runs it.
 */
export const pointPostings = pgTable(
  'point_postings',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').$type<PointPostingKind>().notNull(),
    volunteerId: integer('volunteer_id')
      .notNull()
      .references(() => volunteers.id, { onDelete: 'restrict' }),
    /** The node whose account is the other side. */
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    /** The volunteer's side, signed (what the entries say; kept for lists, recounted by the invariant). */
    points: integer('points').notNull(),
    hourEntryId: integer('hour_entry_id').references(() => hourEntries.id, { onDelete: 'restrict' }),
    /** Service postings: the hour entry's service date, for the daily and monthly caps. */
    serviceDate: date('service_date', { mode: 'string' }),
    /** Service postings: points the rule gave before the caps (for corrections and for the record). */
    uncapped: integer('uncapped'),
    redemptionId: integer('redemption_id'),
    reason: text('reason'),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('point_postings_hour_entry_key').on(t.hourEntryId),
    index('point_postings_volunteer_idx').on(t.volunteerId, t.createdAt),
    index('point_postings_volunteer_date_idx').on(t.volunteerId, t.serviceDate).where(sql`${t.kind} = 'service'`),
    index('point_postings_redemption_idx').on(t.redemptionId),
    check('point_postings_kind_check', sql`${t.kind} in (${inList(POINT_POSTING_KINDS)})`),
    check('point_postings_service_check', sql`(${t.kind} = 'service') = (${t.hourEntryId} is not null)`),
  ],
);

/** One side of a posting. Amounts are never changed; a correction is a new posting. */
export const pointEntries = pgTable(
  'point_entries',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    postingId: integer('posting_id')
      .notNull()
      .references(() => pointPostings.id, { onDelete: 'restrict' }),
    accountId: integer('account_id')
      .notNull()
      .references(() => pointAccounts.id, { onDelete: 'restrict' }),
    amount: integer('amount').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('point_entries_account_idx').on(t.accountId, t.createdAt),
    index('point_entries_posting_idx').on(t.postingId),
    check('point_entries_amount_check', sql`${t.amount} <> 0`),
  ],
);

/**
 * Goods of a node's charity store 爱心超市. `stock` caches the sum of the goods' stock movements, moved in the same
 * transaction by a conditional update; the check keeps it from going below zero, so nothing is oversold.
 */
export const storeGoods = pgTable(
  'store_goods',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    photoFileId: uuid('photo_file_id'),
    pricePoints: integer('price_points').notNull(),
    /** Most a volunteer may redeem of these goods in a calendar month (null: no limit). */
    monthlyLimit: integer('monthly_limit'),
    onShelf: boolean('on_shelf').notNull().default(true),
    stock: integer('stock').notNull().default(0),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('store_goods_node_name_key').on(t.nodeId, t.name),
    check('store_goods_price_check', sql`${t.pricePoints} >= 1`),
    check('store_goods_limit_check', sql`${t.monthlyLimit} is null or ${t.monthlyLimit} >= 1`),
    check('store_goods_stock_check', sql`${t.stock} >= 0`),
  ],
);

/** receipt: goods came in; redemption and cancellation: the store; stocktake: counted minus the ledger, with a reason. */
export const STOCK_MOVEMENT_KINDS = ['receipt', 'redemption', 'cancellation', 'stocktake'] as const;
export type StockMovementKind = (typeof STOCK_MOVEMENT_KINDS)[number];

/** The stock ledger: append-only signed quantities; a goods' stock is their sum. */
export const stockMovements = pgTable(
  'stock_movements',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    goodsId: integer('goods_id')
      .notNull()
      .references(() => storeGoods.id, { onDelete: 'restrict' }),
    kind: text('kind').$type<StockMovementKind>().notNull(),
    quantity: integer('quantity').notNull(),
    /** Stocktakes: what was counted, and what the ledger said before. */
    counted: integer('counted'),
    expected: integer('expected'),
    redemptionId: integer('redemption_id'),
    reason: text('reason'),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('stock_movements_goods_idx').on(t.goodsId, t.createdAt),
    check('stock_movements_kind_check', sql`${t.kind} in (${inList(STOCK_MOVEMENT_KINDS)})`),
    check('stock_movements_quantity_check', sql`${t.quantity} <> 0 or ${t.kind} = 'stocktake'`),
  ],
);

export const REDEMPTION_STATUSES = ['open', 'handed_over', 'cancelled'] as const;
export type RedemptionStatus = (typeof REDEMPTION_STATUSES)[number];

/** A volunteer's redemption: open with a pickup code until staff hand it over, or cancelled (points and stock refunded). */
export const storeRedemptions = pgTable(
  'store_redemptions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    goodsId: integer('goods_id')
      .notNull()
      .references(() => storeGoods.id, { onDelete: 'restrict' }),
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    volunteerId: integer('volunteer_id')
      .notNull()
      .references(() => volunteers.id, { onDelete: 'restrict' }),
    quantity: integer('quantity').notNull(),
    points: integer('points').notNull(),
    status: text('status').$type<RedemptionStatus>().notNull().default('open'),
    /** Six digits, unique among open redemptions. */
    pickupCode: text('pickup_code').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    handedOverAt: timestamp('handed_over_at', { withTimezone: true }),
    handedOverBy: integer('handed_over_by').references(() => users.id, { onDelete: 'set null' }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelledBy: integer('cancelled_by').references(() => users.id, { onDelete: 'set null' }),
    cancelReason: text('cancel_reason'),
  },
  (t) => [
    uniqueIndex('store_redemptions_open_code_key').on(t.pickupCode).where(sql`${t.status} = 'open'`),
    index('store_redemptions_node_idx').on(t.nodeId, t.status, t.createdAt),
    index('store_redemptions_volunteer_idx').on(t.volunteerId, t.createdAt),
    check('store_redemptions_status_check', sql`${t.status} in (${inList(REDEMPTION_STATUSES)})`),
    check('store_redemptions_quantity_check', sql`${t.quantity} >= 1 and ${t.points} >= 1`),
  ],
);
