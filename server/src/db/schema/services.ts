import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  foreignKey,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { orgNodes, serviceCenters } from './org.js';
import { persons } from './registry.js';
import { requests } from './requests.js';
import { users } from './users.js';

/**
 * Convenience services 便民服务 (docs/adr/0027): the service guide 办事指南, windows and appointments, the hall's
 * queue and ratings 好差评, home service 上门办 and 帮办代办, the duty roster 坐班值班 and the convenience workshop
 * 便民工坊. Times of day are minutes after midnight China time; instants are timestamptz; days are `date`.
 */

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(','));

// ─── Service guide ──────────────────────────────────────────────────────────────────────────────────────────────

/** How an item is handled: 马上办, 线上办, 预约办, 上门办, 帮办代办. */
export const SERVICE_MODES = ['on_the_spot', 'online', 'by_appointment', 'at_home', 'on_behalf'] as const;
export type ServiceMode = (typeof SERVICE_MODES)[number];

export const SERVICE_ITEM_CATEGORIES = [
  'social_security', // 社保 (养老保险 …)
  'medical_insurance', // 医保
  'civil_affairs', // 民政 (低保, 残疾人, 高龄津贴 …)
  'household', // 户籍、居住证
  'certificates', // 证明开具
  'employment', // 就业创业
  'family', // 计生、婚育
  'veterans', // 退役军人
  'utilities', // 水电气暖缴费
  'elderly', // 养老服务
  'party', // 党员服务
  'other',
] as const;
export type ServiceItemCategory = (typeof SERVICE_ITEM_CATEGORIES)[number];

/** One material a resident must bring: 原件/复印件, how many copies, where to get it. */
export interface ServiceMaterial {
  name: string;
  form: 'original' | 'copy' | 'original_and_copy' | 'electronic';
  copies: number;
  /** 来源: where to get it (e.g. 户籍所在地派出所). */
  source: string | null;
  required: boolean;
  note: string | null;
}

/**
 * A service item 便民服务事项 of a node's guide. Items at the region or a city are the template; a community (or a
 * town) adopts template items, which copies them with `template_id` set, and adjusts its copy. `name_search` holds
 * the name's full pinyin and initials ("yanglaobaoxian ylbx") for search.
 */
export const serviceItems = pgTable(
  'service_items',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    /** The template item this one was copied from. */
    templateId: integer('template_id'),
    code: text('code'),
    name: text('name').notNull(),
    nameSearch: text('name_search').notNull().default(''),
    category: text('category').$type<ServiceItemCategory>().notNull(),
    /** 服务对象 / 申请条件. */
    eligibility: text('eligibility').notNull().default(''),
    materials: jsonb('materials').$type<ServiceMaterial[]>().notNull().default([]),
    /** 设定依据. */
    legalBasis: text('legal_basis').notNull().default(''),
    /** Fee in fen; 0 = free (不收费). */
    feeCents: integer('fee_cents').notNull().default(0),
    feeNote: text('fee_note').notNull().default(''),
    /** 承诺时限 in working days; 0 = done on the spot (即时办结). */
    timeLimitDays: integer('time_limit_days').notNull().default(0),
    modes: text('modes').array().$type<ServiceMode[]>().notNull().default(sql`'{}'::text[]`),
    /** The steps, one per line (办理流程). */
    process: text('process').notNull().default(''),
    /** Extra text of the one-time complete notice 一次性告知 (the rest is built from the fields). */
    notice: text('notice').notNull().default(''),
    /** A certificate a village or community may still issue (保留的证明事项). */
    isCertificate: boolean('is_certificate').notNull().default(false),
    /** Minutes a visit usually takes at a window (for slot suggestions and waiting estimates). */
    serviceMinutes: smallint('service_minutes').notNull().default(15),
    active: boolean('active').notNull().default(true),
    sort: integer('sort').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('service_items_node_idx').on(t.nodeId, t.sort),
    foreignKey({ name: 'service_items_template_fk', columns: [t.templateId], foreignColumns: [t.id] }).onDelete('set null'),
    uniqueIndex('service_items_node_name_key').on(t.nodeId, t.name),
    uniqueIndex('service_items_node_template_key').on(t.nodeId, t.templateId).where(sql`${t.templateId} is not null`),
    check('service_items_category_check', sql`${t.category} in (${inList(SERVICE_ITEM_CATEGORIES)})`),
    check('service_items_modes_check', sql`${t.modes} <@ array[${inList(SERVICE_MODES)}]::text[]`),
    check('service_items_fee_check', sql`${t.feeCents} >= 0`),
    check('service_items_time_limit_check', sql`${t.timeLimitDays} >= 0 and ${t.timeLimitDays} <= 365`),
    check('service_items_minutes_check', sql`${t.serviceMinutes} between 1 and 480`),
  ],
);

