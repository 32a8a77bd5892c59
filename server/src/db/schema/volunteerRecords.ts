import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { orgNodes } from './org.js';
import { users } from './users.js';
import { volunteers } from './volunteers.js';

/**
 * What the volunteers module keeps around the shared volunteer rows (docs/adr/0022): the number counters, the
 * history of every change, correction requests, star thresholds per region, recognition lists (嘉许) and the
 * certificates (志愿服务证明).
 */

/** The last volunteer number issued per community (0 = above communities): numbers only grow, never reused. */
export const volunteerNumberCounters = pgTable('volunteer_number_counters', {
  scopeId: integer('scope_id').primaryKey(),
  last: integer('last').notNull(),
});

export const VOLUNTEER_CHANGE_KINDS = ['register', 'edit', 'correction', 'status'] as const;
export type VolunteerChangeKind = (typeof VOLUNTEER_CHANGE_KINDS)[number];
/** One field's change; an ID number shows only masked. */
export type FieldChange = { old: string | null; new: string | null };

/** Every change to a volunteer's record: who, when, which fields, old → new. Append-only. */
export const volunteerRecordChanges = pgTable(
  'volunteer_record_changes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    volunteerId: integer('volunteer_id')
      .notNull()
      .references(() => volunteers.id, { onDelete: 'restrict' }),
    kind: text('kind').$type<VolunteerChangeKind>().notNull(),
    fields: text('fields').array().notNull(),
    changes: jsonb('changes').$type<Record<string, FieldChange>>().notNull(),
    reason: text('reason'),
    correctionId: integer('correction_id'),
    changedBy: integer('changed_by').references(() => users.id, { onDelete: 'set null' }),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('volunteer_record_changes_volunteer_idx').on(t.volunteerId, t.changedAt),
    check('volunteer_record_changes_kind_check', sql`${t.kind} in ('register','edit','correction','status')`),
  ],
);

export const VOLUNTEER_CORRECTION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type VolunteerCorrectionStatus = (typeof VOLUNTEER_CORRECTION_STATUSES)[number];

/** A volunteer asks for their record to be corrected; staff approve (the change applies) or reject. One pending at a time. */
export const volunteerCorrections = pgTable(
  'volunteer_corrections',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    volunteerId: integer('volunteer_id')
      .notNull()
      .references(() => volunteers.id, { onDelete: 'restrict' }),
    /** The fields asked for, with their new values (no ID numbers: those are corrected by staff). */
    requested: jsonb('requested').$type<Record<string, unknown>>().notNull(),
    reason: text('reason').notNull(),
    status: text('status').$type<VolunteerCorrectionStatus>().notNull().default('pending'),
    requestedBy: integer('requested_by').references(() => users.id, { onDelete: 'set null' }),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    decidedBy: integer('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
  },
  (t) => [
    uniqueIndex('volunteer_corrections_pending_key')
      .on(t.volunteerId)
      .where(sql`${t.status} = 'pending'`),
    index('volunteer_corrections_status_idx').on(t.status, t.requestedAt),
    check('volunteer_corrections_status_check', sql`${t.status} in ('pending','approved','rejected')`),
  ],
);

/** Star thresholds in hours (1 to 5 stars) set at a node; the most specific setting above a volunteer's node wins. */
export const volunteerStarSettings = pgTable(
  'volunteer_star_settings',
  {
    nodeId: integer('node_id')
      .primaryKey()
      .references(() => orgNodes.id, { onDelete: 'cascade' }),
    thresholdsHours: integer('thresholds_hours').array().notNull(),
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [check('volunteer_star_settings_five_check', sql`cardinality(${t.thresholdsHours}) = 5`)],
);

export const RECOGNITION_STATUSES = ['draft', 'notice', 'final'] as const;
export type RecognitionStatus = (typeof RECOGNITION_STATUSES)[number];

/** 嘉许名单: per node and period; a draft, then published for a notice period, then final. */
export const volunteerRecognitions = pgTable(
  'volunteer_recognitions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    /** The bar used to draft the list (hours in the period), null when picked by hand. */
    minHours: integer('min_hours'),
    noticeDays: integer('notice_days').notNull().default(7),
    status: text('status').$type<RecognitionStatus>().notNull().default('draft'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    noticeEndsAt: timestamp('notice_ends_at', { withTimezone: true }),
    finalAt: timestamp('final_at', { withTimezone: true }),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('volunteer_recognitions_node_idx').on(t.nodeId, t.periodEnd),
    index('volunteer_recognitions_notice_idx').on(t.noticeEndsAt).where(sql`${t.status} = 'notice'`),
    check('volunteer_recognitions_status_check', sql`${t.status} in ('draft','notice','final')`),
    check('volunteer_recognitions_period_check', sql`${t.periodEnd} >= ${t.periodStart}`),
    check('volunteer_recognitions_notice_days_check', sql`${t.noticeDays} between 1 and 60`),
  ],
);

export const volunteerRecognitionEntries = pgTable(
  'volunteer_recognition_entries',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    recognitionId: integer('recognition_id')
      .notNull()
      .references(() => volunteerRecognitions.id, { onDelete: 'cascade' }),
    volunteerId: integer('volunteer_id')
      .notNull()
      .references(() => volunteers.id, { onDelete: 'restrict' }),
    /** Confirmed minutes in the period when the entry was made. */
    minutes: integer('minutes').notNull(),
  },
  (t) => [uniqueIndex('volunteer_recognition_entries_pair_key').on(t.recognitionId, t.volunteerId)],
);

/** Objections recorded during the notice period. */
export const volunteerRecognitionObjections = pgTable(
  'volunteer_recognition_objections',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    recognitionId: integer('recognition_id')
      .notNull()
      .references(() => volunteerRecognitions.id, { onDelete: 'cascade' }),
    volunteerId: integer('volunteer_id').references(() => volunteers.id, { onDelete: 'restrict' }),
    content: text('content').notNull(),
    recordedBy: integer('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('volunteer_recognition_objections_list_idx').on(t.recognitionId)],
);

/**
 * 志愿服务证明: what was printed, frozen at issue (民政部《志愿服务记录与证明出具办法（试行）》). Only the revocation
 * columns ever change.
 */
export const volunteerCertificates = pgTable(
  'volunteer_certificates',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    serial: text('serial').notNull(),
    volunteerId: integer('volunteer_id')
      .notNull()
      .references(() => volunteers.id, { onDelete: 'restrict' }),
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    volunteerName: text('volunteer_name').notNull(),
    idMasked: text('id_masked'),
    volunteerNo: text('volunteer_no').notNull(),
    periodStart: date('period_start', { mode: 'string' }),
    periodEnd: date('period_end', { mode: 'string' }),
    totalMinutes: integer('total_minutes').notNull(),
    serviceContent: text('service_content').notNull(),
    issuer: text('issuer').notNull(),
    responsiblePerson: text('responsible_person').notNull(),
    handler: text('handler').notNull(),
    contact: text('contact').notNull(),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    issuedBy: integer('issued_by').references(() => users.id, { onDelete: 'set null' }),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: integer('revoked_by').references(() => users.id, { onDelete: 'set null' }),
    revokeReason: text('revoke_reason'),
  },
  (t) => [
    uniqueIndex('volunteer_certificates_serial_key').on(t.serial),
    index('volunteer_certificates_volunteer_idx').on(t.volunteerId),
    index('volunteer_certificates_node_idx').on(t.nodeId, t.issuedAt),
    check('volunteer_certificates_minutes_check', sql`${t.totalMinutes} > 0`),
  ],
);
