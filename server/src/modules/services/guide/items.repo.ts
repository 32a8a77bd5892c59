import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.js';
import { orgNodes } from '../../../db/schema/org.js';
import { serviceItems, type ServiceItemCategory, type ServiceMaterial, type ServiceMode } from '../../../db/schema/services.js';
import { pinyinKeys } from '../../../platform/pinyin.js';

/** Reading service items: one row shape for every list, the search condition and the template comparison. */

export type ItemRow = typeof serviceItems.$inferSelect;
export interface ItemWithNode {
  item: ItemRow;
  nodeName: string;
  nodePath: string;
  nodeKind: string;
}

export const itemColumns = { item: serviceItems, nodeName: orgNodes.name, nodePath: sql<string>`${orgNodes.path}::text`, nodeKind: orgNodes.kind };

export async function loadItem(db: DbOrTx, id: number): Promise<ItemWithNode | undefined> {
  const [row] = await db.select(itemColumns).from(serviceItems).innerJoin(orgNodes, eq(orgNodes.id, serviceItems.nodeId)).where(eq(serviceItems.id, id));
  return row;
}

export async function loadNode(db: DbOrTx, id: number): Promise<{ id: number; name: string; path: string; kind: string } | undefined> {
  const [row] = await db.select({ id: orgNodes.id, name: orgNodes.name, path: sql<string>`${orgNodes.path}::text`, kind: orgNodes.kind }).from(orgNodes).where(eq(orgNodes.id, id));
  return row;
}

/** "<full pinyin> <initials>" of a name (养老保险 → "yanglaobaoxian ylbx"). */
export function nameSearchOf(name: string): string {
  const keys = pinyinKeys(name);
  return `${keys.full} ${keys.initials}`;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Name, full pinyin (spaces ignored) or initials. */
export function searchCondition(q: string | undefined): SQL | undefined {
  const t = q?.trim().toLowerCase().replace(/\s+/g, '');
  if (!t) return undefined;
  const like = `%${likeEscape(t)}%`;
  return sql`(${serviceItems.name} ilike ${like} or ${serviceItems.nameSearch} ilike ${like})`;
}

export function filters(opts: { q?: string; category?: ServiceItemCategory; mode?: ServiceMode; certificates?: boolean; active?: boolean }): SQL[] {
  const out: SQL[] = [];
  const s = searchCondition(opts.q);
  if (s) out.push(s);
  if (opts.category) out.push(eq(serviceItems.category, opts.category));
  if (opts.mode) out.push(sql`${opts.mode} = any(${serviceItems.modes})`);
  if (opts.certificates) out.push(eq(serviceItems.isCertificate, true));
  if (opts.active !== undefined) out.push(eq(serviceItems.active, opts.active));
  return out;
}

export async function itemsAt(db: DbOrTx, nodeIds: number[], where: SQL[], limit = 500, offset = 0): Promise<ItemWithNode[]> {
  if (nodeIds.length === 0) return [];
  return db
    .select(itemColumns)
    .from(serviceItems)
    .innerJoin(orgNodes, eq(orgNodes.id, serviceItems.nodeId))
    .where(and(sql`${serviceItems.nodeId} in (${sql.join(nodeIds.map((id) => sql`${id}`), sql`, `)})`, ...where))
    .orderBy(asc(serviceItems.sort), asc(serviceItems.id))
    .limit(limit)
    .offset(offset);
}

/** The fields a community may change in its copy of a template item (compared for "differs from template"). */
export const COMPARED_FIELDS = [
  'name',
  'category',
  'eligibility',
  'materials',
  'legalBasis',
  'feeCents',
  'feeNote',
  'timeLimitDays',
  'modes',
  'process',
  'notice',
  'isCertificate',
  'serviceMinutes',
] as const satisfies readonly (keyof ItemRow)[];
export type ComparedField = (typeof COMPARED_FIELDS)[number];

const normMaterials = (ms: ServiceMaterial[]) =>
  JSON.stringify(ms.map((m) => ({ name: m.name, form: m.form, copies: m.copies, source: m.source ?? null, required: m.required, note: m.note ?? null })));

/** The fields of `copy` that differ from `template`. */
export function changedFields(copy: ItemRow, template: ItemRow): ComparedField[] {
  return COMPARED_FIELDS.filter((f) => {
    if (f === 'materials') return normMaterials(copy.materials) !== normMaterials(template.materials);
    if (f === 'modes') return [...copy.modes].sort().join(',') !== [...template.modes].sort().join(',');
    return copy[f] !== template[f];
  });
}

/** The template fields copied into an adoption (and written back by "reset to template"). */
export function templateValues(t: ItemRow) {
  return {
    code: t.code,
    name: t.name,
    nameSearch: t.nameSearch,
    category: t.category,
    eligibility: t.eligibility,
    materials: t.materials,
    legalBasis: t.legalBasis,
    feeCents: t.feeCents,
    feeNote: t.feeNote,
    timeLimitDays: t.timeLimitDays,
    modes: t.modes,
    process: t.process,
    notice: t.notice,
    isCertificate: t.isCertificate,
    serviceMinutes: t.serviceMinutes,
  };
}

export function itemView(r: ItemWithNode) {
  const i = r.item;
  return {
    id: i.id,
    nodeId: i.nodeId,
    nodeName: r.nodeName,
    templateId: i.templateId,
    code: i.code,
    name: i.name,
    category: i.category,
    eligibility: i.eligibility,
    materials: i.materials.map((m) => ({ name: m.name, form: m.form, copies: m.copies, source: m.source ?? null, required: m.required !== false, note: m.note ?? null })),
    legalBasis: i.legalBasis,
    feeCents: i.feeCents,
    feeNote: i.feeNote,
    timeLimitDays: i.timeLimitDays,
    modes: i.modes,
    process: i.process,
    notice: i.notice,
    isCertificate: i.isCertificate,
    serviceMinutes: i.serviceMinutes,
    active: i.active,
    sort: i.sort,
    updatedAt: i.updatedAt.toISOString(),
  };
}

/** Ids of the path "1.12.305" → [1, 12, 305]. */
export const pathIdsOf = (path: string) => path.split('.').map(Number);
