import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { orgNodes, serviceCenters } from './org.js';
import { users } from './users.js';

/**
 * Function rooms 功能室, their opening hours, teams and bookings. See docs/adr/0008-room-bookings.md.
 * Weekdays are ISO numbers (1 = Monday … 7 = Sunday); times of day are minutes after midnight China time
 * (0–1440); instants are timestamptz.
 */

export const ROOM_KINDS = [
  'dance',
  'chess_cards',
  'table_tennis',
  'singing',
  'reading',
  'meeting',
  'childcare',
  'day_care',
  'calligraphy',
  'fitness',
  'other',
] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];

/** hall: the one-stop service hall 服务大厅 (shown, not booked); rooms: hours shared by function rooms. */
export const SCHEDULE_PURPOSES = ['hall', 'rooms'] as const;
export type SchedulePurpose = (typeof SCHEDULE_PURPOSES)[number];

/** On a public holiday: keep the weekday's hours, close, or open with Sunday's hours. */
export const HOLIDAY_MODES = ['open', 'closed', 'sunday'] as const;
export type HolidayMode = (typeof HOLIDAY_MODES)[number];

/** closed: closed all day (or only between the given times); open: these hours replace the day's; extended: added. */
export const EXCEPTION_KINDS = ['closed', 'open', 'extended'] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

