import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { orgNodes } from './org.js';
import { users } from './users.js';

/**
 * 实有人口 — the resident registry. A household (户) sits at a unit (or, in a village or gacha, at the community
 * itself with its household number); a person lives in one household at a time, and every move is a new
 * `residences` row, never an update. The grid and community of a household follow from its node and are copied
 * here (kept by the service when a unit moves) so a community's or a grid's people are one indexed range.
 */

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(','));

export const households = pgTable(
  'households',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** The unit (or building, or village/gacha community) the household lives in. */
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    /** Copied from the node's ancestors: the grid (null when the place is not under a grid) and the community. */
    gridId: integer('grid_id').references(() => orgNodes.id, { onDelete: 'restrict' }),
    communityId: integer('community_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    /** 户号 (village/gacha household number, or the police household register's number). */
    householdNo: text('household_no'),
    /** The door: "501", "3-2-501"; with the node's names it makes the address. */
    door: text('door'),
    /** Free-text address for places the tree does not reach (a village lane, a farm). */
    address: text('address'),
    namePinyin: text('name_pinyin').notNull().default(''),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /** A household with nobody left in it is closed, not deleted (its history stays). */
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    index('households_node_idx').on(t.nodeId),
    index('households_grid_idx').on(t.gridId),
    index('households_community_idx').on(t.communityId),
    uniqueIndex('households_community_no_key').on(t.communityId, t.householdNo).where(sql`${t.householdNo} is not null and ${t.closedAt} is null`),
  ],
);

export const GENDERS = ['male', 'female', 'unknown'] as const;
export type Gender = (typeof GENDERS)[number];

/** 与户主关系 (GB/T 4761 家庭关系代码, grouped). */
export const RELATIONS = ['head', 'spouse', 'child', 'child_in_law', 'grandchild', 'parent', 'parent_in_law', 'grandparent', 'sibling', 'other_relative', 'non_relative'] as const;
export type Relation = (typeof RELATIONS)[number];

/** present: lives here; away: registered here but living elsewhere (外出); deceased: kept for history. */
export const LIVING_STATUSES = ['present', 'away', 'deceased'] as const;
export type LivingStatus = (typeof LIVING_STATUSES)[number];

/** resident_id: 居民身份证 (GB 11643, validated); other documents are kept as given. */
export const ID_KINDS = ['resident_id', 'hk_macao_permit', 'taiwan_permit', 'passport', 'foreign_permanent', 'other'] as const;
export type IdKind = (typeof ID_KINDS)[number];

export const persons = pgTable(
  'persons',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    namePinyin: text('name_pinyin').notNull().default(''),
    nameInitials: text('name_initials').notNull().default(''),
    gender: text('gender').$type<Gender>().notNull().default('unknown'),
    birthDate: date('birth_date', { mode: 'string' }),
    /** 民族, by its Chinese name ("汉族", "蒙古族"). */
    ethnicity: text('ethnicity'),
    idKind: text('id_kind').$type<IdKind>(),
    /**
     * The document number, AES-256-GCM encrypted: base64(iv ‖ ciphertext ‖ tag) under the key `id_key_id`
     * (platform/personalCrypto.ts). The plain number is never stored in any column.
     */
    idCipher: text('id_cipher'),
    idKeyId: text('id_key_id'),
    /** HMAC-SHA256 of the normalised number under the configured hash key: exact search and duplicates. */
    idHash: text('id_hash'),
    /** The last four characters, for a masked display without decrypting ("1502**********1234"). */
    idLast4: text('id_last4'),
    mobile: text('mobile'),
    /** 户籍地址 — the registered (hukou) address, as written. */
    registeredAddress: text('registered_address'),
    livingStatus: text('living_status').$type<LivingStatus>().notNull().default('present'),
    /** Where and why the person is away (外出务工, 随子女居住 …). */
    awayNote: text('away_note'),
    /** Current household (null after moving out of the area); the history is in `residences`. */
    householdId: integer('household_id').references(() => households.id, { onDelete: 'restrict' }),
    relation: text('relation').$type<Relation>(),
    /** Copied from the current household, for scoped lists and search. */
    gridId: integer('grid_id').references(() => orgNodes.id, { onDelete: 'restrict' }),
    communityId: integer('community_id').references(() => orgNodes.id, { onDelete: 'restrict' }),
    /** The resident's own account, once staff confirmed the account against this record. */
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    note: text('note'),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('persons_id_hash_key').on(t.idHash),
    uniqueIndex('persons_user_key').on(t.userId),
    index('persons_household_idx').on(t.householdId),
    index('persons_grid_idx').on(t.gridId),
    index('persons_community_name_idx').on(t.communityId, t.name),
    index('persons_community_initials_idx').on(t.communityId, t.nameInitials),
    index('persons_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
    index('persons_pinyin_trgm').using('gin', sql`${t.namePinyin} gin_trgm_ops`),
    check('persons_gender_check', sql`${t.gender} in (${inList(GENDERS)})`),
    check('persons_living_status_check', sql`${t.livingStatus} in (${inList(LIVING_STATUSES)})`),
    check('persons_relation_check', sql`${t.relation} is null or ${t.relation} in (${inList(RELATIONS)})`),
    check('persons_id_kind_check', sql`${t.idKind} is null or ${t.idKind} in (${inList(ID_KINDS)})`),
    check('persons_id_cipher_check', sql`(${t.idCipher} is null) = (${t.idHash} is null) and (${t.idCipher} is null) = (${t.idKeyId} is null)`),
  ],
);

