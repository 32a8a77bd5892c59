import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { orgNodes } from './org.js';

export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    username: text('username').notNull(),
    /** Mainland mobile number, 11 digits; a second login name. */
    mobile: text('mobile'),
    displayName: text('display_name').notNull(),
    namePinyin: text('name_pinyin').notNull().default(''),
    nameInitials: text('name_initials').notNull().default(''),
    /** scrypt$N$r$p$salt$hash */
    passwordHash: text('password_hash').notNull(),
    disabled: boolean('disabled').notNull().default(false),
    /** The node the account is filed under (for residents: their community, grid or unit). Scopes who may manage it. */
    homeNodeId: integer('home_node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_username_key').on(sql`lower(${t.username})`),
    uniqueIndex('users_mobile_key').on(t.mobile),
    index('users_home_node_idx').on(t.homeNodeId),
    index('users_display_name_trgm').using('gin', sql`${t.displayName} gin_trgm_ops`),
    index('users_name_pinyin_trgm').using('gin', sql`${t.namePinyin} gin_trgm_ops`),
    index('users_name_initials_idx').on(t.nameInitials),
  ],
);

export const roleAssignments = pgTable(
  'role_assignments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    orgNodeId: integer('org_node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    grantedBy: integer('granted_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('role_assignments_user_role_node_key').on(t.userId, t.role, t.orgNodeId),
    index('role_assignments_node_idx').on(t.orgNodeId),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** sha256 of the bearer token; the token itself is never stored. */
    tokenHash: text('token_hash').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [uniqueIndex('sessions_token_hash_key').on(t.tokenHash), index('sessions_user_idx').on(t.userId)],
);
