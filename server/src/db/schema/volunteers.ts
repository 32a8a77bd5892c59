import { sql } from 'drizzle-orm';
import { boolean, check, date, doublePrecision, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { orgNodes } from './org.js';
import { persons } from './registry.js';
import { users } from './users.js';

/**
 * 志愿服务 — the shared core of volunteering (docs/adr/0022): volunteers, teams and their members, activities and
 * sign-ups, and the append-only ledger of service hours. Stars, certificates, points, the charity store, micro-wishes
 * and party-member registration build on these tables in their own schema files.
 */

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(','));

export const VOLUNTEER_GENDERS = ['male', 'female', 'unknown'] as const;
/** 政治面貌: the three that matter to the service center's lists. */
export const POLITICAL_STATUSES = ['party_member', 'league_member', 'masses'] as const;
export type PoliticalStatus = (typeof POLITICAL_STATUSES)[number];
export const VOLUNTEER_STATUSES = ['active', 'suspended', 'left'] as const;
export type VolunteerStatus = (typeof VOLUNTEER_STATUSES)[number];

/**
 * A volunteer's record, with the fields of 民政部《志愿服务记录与证明出具办法（试行）》(2021): name, gender, birth date,
 * ID type and number (sealed as in the registry: cipher, key id, keyed hash, last four), contact, residence area
 * (an org node), skills, service categories and the volunteer number. Linked to the person of the registry and to
 * the user's own account when there is one.
 */
export const volunteers = pgTable(
  'volunteers',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** 志愿者编号: unique, issued at registration ("V" + the community's id + a sequence), never reused. */
    volunteerNo: text('volunteer_no').notNull(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    personId: integer('person_id').references(() => persons.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    namePinyin: text('name_pinyin').notNull().default(''),
    nameInitials: text('name_initials').notNull().default(''),
    gender: text('gender').$type<(typeof VOLUNTEER_GENDERS)[number]>().notNull().default('unknown'),
    birthDate: date('birth_date', { mode: 'string' }),
    idKind: text('id_kind'),
    idCipher: text('id_cipher'),
    idKeyId: text('id_key_id'),
    idHash: text('id_hash'),
    idLast4: text('id_last4'),
    mobile: text('mobile'),
    /** 居住区域: the node the volunteer lives in (community, grid, building or unit). */
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    /** The community above node_id, for scoped lists and statistics. */
    communityId: integer('community_id').references(() => orgNodes.id, { onDelete: 'restrict' }),
    politicalStatus: text('political_status').$type<PoliticalStatus>().notNull().default('masses'),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    serviceCategories: text('service_categories').array().notNull().default(sql`'{}'::text[]`),
    status: text('status').$type<VolunteerStatus>().notNull().default('active'),
    /**
     * Sum of the minutes of this volunteer's confirmed hour entries, kept in the transaction that confirms an entry
     * (stars, certificates and totals read it; an invariant recounts it from hour_entries).
     */
    confirmedMinutes: integer('confirmed_minutes').notNull().default(0),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('volunteers_no_key').on(t.volunteerNo),
    uniqueIndex('volunteers_user_key').on(t.userId),
    uniqueIndex('volunteers_person_key').on(t.personId),
    uniqueIndex('volunteers_id_hash_key').on(t.idHash),
    index('volunteers_node_idx').on(t.nodeId),
    index('volunteers_community_name_idx').on(t.communityId, t.name),
    index('volunteers_community_initials_idx').on(t.communityId, t.nameInitials),
    check('volunteers_gender_check', sql`${t.gender} in (${inList(VOLUNTEER_GENDERS)})`),
    check('volunteers_political_status_check', sql`${t.politicalStatus} in (${inList(POLITICAL_STATUSES)})`),
    check('volunteers_status_check', sql`${t.status} in (${inList(VOLUNTEER_STATUSES)})`),
    check('volunteers_confirmed_minutes_check', sql`${t.confirmedMinutes} >= 0`),
  ],
);

/** 党员先锋队, 红马甲, 暖心服务小分队, 手机教学队 … */
export const VOLUNTEER_TEAM_KINDS = ['party_vanguard', 'red_vest', 'warm_service', 'phone_teaching', 'professional', 'other'] as const;
export type VolunteerTeamKind = (typeof VOLUNTEER_TEAM_KINDS)[number];
/** How a volunteer joins: with the team's invitation code (at once), or by asking and a leader's approval. */
export const VOLUNTEER_TEAM_JOIN_MODES = ['code', 'approval'] as const;

/** 志愿服务队: belongs to a node (community, town …). */
export const volunteerTeams = pgTable(
  'volunteer_teams',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    kind: text('kind').$type<VolunteerTeamKind>().notNull(),
    description: text('description').notNull().default(''),
    joinMode: text('join_mode').$type<(typeof VOLUNTEER_TEAM_JOIN_MODES)[number]>().notNull().default('approval'),
    /** Eight characters from an alphabet without look-alikes; a new code replaces the old one. */
    inviteCode: text('invite_code'),
    dissolvedAt: timestamp('dissolved_at', { withTimezone: true }),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('volunteer_teams_node_name_key').on(t.nodeId, t.name),
    uniqueIndex('volunteer_teams_invite_code_key').on(t.inviteCode),
    check('volunteer_teams_kind_check', sql`${t.kind} in (${inList(VOLUNTEER_TEAM_KINDS)})`),
    check('volunteer_teams_join_mode_check', sql`${t.joinMode} in (${inList(VOLUNTEER_TEAM_JOIN_MODES)})`),
  ],
);

export const VOLUNTEER_MEMBER_STATUSES = ['pending', 'active', 'rejected', 'left'] as const;
export type VolunteerMemberStatus = (typeof VOLUNTEER_MEMBER_STATUSES)[number];

/** A volunteer in a team; one open (pending or active) row per pair; leaving keeps the row. */
export const volunteerTeamMembers = pgTable(
  'volunteer_team_members',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    teamId: integer('team_id')
      .notNull()
      .references(() => volunteerTeams.id, { onDelete: 'restrict' }),
    volunteerId: integer('volunteer_id')
      .notNull()
      .references(() => volunteers.id, { onDelete: 'restrict' }),
    role: text('role').$type<'leader' | 'member'>().notNull().default('member'),
    status: text('status').$type<VolunteerMemberStatus>().notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: integer('decided_by').references(() => users.id, { onDelete: 'set null' }),
    leftAt: timestamp('left_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('volunteer_team_members_open_key')
      .on(t.teamId, t.volunteerId)
      .where(sql`${t.status} in ('pending','active')`),
    index('volunteer_team_members_volunteer_idx').on(t.volunteerId),
    check('volunteer_team_members_role_check', sql`${t.role} in ('leader','member')`),
    check('volunteer_team_members_status_check', sql`${t.status} in (${inList(VOLUNTEER_MEMBER_STATUSES)})`),
  ],
);

/** Service categories of activities (and of volunteers' interests). */
export const SERVICE_CATEGORIES = ['elderly_care', 'children', 'environment', 'public_safety', 'culture', 'health', 'digital_help', 'civility', 'emergency', 'other'] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];
export const ACTIVITY_STATUSES = ['published', 'cancelled'] as const;