// ─── Windows and appointments ───────────────────────────────────────────────────────────────────────────────────

/**
 * A window 窗口 of a center's hall. Appointment slots are cut from the hall's opening hours (rooms module,
 * `room_schedules.purpose = 'hall'`, with the working calendar) every `slot_minutes`, each taking `slot_capacity`
 * people (party sizes add up).
 */
export const serviceWindows = pgTable(
  'service_windows',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    serviceCenterId: integer('service_center_id')
      .notNull()
      .references(() => serviceCenters.id, { onDelete: 'restrict' }),
    /** Shown on the hall's screen: 1 → "1号窗口". */
    number: smallint('number').notNull(),
    name: text('name').notNull(),
    /** Letter of its walk-in tickets (A012). */
    ticketPrefix: text('ticket_prefix').notNull().default('A'),
    acceptsAppointments: boolean('accepts_appointments').notNull().default(true),
    slotMinutes: smallint('slot_minutes').notNull().default(30),
    slotCapacity: smallint('slot_capacity').notNull().default(3),
    maxPartySize: smallint('max_party_size').notNull().default(3),
    maxAdvanceDays: smallint('max_advance_days').notNull().default(14),
    minNoticeMinutes: integer('min_notice_minutes').notNull().default(60),
    /** A booker may cancel or reschedule until this long before the start. */
    cancelNoticeMinutes: integer('cancel_notice_minutes').notNull().default(30),
    /** An appointment not checked in this long after its start becomes a no-show. */
    noShowMinutes: integer('no_show_minutes').notNull().default(15),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('service_windows_center_number_key').on(t.serviceCenterId, t.number),
    check('service_windows_number_check', sql`${t.number} between 1 and 99`),
    check('service_windows_prefix_check', sql`${t.ticketPrefix} ~ '^[A-Z]$'`),
    check('service_windows_slot_check', sql`${t.slotMinutes} between 5 and 240 and ${t.slotCapacity} between 1 and 100`),
    check('service_windows_party_check', sql`${t.maxPartySize} between 1 and ${t.slotCapacity}`),
    check('service_windows_advance_check', sql`${t.maxAdvanceDays} between 1 and 90`),
  ],
);

/** The items a window handles. */
export const serviceWindowItems = pgTable(
  'service_window_items',
  {
    windowId: integer('window_id')
      .notNull()
      .references(() => serviceWindows.id, { onDelete: 'cascade' }),
    itemId: integer('item_id')
      .notNull()
      .references(() => serviceItems.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.windowId, t.itemId] }), index('service_window_items_item_idx').on(t.itemId)],
);

/** The staff who sit at a window (they see its queue first on the desk). */
export const serviceWindowStaff = pgTable(
  'service_window_staff',
  {
    windowId: integer('window_id')
      .notNull()
      .references(() => serviceWindows.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.windowId, t.userId] }), index('service_window_staff_user_idx').on(t.userId)],
);

/**
 * One slot of a window, created when first booked. `taken` counts the people of the slot's holding appointments;
 * the check `taken <= capacity` is what makes concurrent bookings unable to overbook: a booking is a conditional
 * `update … set taken = taken + party where taken + party <= capacity`.
 */
