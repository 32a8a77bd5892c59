import { and, eq, isNull, sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../db/client.js';
import { careTags, personTags, type TagSensitivity } from '../../db/schema/registry.js';
import { DEFAULT_TAGS, rolesFor } from './tags.data.js';

/** SQL of care tags and the tags given to persons. */

export interface TagRow {
  id: number;
  orgNodeId: number;
  nodePath: string;
  nodeName: string;
  code: string;
  name: string;
  nameEn: string;
  sensitivity: TagSensitivity;
  visibleToRoles: string[];
  purpose: string;
  retentionDays: number;
  detailFields: { key: string; label: string; labelEn?: string; options?: string[] }[];
  color: string | null;
  sortOrder: number;
  archivedAt: Date | null;
}

const SELECT = sql`select t.id, t.org_node_id as "orgNodeId", n.path::text as "nodePath", n.name as "nodeName", t.code, t.name,
  t.name_en as "nameEn", t.sensitivity, t.visible_to_roles as "visibleToRoles", t.purpose, t.retention_days as "retentionDays",
  t.detail_fields as "detailFields", t.color, t.sort_order as "sortOrder", t.archived_at as "archivedAt"
  from care_tags t join org_nodes n on n.id = t.org_node_id`;

/** Tags configured at the node of `path` or above it (the ones that apply there). */
export async function tagsApplyingAt(db: DbOrTx, path: string, includeArchived = false): Promise<TagRow[]> {
  return queryRows<TagRow>(
    db,
    sql`${SELECT} where n.path @> ${path}::ltree ${includeArchived ? sql`` : sql`and t.archived_at is null`} order by n.depth, t.sort_order, t.id`,
  );
}

/** Tags configured inside any of these subtrees or above them. */
export async function tagsNear(db: DbOrTx, paths: string[]): Promise<TagRow[]> {
  if (paths.length === 0) return [];
  const arr = sql.join(paths.map((p) => sql`${p}::ltree`), sql`, `);
  return queryRows<TagRow>(db, sql`${SELECT} where n.path @> any(array[${arr}]) or n.path <@ any(array[${arr}]) order by n.depth, t.sort_order, t.id`);
}

export async function loadTag(db: DbOrTx, id: number): Promise<TagRow | undefined> {
  const [row] = await queryRows<TagRow>(db, sql`${SELECT} where t.id = ${id}`);
  return row;
}

export async function loadTags(db: DbOrTx, ids: number[]): Promise<TagRow[]> {
  if (ids.length === 0) return [];
  return queryRows<TagRow>(db, sql`${SELECT} where t.id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`);
}

export async function insertTag(db: DbOrTx, row: typeof careTags.$inferInsert): Promise<number> {
  const [r] = await db.insert(careTags).values(row).returning({ id: careTags.id });
  return r!.id;
}

export async function updateTag(db: DbOrTx, id: number, patch: Partial<typeof careTags.$inferInsert>): Promise<void> {
  await db.update(careTags).set(patch).where(eq(careTags.id, id));
}

export interface GivenTagRow {
  id: number;
  personId: number;
  tagId: number;
  detail: Record<string, string>;
  note: string | null;
  addedAt: Date;
}

/** The tags people have now (not removed). */
export async function givenTags(db: DbOrTx, personIds: number[]): Promise<GivenTagRow[]> {
  if (personIds.length === 0) return [];
  const rows = await queryRows<GivenTagRow>(
    db,
    sql`select pt.id, pt.person_id as "personId", pt.tag_id as "tagId", pt.detail, pt.note, pt.added_at as "addedAt"
        from person_tags pt join care_tags t on t.id = pt.tag_id
        where pt.removed_at is null and pt.person_id in (${sql.join(personIds.map((i) => sql`${i}`), sql`, `)})
        order by t.sort_order, t.id`,
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), addedAt: new Date(r.addedAt) }));
}

export async function openGivenTag(db: DbOrTx, personId: number, tagId: number) {
  const [row] = await db
    .select()
    .from(personTags)
    .where(and(eq(personTags.personId, personId), eq(personTags.tagId, tagId), isNull(personTags.removedAt)));
  return row;
}

export async function insertGivenTag(db: DbOrTx, row: typeof personTags.$inferInsert): Promise<void> {
  await db.insert(personTags).values(row);
}

export async function endGivenTag(db: DbOrTx, id: number, by: number | null, at: Date): Promise<void> {
  await db.update(personTags).set({ removedAt: at, removedBy: by }).where(eq(personTags.id, id));
}

/** Erase removed tags kept longer than their tag's retention. Returns how many went. */
/** End every open tag of a person (they moved in again from elsewhere: the new community assesses anew). */
export async function endOpenTagsOf(db: DbOrTx, personId: number, by: number | null, at: Date): Promise<void> {
  await db.update(personTags).set({ removedBy: by, removedAt: at }).where(and(eq(personTags.personId, personId), isNull(personTags.removedAt)));
}

export async function eraseExpired(db: DbOrTx, now: Date): Promise<number> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`delete from person_tags pt using care_tags t
        where t.id = pt.tag_id and pt.removed_at is not null
          and pt.removed_at < ${now.toISOString()}::timestamptz - make_interval(days => t.retention_days)
        returning pt.id`,
  );
  return rows.length;
}

/**
 * The default tags at every root region that lacks them (by code); existing tags and their edits stay. Safe on
 * every start and from two processes at once (the unique key decides).
 */
export async function seedDefaultTags(db: Db, now: Date = new Date()): Promise<{ inserted: number }> {
  const roots = await queryRows<{ id: number; n: number }>(
    db,
    sql`select r.id, (select count(*)::int from care_tags t where t.org_node_id = r.id and t.code in (${sql.join(
      DEFAULT_TAGS.map((t) => sql`${t.code}`),
      sql`, `,
    )})) as n from org_nodes r where r.parent_id is null and r.kind = 'region'`,
  );
  let inserted = 0;
  for (const root of roots) {
    if (Number(root.n) >= DEFAULT_TAGS.length) continue;
    for (const [i, t] of DEFAULT_TAGS.entries()) {
      const rows = await db
        .insert(careTags)
        .values({
          orgNodeId: Number(root.id),
          code: t.code,
          name: t.name,
          nameEn: t.nameEn,
          sensitivity: t.sensitivity,
          visibleToRoles: rolesFor(t.sensitivity),
          purpose: t.purpose,
          retentionDays: t.retentionDays,
          detailFields: t.detailFields ?? [],
          color: t.color,
          sortOrder: i,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: careTags.id });
      inserted += rows.length;
    }
  }
  return { inserted };
}