/**
 * 志愿服务活动: published by a team or a node. `signed_up` counts active sign-ups and the check keeps it at most
 * `capacity`, so a conditional `update … set signed_up = signed_up + 1 where signed_up < capacity` holds the
 * capacity under concurrent sign-ups. A recurring activity is one row per occurrence sharing `series_id`.
 */
export const activities = pgTable(
  'activities',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    /** The community above node_id (or null when published above communities). */
    communityId: integer('community_id').references(() => orgNodes.id, { onDelete: 'restrict' }),
    teamId: integer('team_id').references(() => volunteerTeams.id, { onDelete: 'restrict' }),
    seriesId: integer('series_id'),
    title: text('title').notNull(),
    category: text('category').$type<ServiceCategory>().notNull(),
    description: text('description').notNull().default(''),
    placeName: text('place_name').notNull().default(''),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    capacity: integer('capacity').notNull(),
    signedUp: integer('signed_up').notNull().default(0),
    minAge: integer('min_age'),
    signupDeadline: timestamp('signup_deadline', { withTimezone: true }).notNull(),
    selfCancel: boolean('self_cancel').notNull().default(true),
    requiredSkill: text('required_skill'),
    status: text('status').$type<(typeof ACTIVITY_STATUSES)[number]>().notNull().default('published'),
    /** Secret in the activity's check-in QR code; a new one replaces the old. */
    checkinToken: text('checkin_token').notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('activities_node_starts_idx').on(t.nodeId, t.startsAt),
    index('activities_community_starts_idx').on(t.communityId, t.startsAt),
    index('activities_team_idx').on(t.teamId),
    index('activities_series_idx').on(t.seriesId),
    uniqueIndex('activities_checkin_token_key').on(t.checkinToken),
    check('activities_category_check', sql`${t.category} in (${inList(SERVICE_CATEGORIES)})`),
    check('activities_status_check', sql`${t.status} in (${inList(ACTIVITY_STATUSES)})`),
    check('activities_time_check', sql`${t.endsAt} > ${t.startsAt}`),
    check('activities_capacity_check', sql`${t.capacity} >= 1 and ${t.signedUp} >= 0 and ${t.signedUp} <= ${t.capacity}`),
  ],
);