export const MOVE_REASONS = ['moved_in', 'born', 'moved_within', 'moved_away', 'deceased', 'correction', 'other'] as const;
export type MoveReason = (typeof MOVE_REASONS)[number];

/** One stay of a person in a household. A move closes the open row and opens a new one. */
export const residences = pgTable(
  'residences',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    personId: integer('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'restrict' }),
    householdId: integer('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'restrict' }),
    relation: text('relation').$type<Relation>(),
    movedInOn: date('moved_in_on', { mode: 'string' }).notNull(),
    movedInReason: text('moved_in_reason').$type<MoveReason>().notNull(),
    movedOutOn: date('moved_out_on', { mode: 'string' }),
    movedOutReason: text('moved_out_reason').$type<MoveReason>(),
    /** Where the person went (another city, another community's household by name). */
    movedOutTo: text('moved_out_to'),
    note: text('note'),
    recordedBy: integer('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('residences_open_key').on(t.personId).where(sql`${t.movedOutOn} is null`),
    index('residences_person_idx').on(t.personId, t.movedInOn),
    index('residences_household_idx').on(t.householdId, t.movedInOn),
    check('residences_out_check', sql`(${t.movedOutOn} is null) = (${t.movedOutReason} is null)`),
    check('residences_order_check', sql`${t.movedOutOn} is null or ${t.movedOutOn} >= ${t.movedInOn}`),
  ],
);

/** PIPL art. 28: health, disability, religion, specific identities and minors' data are sensitive. */
export const TAG_SENSITIVITIES = ['ordinary', 'sensitive'] as const;
export type TagSensitivity = (typeof TAG_SENSITIVITIES)[number];

/**
 * 关怀标签: configured at a node (usually the region) and used in its subtree; a node may add its own. Each says
 * how sensitive it is, which roles may see it, why it is kept and for how long.
 */
export const careTags = pgTable(
  'care_tags',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgNodeId: integer('org_node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    /** Stable key ("living_alone", "dibao"); unique within the node. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull().default(''),
    sensitivity: text('sensitivity').$type<TagSensitivity>().notNull(),
    /** Roles that may see the tag on a person (names from platform/roles.ts). */
    visibleToRoles: text('visible_to_roles').array().notNull(),
    /** 处理目的: why the platform keeps it. */
    purpose: text('purpose').notNull(),
    /** Days a tag stays after it ends (removed); then the job erases it. */
    retentionDays: integer('retention_days').notNull(),
    /** Extra fields asked when the tag is given, e.g. 残疾 type and grade: [{ key, label, options? }]. */
    detailFields: jsonb('detail_fields').$type<{ key: string; label: string; labelEn?: string; options?: string[] }[]>().notNull().default([]),
    color: text('color'),
    sortOrder: integer('sort_order').notNull().default(0),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('care_tags_node_code_key').on(t.orgNodeId, t.code),
    check('care_tags_sensitivity_check', sql`${t.sensitivity} in (${inList(TAG_SENSITIVITIES)})`),
    check('care_tags_retention_check', sql`${t.retentionDays} between 0 and 36500`),
  ],
);

/** A tag on a person. Ending it sets removed_at (kept `retention_days`, then erased by a job). */
export const personTags = pgTable(
  'person_tags',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    personId: integer('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    tagId: integer('tag_id')
      .notNull()
      .references(() => careTags.id, { onDelete: 'restrict' }),
    detail: jsonb('detail').$type<Record<string, string>>().notNull().default({}),
    note: text('note'),
    addedBy: integer('added_by').references(() => users.id, { onDelete: 'set null' }),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull(),
    removedBy: integer('removed_by').references(() => users.id, { onDelete: 'set null' }),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('person_tags_open_key').on(t.personId, t.tagId).where(sql`${t.removedAt} is null`),
    index('person_tags_tag_idx').on(t.tagId).where(sql`${t.removedAt} is null`),
  ],
);

/** 网格员 / 楼栋长 / 单元长 / 联户长 of a place, with history: ending an assignment sets ended_at. */
export const PLACE_DUTIES = ['grid_worker', 'building_leader', 'unit_leader', 'household_leader'] as const;
export type PlaceDuty = (typeof PLACE_DUTIES)[number];

export const placeAssignments = pgTable(
  'place_assignments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** The grid (grid_worker), building, or unit the duty covers. */
    nodeId: integer('node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    duty: text('duty').$type<PlaceDuty>().notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    /** 联户长: the households they link (empty for the other duties: the whole place). */
    householdIds: integer('household_ids').array().notNull().default(sql`'{}'::integer[]`),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    assignedBy: integer('assigned_by').references(() => users.id, { onDelete: 'set null' }),
    note: text('note'),
  },
  (t) => [
    index('place_assignments_node_idx').on(t.nodeId, t.duty).where(sql`${t.endedAt} is null`),
    index('place_assignments_user_idx').on(t.userId).where(sql`${t.endedAt} is null`),
    uniqueIndex('place_assignments_open_key').on(t.nodeId, t.duty, t.userId).where(sql`${t.endedAt} is null`),
    check('place_assignments_duty_check', sql`${t.duty} in (${inList(PLACE_DUTIES)})`),
  ],
);