export const appointmentSlots = pgTable(
  'appointment_slots',
  {
    windowId: integer('window_id')
      .notNull()
      .references(() => serviceWindows.id, { onDelete: 'restrict' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    capacity: smallint('capacity').notNull(),
    taken: smallint('taken').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.windowId, t.startsAt] }),
    check('appointment_slots_taken_check', sql`${t.taken} >= 0 and ${t.taken} <= ${t.capacity}`),
    check('appointment_slots_time_check', sql`${t.startsAt} < ${t.endsAt}`),
  ],
);

/**
 * booked: holds seats; waiting: on the slot's waiting list (promoted in the transaction that frees seats);
 * checked_in: arrived, has a queue ticket; served; cancelled; no_show; expired: still waiting when the slot began.
 */
export const APPOINTMENT_STATUSES = ['booked', 'waiting', 'checked_in', 'served', 'cancelled', 'no_show', 'expired'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
export const APPOINTMENT_HOLDING = ['booked', 'checked_in', 'served'] as const satisfies readonly AppointmentStatus[];

export const appointments = pgTable(
  'appointments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** Y + yyyymmdd + id, shown to the resident and at the desk. */
    number: text('number').notNull(),
    windowId: integer('window_id')
      .notNull()
      .references(() => serviceWindows.id, { onDelete: 'restrict' }),
    serviceCenterId: integer('service_center_id')
      .notNull()
      .references(() => serviceCenters.id, { onDelete: 'restrict' }),
    /** The center's org node (scope). */
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    itemId: integer('item_id')
      .notNull()
      .references(() => serviceItems.id, { onDelete: 'restrict' }),
    /** The resident's account (booked on the phone), or null when staff booked for someone without one. */
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    bookedBy: integer('booked_by').references(() => users.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    /** Contact phone, sealed like the registry's (platform/personalCrypto); shown masked. */
    phoneSealed: text('phone_sealed'),
    partySize: smallint('party_size').notNull().default(1),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    status: text('status').$type<AppointmentStatus>().notNull(),
    note: text('note').notNull().default(''),
    /** The appointment this one was moved from (reschedule = cancel + book in one transaction). */
    rescheduledFromId: integer('rescheduled_from_id'),
    cancelReason: text('cancel_reason'),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('appointments_number_key').on(t.number),
    foreignKey({ name: 'appointments_rescheduled_from_fk', columns: [t.rescheduledFromId], foreignColumns: [t.id] }).onDelete('set null'),
    index('appointments_slot_idx').on(t.windowId, t.startsAt, t.status),
    index('appointments_user_idx').on(t.userId, t.startsAt),
    index('appointments_center_day_idx').on(t.serviceCenterId, t.startsAt),
    index('appointments_node_idx').on(t.nodeId, t.startsAt),
    // "Was this appointment moved?" (statistics count a cancellation only when it was not a reschedule).
    index('appointments_rescheduled_from_idx').on(t.rescheduledFromId).where(sql`${t.rescheduledFromId} is not null`),
    check('appointments_status_check', sql`${t.status} in (${inList(APPOINTMENT_STATUSES)})`),
    check('appointments_party_check', sql`${t.partySize} between 1 and 20`),
  ],
);

// ─── Queue and ratings ──────────────────────────────────────────────────────────────────────────────────────────

export const TICKET_SOURCES = ['kiosk', 'staff', 'phone', 'appointment'] as const;
export type TicketSource = (typeof TICKET_SOURCES)[number];
/** waiting → called → serving → done; a called ticket nobody answers is skipped (no_show); cancelled by its holder. */
export const TICKET_STATUSES = ['waiting', 'called', 'serving', 'done', 'no_show', 'cancelled'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/**
 * A queue ticket 排队号 of a center's hall for one day. Walk-ins queue by `queued_at` (when taken); an appointment
 * checked in queues at its slot's start, so at its time it goes ahead of the walk-ins taken before. "Call next" takes
 * the first waiting ticket a window can serve with `for update skip locked`, so two windows never call one ticket.
 */
export const queueTickets = pgTable(
  'queue_tickets',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    serviceCenterId: integer('service_center_id')
      .notNull()
      .references(() => serviceCenters.id, { onDelete: 'restrict' }),
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    day: date('day', { mode: 'string' }).notNull(),
    /** A012 (walk-in, the window's prefix) or Y003 (appointment). */
    number: text('number').notNull(),
    itemId: integer('item_id').references(() => serviceItems.id, { onDelete: 'restrict' }),
    /** The window it waits for (any window handling the item when null), then the window that called it. */
    windowId: integer('window_id').references(() => serviceWindows.id, { onDelete: 'restrict' }),
    appointmentId: integer('appointment_id').references(() => appointments.id, { onDelete: 'restrict' }),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    source: text('source').$type<TicketSource>().notNull(),
    status: text('status').$type<TicketStatus>().notNull().default('waiting'),
    /** Place in the queue: taken_at for walk-ins, the slot's start for appointments. */
    queuedAt: timestamp('queued_at', { withTimezone: true }).notNull(),
    takenAt: timestamp('taken_at', { withTimezone: true }).notNull(),
    calledAt: timestamp('called_at', { withTimezone: true }),
    calledBy: integer('called_by').references(() => users.id, { onDelete: 'set null' }),
    callCount: smallint('call_count').notNull().default(0),
    servingAt: timestamp('serving_at', { withTimezone: true }),
    doneAt: timestamp('done_at', { withTimezone: true }),
    /** Set when staff transfer the ticket to another window; it keeps its place. */
    transferredFromWindowId: integer('transferred_from_window_id'),
    /** Secret in the ticket's link, so a walk-in without an account can follow and rate it. */
    token: text('token').notNull(),
  },
  (t) => [
    uniqueIndex('queue_tickets_center_day_number_key').on(t.serviceCenterId, t.day, t.number),
    uniqueIndex('queue_tickets_appointment_key').on(t.appointmentId).where(sql`${t.appointmentId} is not null`),
    uniqueIndex('queue_tickets_token_key').on(t.token),
    index('queue_tickets_waiting_idx').on(t.serviceCenterId, t.day, t.queuedAt).where(sql`${t.status} = 'waiting'`),
    index('queue_tickets_node_day_idx').on(t.nodeId, t.day),
    index('queue_tickets_user_idx').on(t.userId, t.day),
    check('queue_tickets_source_check', sql`${t.source} in (${inList(TICKET_SOURCES)})`),
    check('queue_tickets_status_check', sql`${t.status} in (${inList(TICKET_STATUSES)})`),
  ],
);

/** Numbers of a center's day per prefix, handed out by `insert … on conflict do update set last = last + 1`. */
export const queueCounters = pgTable(
  'queue_counters',
  {
    serviceCenterId: integer('service_center_id')
      .notNull()
      .references(() => serviceCenters.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    prefix: text('prefix').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.serviceCenterId, t.day, t.prefix] })],
);