export const SIGNUP_STATUSES = ['signed_up', 'waitlisted', 'cancelled', 'removed'] as const;
export type SignupStatus = (typeof SIGNUP_STATUSES)[number];

/** A volunteer's place in an activity: one row per pair; check-in and check-out times from the QR code or the organiser. */
export const activitySignups = pgTable(
  'activity_signups',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    activityId: integer('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'restrict' }),
    volunteerId: integer('volunteer_id')
      .notNull()
      .references(() => volunteers.id, { onDelete: 'restrict' }),
    status: text('status').$type<SignupStatus>().notNull(),
    signedUpAt: timestamp('signed_up_at', { withTimezone: true }).notNull(),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
    checkedOutAt: timestamp('checked_out_at', { withTimezone: true }),
    /** Checked out by the system at the activity's end because the volunteer never did: the hour entry needs review. */
    autoCheckedOut: boolean('auto_checked_out').notNull().default(false),
  },
  (t) => [
    uniqueIndex('activity_signups_pair_key').on(t.activityId, t.volunteerId),
    index('activity_signups_volunteer_idx').on(t.volunteerId),
    index('activity_signups_waitlist_idx').on(t.activityId, t.signedUpAt).where(sql`${t.status} = 'waitlisted'`),
    check('activity_signups_status_check', sql`${t.status} in (${inList(SIGNUP_STATUSES)})`),
  ],
);

/** record: from an activity or logged service; correction: a signed delta to an earlier entry, never an edit. */
export const HOUR_ENTRY_KINDS = ['record', 'correction'] as const;
/**
 * pending: waiting for the organiser; awaiting_approval: recorded after the 10-working-day window, waiting for the
 * node above; confirmed counts; rejected does not.
 */
export const HOUR_ENTRY_STATUSES = ['pending', 'awaiting_approval', 'confirmed', 'rejected'] as const;
export type HourEntryStatus = (typeof HOUR_ENTRY_STATUSES)[number];

/**
 * 服务时长: append-only. A volunteer's hours are the sum of `minutes` over confirmed entries; a correction is a new
 * entry (kind 'correction', `corrects_id` set, minutes may be negative) with its reason. Only the status moves
 * (pending → confirmed/rejected, awaiting_approval → confirmed/rejected); minutes, dates and reasons never change.
 */
export const hourEntries = pgTable(
  'hour_entries',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    volunteerId: integer('volunteer_id')
      .notNull()
      .references(() => volunteers.id, { onDelete: 'restrict' }),
    activityId: integer('activity_id').references(() => activities.id, { onDelete: 'restrict' }),
    signupId: integer('signup_id').references(() => activitySignups.id, { onDelete: 'restrict' }),
    /** Whose record it is: the activity's node (or the node that logged the service). */
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    communityId: integer('community_id').references(() => orgNodes.id, { onDelete: 'restrict' }),
    kind: text('kind').$type<(typeof HOUR_ENTRY_KINDS)[number]>().notNull().default('record'),
    correctsId: integer('corrects_id'),
    serviceDate: date('service_date', { mode: 'string' }).notNull(),
    /** From the activity's times (records only). */
    plannedMinutes: integer('planned_minutes'),
    /** Actual minutes (a record: from check-in/out or as adjusted by the organiser; a correction: the signed delta). */
    minutes: integer('minutes').notNull(),
    /** What was done (服务内容), shown on certificates. */
    content: text('content').notNull().default(''),
    /** Why the organiser adjusted the minutes, or why the correction. */
    reason: text('reason'),
    /** Needs a look: the volunteer was checked out automatically. */
    flagged: boolean('flagged').notNull().default(false),
    status: text('status').$type<HourEntryStatus>().notNull(),
    recordedBy: integer('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    decidedBy: integer('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    index('hour_entries_volunteer_idx').on(t.volunteerId, t.serviceDate),
    index('hour_entries_activity_idx').on(t.activityId),
    index('hour_entries_corrects_idx')
      .on(t.correctsId)
      .where(sql`${t.correctsId} is not null`),
    index('hour_entries_community_date_idx').on(t.communityId, t.serviceDate),
    index('hour_entries_node_status_idx').on(t.nodeId, t.status),
    uniqueIndex('hour_entries_signup_record_key')
      .on(t.signupId)
      .where(sql`${t.kind} = 'record'`),
    check('hour_entries_kind_check', sql`${t.kind} in (${inList(HOUR_ENTRY_KINDS)})`),
    check('hour_entries_status_check', sql`${t.status} in (${inList(HOUR_ENTRY_STATUSES)})`),
    check('hour_entries_minutes_check', sql`(${t.kind} = 'record' and ${t.minutes} >= 0 and ${t.minutes} <= 1440) or (${t.kind} = 'correction' and ${t.correctsId} is not null)`),
  ],
);