export const BOOKING_STATUSES = ['pending', 'confirmed', 'checked_in', 'cancelled', 'rejected', 'no_show', 'expired'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
/** Statuses that hold the room: the exclusion constraint on `bookings` applies to these only. */
export const HOLDING_STATUSES = ['pending', 'confirmed', 'checked_in'] as const satisfies readonly BookingStatus[];

export const WAITLIST_STATUSES = ['waiting', 'promoted', 'left', 'expired'] as const;
export type WaitlistStatus = (typeof WAITLIST_STATUSES)[number];

export const TEAM_KINDS = ['dance', 'choir', 'chess_cards', 'sports', 'interest_class', 'volunteer', 'other'] as const;
export type TeamKind = (typeof TEAM_KINDS)[number];

export const QUOTA_SUBJECTS = ['team', 'resident'] as const;
export type QuotaSubject = (typeof QUOTA_SUBJECTS)[number];

/** A named set of opening hours at a center: the service hall's, or one shared by some of its rooms. */
export const roomSchedules = pgTable(
  'room_schedules',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    serviceCenterId: integer('service_center_id')
      .notNull()
      .references(() => serviceCenters.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    purpose: text('purpose').$type<SchedulePurpose>().notNull(),
    holidayMode: text('holiday_mode').$type<HolidayMode>().notNull().default('open'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('room_schedules_center_name_key').on(t.serviceCenterId, t.name),
    // Target of the rooms → schedule foreign key that keeps a room on a schedule of its own center.
    unique('room_schedules_center_id_key').on(t.serviceCenterId, t.id),
    uniqueIndex('room_schedules_one_hall_key').on(t.serviceCenterId).where(sql`${t.purpose} = 'hall'`),
    check('room_schedules_purpose_check', sql`${t.purpose} in ('hall','rooms')`),
    check('room_schedules_holiday_mode_check', sql`${t.holidayMode} in ('open','closed','sunday')`),
  ],
);

/**
 * Weekday opening hours with validity dates. The rules covering a date that start latest (valid_from, null
 * oldest) form the rule set in force that day; a weekday that set does not mention is closed.
 */
export const roomHoursRules = pgTable(
  'room_hours_rules',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    scheduleId: integer('schedule_id')
      .notNull()
      .references(() => roomSchedules.id, { onDelete: 'cascade' }),
    weekdays: smallint('weekdays').array().notNull(),
    opensMin: smallint('opens_min').notNull(),
    closesMin: smallint('closes_min').notNull(),
    validFrom: date('valid_from', { mode: 'string' }),
    validTo: date('valid_to', { mode: 'string' }),
  },
  (t) => [
    index('room_hours_rules_schedule_idx').on(t.scheduleId),
    check('room_hours_rules_weekdays_check', sql`cardinality(${t.weekdays}) > 0 and ${t.weekdays} <@ '{1,2,3,4,5,6,7}'::smallint[]`),
    check('room_hours_rules_times_check', sql`${t.opensMin} >= 0 and ${t.closesMin} <= 1440 and ${t.opensMin} < ${t.closesMin}`),
    check('room_hours_rules_validity_check', sql`${t.validFrom} is null or ${t.validTo} is null or ${t.validFrom} <= ${t.validTo}`),
  ],
);

export const rooms = pgTable(
  'rooms',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    serviceCenterId: integer('service_center_id')
      .notNull()
      .references(() => serviceCenters.id, { onDelete: 'restrict' }),
    scheduleId: integer('schedule_id').notNull(),
    name: text('name').notNull(),
    kind: text('kind').$type<RoomKind>().notNull(),
    capacity: integer('capacity'),
    location: text('location'),
    description: text('description').notNull().default(''),
    equipment: text('equipment').array().notNull().default(sql`'{}'::text[]`),
    /** Ids of uploaded images (files table). */
    photoFileIds: uuid('photo_file_ids').array().notNull().default(sql`'{}'::uuid[]`),
    requiresApproval: boolean('requires_approval').notNull().default(false),
    /** Residents of any community may book, not only those the center serves. */
    openToAll: boolean('open_to_all').notNull().default(false),
    active: boolean('active').notNull().default(true),
    /** Bookings start and end on this grid of minutes. */
    slotMinutes: smallint('slot_minutes').notNull().default(30),
    minBookingMinutes: integer('min_booking_minutes').notNull().default(30),
    maxBookingMinutes: integer('max_booking_minutes').notNull().default(240),
    minNoticeMinutes: integer('min_notice_minutes').notNull().default(30),
    maxAdvanceDays: integer('max_advance_days').notNull().default(60),
    /** A booker may cancel until this long before the start; staff may cancel any time. */
    cancelNoticeMinutes: integer('cancel_notice_minutes').notNull().default(120),
    /** A confirmed booking not checked in this long after its start is released as a no-show. */
    noShowReleaseMinutes: integer('no_show_release_minutes').notNull().default(15),
    checkinOpensMinutes: integer('checkin_opens_minutes').notNull().default(15),
    /** Secret in the room's QR code; scanning it checks the scanner's booking in. */
    checkinToken: text('checkin_token').notNull(),
    /**
     * Six digits printed under the QR code, for those who cannot scan: easy to type on a phone's number pad. Set
     * when the room is added or its code renewed (and on first showing for rooms from before). Guessing is
     * throttled per account, and a code only checks in the caller's own booking of that room.
     */
    checkinCode: text('checkin_code'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    foreignKey({
      name: 'rooms_schedule_same_center_fk',
      columns: [t.serviceCenterId, t.scheduleId],
      foreignColumns: [roomSchedules.serviceCenterId, roomSchedules.id],
    }).onDelete('restrict'),
    uniqueIndex('rooms_center_name_key').on(t.serviceCenterId, t.name),
    uniqueIndex('rooms_checkin_token_key').on(t.checkinToken),
    uniqueIndex('rooms_checkin_code_key').on(t.checkinCode),
    check('rooms_checkin_code_check', sql`${t.checkinCode} is null or ${t.checkinCode} ~ '^[0-9]{6}$'`),
    index('rooms_schedule_idx').on(t.scheduleId),
    check(
      'rooms_kind_check',
      sql`${t.kind} in ('dance','chess_cards','table_tennis','singing','reading','meeting','childcare','day_care','calligraphy','fitness','other')`,
    ),
    check('rooms_capacity_check', sql`${t.capacity} is null or ${t.capacity} > 0`),
    check('rooms_slot_check', sql`${t.slotMinutes} in (5, 10, 15, 20, 30, 60)`),
    check(
      'rooms_rules_check',
      sql`${t.minBookingMinutes} > 0 and ${t.maxBookingMinutes} >= ${t.minBookingMinutes} and ${t.maxBookingMinutes} <= 1440
          and ${t.minNoticeMinutes} >= 0 and ${t.maxAdvanceDays} between 1 and 366 and ${t.cancelNoticeMinutes} >= 0
          and ${t.noShowReleaseMinutes} between 1 and 240 and ${t.checkinOpensMinutes} between 0 and 240`,
    ),
  ],
);

/** Exceptions to a schedule for a date or a range: for every room on it, or for one room (room_id). */
export const roomHoursExceptions = pgTable(
  'room_hours_exceptions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    scheduleId: integer('schedule_id')
      .notNull()
      .references(() => roomSchedules.id, { onDelete: 'cascade' }),
    roomId: integer('room_id').references(() => rooms.id, { onDelete: 'cascade' }),
    dateFrom: date('date_from', { mode: 'string' }).notNull(),
    dateTo: date('date_to', { mode: 'string' }).notNull(),
    kind: text('kind').$type<ExceptionKind>().notNull(),
    opensMin: smallint('opens_min'),
    closesMin: smallint('closes_min'),
    note: text('note'),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('room_hours_exceptions_schedule_idx').on(t.scheduleId, t.dateFrom),
    check('room_hours_exceptions_kind_check', sql`${t.kind} in ('closed','open','extended')`),
    check('room_hours_exceptions_range_check', sql`${t.dateFrom} <= ${t.dateTo}`),
    check(
      'room_hours_exceptions_times_check',
      sql`(${t.opensMin} is null and ${t.closesMin} is null and ${t.kind} = 'closed')
          or (${t.opensMin} >= 0 and ${t.closesMin} <= 1440 and ${t.opensMin} < ${t.closesMin})`,
    ),
  ],
);