/** 好差评 levels: 5 非常满意 … 1 非常不满意. Levels 1 and 2 need a reason and an answer from staff. */
export const RATING_LEVELS = [1, 2, 3, 4, 5] as const;

export const serviceRatings = pgTable(
  'service_ratings',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => queueTickets.id, { onDelete: 'restrict' }),
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    itemId: integer('item_id').references(() => serviceItems.id, { onDelete: 'set null' }),
    windowId: integer('window_id').references(() => serviceWindows.id, { onDelete: 'set null' }),
    /** The staff member who served the visit. */
    staffUserId: integer('staff_user_id').references(() => users.id, { onDelete: 'set null' }),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    level: smallint('level').notNull(),
    reason: text('reason'),
    answer: text('answer'),
    answeredBy: integer('answered_by').references(() => users.id, { onDelete: 'set null' }),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('service_ratings_ticket_key').on(t.ticketId),
    index('service_ratings_node_idx').on(t.nodeId, t.createdAt),
    index('service_ratings_unanswered_idx').on(t.nodeId).where(sql`${t.level} <= 2 and ${t.answeredAt} is null`),
    check('service_ratings_level_check', sql`${t.level} between 1 and 5`),
    check('service_ratings_reason_check', sql`${t.level} > 2 or (${t.reason} is not null and length(${t.reason}) > 0)`),
    check('service_ratings_answer_check', sql`(${t.answer} is null) = (${t.answeredAt} is null)`),
  ],
);

