import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { orgNodes } from './org.js';
import { users } from './users.js';

/** Who did what to which object, when and from where. Written in the same transaction as the change. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorUserId: integer('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** e.g. "auth.login", "user.create", "role.grant", "person.view_full" */
    action: text('action').notNull(),
    objectType: text('object_type').notNull(),
    objectId: text('object_id'),
    /** The org node the object belongs to; audit entries are scoped by it. */
    orgNodeId: integer('org_node_id').references(() => orgNodes.id, { onDelete: 'set null' }),
    ip: text('ip'),
    userAgent: text('user_agent'),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_node_at_idx').on(t.orgNodeId, t.at),
    index('audit_log_object_idx').on(t.objectType, t.objectId),
    index('audit_log_actor_idx').on(t.actorUserId, t.at),
  ],
);

/** A local rest day or a local workday at an org node, overriding the official calendar for its subtree. */
export const calendarOverrides = pgTable(
  'calendar_overrides',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgNodeId: integer('org_node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    kind: text('kind').$type<'rest' | 'work'>().notNull(),
    note: text('note'),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('calendar_overrides_node_day_key').on(t.orgNodeId, t.day),
    check('calendar_overrides_kind_check', sql`${t.kind} in ('rest','work')`),
  ],
);

/** In-app inbox. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    link: text('link'),
    data: jsonb('data').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.createdAt), index('notifications_unread_idx').on(t.userId).where(sql`${t.readAt} is null`)],
);

/** Messages written in the business transaction, delivered after commit by a sender per channel. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** "push" (live page update), "console", "sms", "wechat" */
    channel: text('channel').notNull(),
    recipientUserId: integer('recipient_user_id').references(() => users.id, { onDelete: 'cascade' }),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<'pending' | 'sent' | 'failed'>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    availableAt: timestamp('available_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    lastError: text('last_error'),
  },
  (t) => [
    index('outbox_pending_idx').on(t.availableAt).where(sql`${t.status} = 'pending'`),
    check('outbox_status_check', sql`${t.status} in ('pending','sent','failed')`),
  ],
);

/** Uploaded images; bytes live in the file store (local directory now, S3-compatible later). */
export const files = pgTable(
  'files',
  {
    id: uuid('id').primaryKey(),
    ownerUserId: integer('owner_user_id').references(() => users.id, { onDelete: 'set null' }),
    orgNodeId: integer('org_node_id').references(() => orgNodes.id, { onDelete: 'set null' }),
    storageKey: text('storage_key').notNull(),
    thumbKey: text('thumb_key'),
    mime: text('mime').notNull(),
    byteSize: integer('byte_size').notNull(),
    width: integer('width'),
    height: integer('height'),
    sha256: text('sha256').notNull(),
    originalName: text('original_name'),
    /** The object the file belongs to (platform/attachments.ts); null until a change uses it. */
    attachedType: text('attached_type'),
    attachedId: text('attached_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('files_owner_idx').on(t.ownerUserId),
    index('files_attached_idx').on(t.attachedType, t.attachedId),
    check('files_attached_check', sql`(${t.attachedType} is null) = (${t.attachedId} is null)`),
  ],
);