/** Booking settings of a center as a whole; a center without a row uses the column defaults. */
export const roomCenterSettings = pgTable(
  'room_center_settings',
  {
    serviceCenterId: integer('service_center_id')
      .primaryKey()
      .references(() => serviceCenters.id, { onDelete: 'cascade' }),
    openToAll: boolean('open_to_all').notNull().default(false),
    /** This many no-shows within the window suspend booking at the center for suspension_days. */
    noShowLimit: smallint('no_show_limit').notNull().default(3),
    noShowWindowDays: smallint('no_show_window_days').notNull().default(30),
    suspensionDays: smallint('suspension_days').notNull().default(14),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    check(
      'room_center_settings_no_show_check',
      sql`${t.noShowLimit} between 1 and 100 and ${t.noShowWindowDays} between 1 and 366 and ${t.suspensionDays} between 1 and 366`,
    ),
  ],
);

/** Hours per week a team (shared by its members) or a resident may hold: in one room, or in the whole center. */
export const roomQuotas = pgTable(
  'room_quotas',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    serviceCenterId: integer('service_center_id')
      .notNull()
      .references(() => serviceCenters.id, { onDelete: 'cascade' }),
    roomId: integer('room_id').references(() => rooms.id, { onDelete: 'cascade' }),
    subject: text('subject').$type<QuotaSubject>().notNull(),
    minutesPerWeek: integer('minutes_per_week').notNull(),
  },
  (t) => [
    uniqueIndex('room_quotas_scope_key').on(t.serviceCenterId, sql`coalesce(${t.roomId}, 0)`, t.subject),
    check('room_quotas_subject_check', sql`${t.subject} in ('team','resident')`),
    check('room_quotas_minutes_check', sql`${t.minutesPerWeek} between 0 and 10080`),
  ],
);