// ─── Home service 上门办 and 帮办代办 ─────────────────────────────────────────────────────────────────────────────

export const HOME_SERVICE_KINDS = ['at_home', 'on_behalf'] as const;
export type HomeServiceKind = (typeof HOME_SERVICE_KINDS)[number];

/**
 * A request for a service item done at home or for someone: the work itself is a request of the requests module
 * (time limits, dispatch, the grid worker, follow-up); this row tags it with the item and the person it is for.
 */
export const homeServiceRequests = pgTable(
  'home_service_requests',
  {
    requestId: integer('request_id')
      .primaryKey()
      .references(() => requests.id, { onDelete: 'restrict' }),
    itemId: integer('item_id')
      .notNull()
      .references(() => serviceItems.id, { onDelete: 'restrict' }),
    kind: text('kind').$type<HomeServiceKind>().notNull(),
    /** The registry person it is for, when asked on behalf of someone (e.g. an elderly person living alone). */
    forPersonId: integer('for_person_id').references(() => persons.id, { onDelete: 'set null' }),
    requestedBy: integer('requested_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('home_service_requests_item_idx').on(t.itemId),
    check('home_service_requests_kind_check', sql`${t.kind} in (${inList(HOME_SERVICE_KINDS)})`),
  ],
);

// ─── Duty roster 坐班值班 ────────────────────────────────────────────────────────────────────────────────────────

/**
 * Who is on duty at a center or station on a day, from `starts_min` to `ends_min`. A gap is a stretch of the
 * hall's opening hours on an open day that no shift covers; the roster job notifies the secretary of it.
 */
export const dutyShifts = pgTable(
  'duty_shifts',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    serviceCenterId: integer('service_center_id')
      .notNull()
      .references(() => serviceCenters.id, { onDelete: 'restrict' }),
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    day: date('day', { mode: 'string' }).notNull(),
    startsMin: smallint('starts_min').notNull(),
    endsMin: smallint('ends_min').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    /** 值班领导, 坐班 … shown beside the name. */
    duty: text('duty').notNull().default(''),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('duty_shifts_center_day_idx').on(t.serviceCenterId, t.day),
    index('duty_shifts_user_day_idx').on(t.userId, t.day),
    uniqueIndex('duty_shifts_person_key').on(t.serviceCenterId, t.day, t.startsMin, t.userId),
    check('duty_shifts_time_check', sql`${t.startsMin} >= 0 and ${t.endsMin} <= 1440 and ${t.startsMin} < ${t.endsMin}`),
  ],
);

export const SWAP_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type SwapStatus = (typeof SWAP_STATUSES)[number];

