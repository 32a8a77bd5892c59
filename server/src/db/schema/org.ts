import { sql } from 'drizzle-orm';
import {
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { ltree } from './types.js';

export const ORG_KINDS = ['region', 'city', 'county', 'town', 'community', 'grid', 'building', 'unit', 'department'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** GeoJSON-like polygon ring list, [lng, lat] pairs (WGS-84 / GCJ-02 as supplied). */
export type Polygon = { type: 'Polygon'; coordinates: [number, number][][] };

export const orgNodes = pgTable(
  'org_nodes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    parentId: integer('parent_id').references((): AnyPgColumn => orgNodes.id, { onDelete: 'restrict' }),
    kind: text('kind').$type<OrgKind>().notNull(),
    /** village / gacha for communities; street / sumu for towns; big / small for grids; banner for counties; league for cities. */
    subkind: text('subkind'),
    /** Official division code (GB/T 2260 and statistics-bureau 12-digit codes) where one exists. */
    code: text('code'),
    name: text('name').notNull(),
    /** Full pinyin without tones or spaces, and initials, for search ("baolishequ", "blsq"). */
    namePinyin: text('name_pinyin').notNull().default(''),
    nameInitials: text('name_initials').notNull().default(''),
    /** Materialized path of ids from the root, e.g. "1.12.305"; "everything under X" is `path <@ X.path`. */
    path: ltree('path').notNull(),
    depth: smallint('depth').notNull(),
    polygon: jsonb('polygon').$type<Polygon>(),
    /** Bounding box of the polygon, for a cheap first filter when locating a point. */
    minLng: doublePrecision('min_lng'),
    minLat: doublePrecision('min_lat'),
    maxLng: doublePrecision('max_lng'),
    maxLat: doublePrecision('max_lat'),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('org_nodes_code_key').on(t.code),
    index('org_nodes_parent_name_idx').on(t.parentId, t.name),
    index('org_nodes_parent_idx').on(t.parentId),
    index('org_nodes_path_gist').using('gist', t.path),
    index('org_nodes_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
    index('org_nodes_pinyin_trgm').using('gin', sql`${t.namePinyin} gin_trgm_ops`),
    index('org_nodes_initials_idx').on(t.nameInitials),
    check(
      'org_nodes_kind_check',
      sql`${t.kind} in ('region','city','county','town','community','grid','building','unit','department')`,
    ),
    check('org_nodes_root_check', sql`(${t.parentId} is null) = (${t.depth} = 0)`),
  ],
);

export const SERVICE_CENTER_KINDS = ['center', 'station'] as const;

/** 党群服务中心 / 站: attached to an org node. */
export const serviceCenters = pgTable(
  'service_centers',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    orgNodeId: integer('org_node_id')
      .notNull()
      .references(() => orgNodes.id, { onDelete: 'restrict' }),
    kind: text('kind').$type<(typeof SERVICE_CENTER_KINDS)[number]>().notNull(),
    name: text('name').notNull(),
    address: text('address'),
    phone: text('phone'),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('service_centers_node_idx').on(t.orgNodeId),
    uniqueIndex('service_centers_node_name_key').on(t.orgNodeId, t.name),
    check('service_centers_kind_check', sql`${t.kind} in ('center','station')`),
  ],
);
