import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import { orgNodes } from './org.js';
import { persons } from './registry.js';
import { users } from './users.js';

/**
 * Resident accounts residents make themselves (docs/adr/0019): one-time sign-in codes, the join codes printed on a
 * community's QR poster, and the corrections residents ask for in their own registry record.
 */

/**
 * A one-time code sent by SMS. Neither the number nor the code is stored: `mobile_hash` and `code_hash` are keyed
 * hashes (HMAC under the personal-data hash key), so a copy of the table tells nothing and cannot be brute-forced
 * offline. A newer code for the same number replaces the older one (only the newest open row counts).
 */
export const otpCodes = pgTable(
  'otp_codes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    mobileHash: text('mobile_hash').notNull(),
    codeHash: text('code_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Wrong codes typed against this one; at the limit the code is dead. */
    attempts: smallint('attempts').notNull().default(0),
    /** Used (signed in) or replaced by a newer code. */
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
  },
  (t) => [index('otp_codes_mobile_idx').on(t.mobileHash, t.createdAt), index('otp_codes_expires_idx').on(t.expiresAt)],
);

/** The code behind a community's join QR poster; staff may replace it (a poster taken down stops working). */
export const communityJoinCodes = pgTable(
  'community_join_codes',
  {
    communityId: integer('community_id')
      .primaryKey()
      .references(() => orgNodes.id, { onDelete: 'cascade' }),
    code: text('code').notNull().unique('community_join_codes_code_key'),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
);

export const CORRECTION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type CorrectionStatus = (typeof CORRECTION_STATUSES)[number];

/** Fields a resident may ask to correct; `idNumber` is kept sealed (never in plain text) until it is applied. */
export interface ProposedCorrection {
  name?: string;
  gender?: 'male' | 'female' | 'unknown';
  birthDate?: string;
  ethnicity?: string;
  mobile?: string;
  registeredAddress?: string;
  idNumber?: { cipher: string; keyId: string; last4: string };
}

/** PIPL art. 46: a resident asks to correct their record; staff approve (applied in the same transaction) or reject. */
export const personCorrections = pgTable(
  'person_corrections',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    personId: integer('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    requestedBy: integer('requested_by').references(() => users.id, { onDelete: 'set null' }),
    proposed: jsonb('proposed').$type<ProposedCorrection>().notNull(),
    reason: text('reason').notNull().default(''),
    status: text('status').$type<CorrectionStatus>().notNull().default('pending'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    decidedBy: integer('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    note: text('note'),
  },
  (t) => [
    index('person_corrections_person_idx').on(t.personId, t.createdAt),
    index('person_corrections_pending_idx').on(t.createdAt).where(sql`${t.status} = 'pending'`),
    check('person_corrections_status_check', sql`${t.status} in ('pending','approved','rejected')`),
    check('person_corrections_decided_check', sql`(${t.status} = 'pending') = (${t.decidedAt} is null)`),
  ],
);