/** A request to hand a shift to a colleague; approved by someone with services.manage over the center. */
export const dutySwaps = pgTable(
  'duty_swaps',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    shiftId: integer('shift_id')
      .notNull()
      .references(() => dutyShifts.id, { onDelete: 'cascade' }),
    fromUserId: integer('from_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    toUserId: integer('to_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    reason: text('reason').notNull(),
    status: text('status').$type<SwapStatus>().notNull().default('pending'),
    decidedBy: integer('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('duty_swaps_one_pending_key').on(t.shiftId).where(sql`${t.status} = 'pending'`),
    check('duty_swaps_status_check', sql`${t.status} in (${inList(SWAP_STATUSES)})`),
    check('duty_swaps_people_check', sql`${t.fromUserId} <> ${t.toUserId}`),
  ],
);

/** One row per center and day whose gap was reported, so two processes (or two runs) report it once. */
export const dutyGapReports = pgTable(
  'duty_gap_reports',
  {
    serviceCenterId: integer('service_center_id')
      .notNull()
      .references(() => serviceCenters.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    /** The uncovered stretches, e.g. [[480, 720]]. */
    gaps: jsonb('gaps').$type<[number, number][]>().notNull(),
    reportedAt: timestamp('reported_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.serviceCenterId, t.day] })],
);

// ─── Convenience workshop 便民工坊 ───────────────────────────────────────────────────────────────────────────────

export const PROVIDER_KINDS = ['resident', 'shop', 'unit', 'social_org'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export const WORKSHOP_CATEGORIES = [
  'haircut',
  'appliance_repair',
  'key_cutting',
  'tailoring',
  'bicycle_repair',
  'drain_clearing',
  'housekeeping',
  'legal_advice',
  'health',
  'tutoring',
  'other',
] as const;
export type WorkshopCategory = (typeof WORKSHOP_CATEGORIES)[number];

/** A provider of the convenience workshop: a resident with a skill, a shop, a partner unit or a social organisation. */
export const workshopProviders = pgTable(
  'workshop_providers',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** The community (or center's node) whose workshop lists it. */
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    kind: text('kind').$type<ProviderKind>().notNull(),
    name: text('name').notNull(),
    contactName: text('contact_name').notNull(),
    /** Public: a provider's phone is meant to be called. */
    phone: text('phone').notNull(),
    /** The provider's own account: it sees and confirms the orders. */
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    address: text('address').notNull().default(''),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    /** Free text hours: 每周六 9:00–11:30. */
    hours: text('hours').notNull().default(''),
    description: text('description').notNull().default(''),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('workshop_providers_node_idx').on(t.nodeId),
    index('workshop_providers_user_idx').on(t.userId),
    unique('workshop_providers_node_name_key').on(t.nodeId, t.name),
    check('workshop_providers_kind_check', sql`${t.kind} in (${inList(PROVIDER_KINDS)})`),
  ],
);

export const workshopServices = pgTable(
  'workshop_services',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    providerId: integer('provider_id')
      .notNull()
      .references(() => workshopProviders.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    category: text('category').$type<WorkshopCategory>().notNull(),
    /** Price in fen; 0 = free 公益. */
    priceCents: integer('price_cents').notNull().default(0),
    /** 次, 件, 小时 … */
    unit: text('unit').notNull().default('次'),
    /** Done at the resident's home (drain clearing) rather than at the provider's place. */
    atHome: boolean('at_home').notNull().default(false),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('workshop_services_provider_idx').on(t.providerId),
    unique('workshop_services_provider_name_key').on(t.providerId, t.name),
    check('workshop_services_category_check', sql`${t.category} in (${inList(WORKSHOP_CATEGORIES)})`),
    check('workshop_services_price_check', sql`${t.priceCents} >= 0`),
  ],
);

/** requested → confirmed (or declined) → done; cancelled by the resident before it is done. */
export const WORKSHOP_ORDER_STATUSES = ['requested', 'confirmed', 'declined', 'done', 'cancelled'] as const;
export type WorkshopOrderStatus = (typeof WORKSHOP_ORDER_STATUSES)[number];

export const workshopOrders = pgTable(
  'workshop_orders',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    serviceId: integer('service_id')
      .notNull()
      .references(() => workshopServices.id, { onDelete: 'restrict' }),
    providerId: integer('provider_id')
      .notNull()
      .references(() => workshopProviders.id, { onDelete: 'restrict' }),
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    /** When the resident would like it; the provider confirms a time. */
    preferredAt: timestamp('preferred_at', { withTimezone: true }),
    confirmedFor: timestamp('confirmed_for', { withTimezone: true }),
    note: text('note').notNull().default(''),
    status: text('status').$type<WorkshopOrderStatus>().notNull().default('requested'),
    declineReason: text('decline_reason'),
    rating: smallint('rating'),
    ratingComment: text('rating_comment'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [
    index('workshop_orders_provider_idx').on(t.providerId, t.status),
    index('workshop_orders_user_idx').on(t.userId, t.createdAt),
    index('workshop_orders_node_idx').on(t.nodeId, t.createdAt),
    check('workshop_orders_status_check', sql`${t.status} in (${inList(WORKSHOP_ORDER_STATUSES)})`),
    check('workshop_orders_rating_check', sql`${t.rating} is null or (${t.rating} between 1 and 5 and ${t.status} = 'done')`),
  ],
);