/** Resident teams 团队 (舞蹈队, 合唱队, interest classes…), filed at an org node; a team books as a team. */
export const teams = pgTable(
  'teams',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgNodeId: integer('org_node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    kind: text('kind').$type<TeamKind>().notNull(),
    leaderUserId: integer('leader_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    description: text('description').notNull().default(''),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('teams_node_name_key').on(t.orgNodeId, t.name),
    index('teams_leader_idx').on(t.leaderUserId),
    check('teams_kind_check', sql`${t.kind} in ('dance','choir','chess_cards','sports','interest_class','volunteer','other')`),
  ],
);

export const teamMembers = pgTable(
  'team_members',
  {
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index('team_members_user_idx').on(t.userId)],
);

/** A weekly recurring booking: one `bookings` row per date that could be booked. */
export const bookingSeries = pgTable(
  'booking_series',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    roomId: integer('room_id')
      .notNull()
      .references(() => rooms.id, { onDelete: 'restrict' }),
    teamId: integer('team_id').references(() => teams.id, { onDelete: 'restrict' }),
    bookedBy: integer('booked_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    weekdays: smallint('weekdays').array().notNull(),
    startsMin: smallint('starts_min').notNull(),
    endsMin: smallint('ends_min').notNull(),
    firstDate: date('first_date', { mode: 'string' }).notNull(),
    lastDate: date('last_date', { mode: 'string' }).notNull(),
    purpose: text('purpose').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  },
  (t) => [
    index('booking_series_room_idx').on(t.roomId),
    check('booking_series_times_check', sql`${t.startsMin} >= 0 and ${t.endsMin} <= 1440 and ${t.startsMin} < ${t.endsMin}`),
    check('booking_series_dates_check', sql`${t.firstDate} <= ${t.lastDate}`),
  ],
);

/**
 * Bookings. No two bookings of a room that hold it (pending, confirmed, checked in) may overlap: the exclusion
 * constraint `bookings_no_overlap`
 *   EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
 *   WHERE (status IN ('pending', 'confirmed', 'checked_in'))
 * is added by the hand-written migration `*_rooms_exclusion.sql` (drizzle-kit cannot express it). Ranges are
 * half-open, so 17:00–19:00 and 19:00–21:00 do not overlap. Inserting an overlapping row fails with SQLSTATE
 * 23P01, also when 50 transactions try at once; the service turns that into a 409 naming the free times.
 */
export const bookings = pgTable(
  'bookings',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    roomId: integer('room_id')
      .notNull()
      .references(() => rooms.id, { onDelete: 'restrict' }),
    seriesId: integer('series_id').references(() => bookingSeries.id, { onDelete: 'set null' }),
    teamId: integer('team_id').references(() => teams.id, { onDelete: 'restrict' }),
    bookedBy: integer('booked_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    status: text('status').$type<BookingStatus>().notNull(),
    purpose: text('purpose').notNull().default(''),
    attendees: integer('attendees'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: integer('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decisionNote: text('decision_note'),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
    checkedInBy: integer('checked_in_by').references(() => users.id, { onDelete: 'set null' }),
    checkinMethod: text('checkin_method').$type<'qr' | 'staff'>(),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelledBy: integer('cancelled_by').references(() => users.id, { onDelete: 'set null' }),
    cancelReason: text('cancel_reason'),
    /** When a no-show or an undecided request was released by the job. */
    releasedAt: timestamp('released_at', { withTimezone: true }),
  },
  (t) => [
    index('bookings_room_time_idx').on(t.roomId, t.startsAt),
    index('bookings_team_time_idx').on(t.teamId, t.startsAt),
    index('bookings_booker_time_idx').on(t.bookedBy, t.startsAt),
    index('bookings_series_idx').on(t.seriesId),
    index('bookings_open_start_idx').on(t.startsAt).where(sql`${t.status} in ('pending','confirmed')`),
    check(
      'bookings_status_check',
      sql`${t.status} in ('pending','confirmed','checked_in','cancelled','rejected','no_show','expired')`,
    ),
    check('bookings_time_check', sql`${t.endsAt} > ${t.startsAt}`),
    check('bookings_checkin_method_check', sql`${t.checkinMethod} is null or ${t.checkinMethod} in ('qr','staff')`),
    check('bookings_attendees_check', sql`${t.attendees} is null or ${t.attendees} > 0`),
  ],
);

/** Waiting for a taken slot; the first in line still within quota gets it when it frees up. */
export const bookingWaitlist = pgTable(
  'booking_waitlist',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    roomId: integer('room_id')
      .notNull()
      .references(() => rooms.id, { onDelete: 'cascade' }),
    teamId: integer('team_id').references(() => teams.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    purpose: text('purpose').notNull().default(''),
    status: text('status').$type<WaitlistStatus>().notNull().default('waiting'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    bookingId: integer('booking_id').references(() => bookings.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('booking_waitlist_room_idx').on(t.roomId, t.startsAt).where(sql`${t.status} = 'waiting'`),
    index('booking_waitlist_user_idx').on(t.userId, t.createdAt),
    uniqueIndex('booking_waitlist_once_key')
      .on(t.roomId, t.userId, sql`coalesce(${t.teamId}, 0)`, t.startsAt, t.endsAt)
      .where(sql`${t.status} = 'waiting'`),
    check('booking_waitlist_status_check', sql`${t.status} in ('waiting','promoted','left','expired')`),
    check('booking_waitlist_time_check', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/** Booking at a center suspended for a resident (personal bookings) or a team after repeated no-shows. */
export const bookingSuspensions = pgTable(
  'booking_suspensions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    serviceCenterId: integer('service_center_id')
      .notNull()
      .references(() => serviceCenters.id, { onDelete: 'cascade' }),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    teamId: integer('team_id').references(() => teams.id, { onDelete: 'cascade' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    noShows: integer('no_shows').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    liftedAt: timestamp('lifted_at', { withTimezone: true }),
    liftedBy: integer('lifted_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('booking_suspensions_user_idx').on(t.serviceCenterId, t.userId, t.endsAt),
    index('booking_suspensions_team_idx').on(t.serviceCenterId, t.teamId, t.endsAt),
    check('booking_suspensions_subject_check', sql`(${t.userId} is null) <> (${t.teamId} is null)`),
    check('booking_suspensions_time_check', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);
