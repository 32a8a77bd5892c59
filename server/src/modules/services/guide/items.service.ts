import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { orgNodes } from '../../../db/schema/org.js';
import { serviceItems, type ServiceMaterial } from '../../../db/schema/services.js';
import { assertCan, can, scopePaths, type Principal } from '../../../platform/access.js';
import { recordAudit, type ActorContext } from '../../../platform/audit.js';
import type { AppContext } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { pgErrorCode } from '../../org/org.service.js';
import type { AdoptBody, CatalogueQuery, CreateItemBody, PatchItemBody, TemplatesQuery } from './items.schema.js';
import { changedFields, filters, itemsAt, itemView, loadItem, loadNode, nameSearchOf, pathIdsOf, templateValues, type ItemRow } from './items.repo.js';

/**
 * The service guide for staff (docs/adr/0027): a node's catalogue of items, edited with services.manage at the
 * item's node (404 outside reach, 403 without the permission). Items at the region or a city are the template;
 * a town or community adopts template items — a copy with `template_id`, idempotent through the unique
 * (node_id, template_id) index — then adjusts its copy; the catalogue shows which fields differ from the template,
 * and "reset" writes the template's fields back.
 */

export const TEMPLATE_KINDS = ['region', 'city'] as const;

const bad = (code: string, zh: string, en: string, details?: unknown) => errors.badRequest(code, zh, en, details);

type MaterialInput = CreateItemBody['materials'][number];

/** Materials as stored: trimmed, copies 0 only for electronic material, no name twice. */
export function cleanMaterials(input: MaterialInput[]): ServiceMaterial[] {
  if (input.length < 1 || input.length > 30) throw bad('service_materials_invalid', '申请材料应为 1 到 30 项', 'List 1 to 30 materials');
  const seen = new Set<string>();
  return input.map((m, i) => {
    const name = m.name.trim();
    if (seen.has(name)) throw bad('service_material_duplicate', `申请材料“${name}”重复`, `The material "${name}" is listed twice`, { index: i });
    seen.add(name);
    const copies = m.form === 'electronic' ? 0 : m.copies;
    if (m.form !== 'electronic' && copies < 1) {
      throw bad('service_material_copies', `“${name}”的份数至少为 1`, `"${name}" needs at least one copy`, { index: i });
    }
    return { name, form: m.form, copies, source: m.source?.trim() || null, required: m.required !== false, note: m.note?.trim() || null };
  });
}

function cleanModes(modes: string[]) {
  const unique = [...new Set(modes)];
  if (unique.length === 0) throw bad('service_modes_required', '至少选择一种办理方式', 'Choose at least one way of handling the item');
  return unique as ItemRow['modes'];
}

const nameTaken = (name: string) => errors.conflict('service_item_name_taken', `本级已有名为“${name}”的事项`, `This node already has an item named "${name}"`);

async function guarded<T>(name: string | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (pgErrorCode(err) === '23505') throw nameTaken(name ?? '');
    throw err;
  }
}

/** The item for an edit: 404 outside reach, 403 without services.manage over its node. */
async function itemToManage(ctx: AppContext, p: Principal, id: number) {
  const row = await loadItem(ctx.db, id);
  if (!row) throw errors.notFound();
  assertCan(p, 'services.manage', row.nodePath);
  return row;
}

async function nodeFor(ctx: AppContext, p: Principal, nodeId: number | undefined, permission: 'services.read' | 'services.manage') {
  const id = nodeId ?? pathIdsOf(scopePaths(p, permission)[0] ?? '').at(-1);
  if (!id) throw errors.forbidden();
  const node = await loadNode(ctx.db, id);
  if (!node) throw errors.notFound();
  assertCan(p, permission, node.path);
  return node;
}

export async function createItem(ctx: AppContext, p: Principal, actor: ActorContext, body: CreateItemBody) {
  const node = await nodeFor(ctx, p, body.nodeId, 'services.manage');
  const now = ctx.clock.now();
  const name = body.name.trim();
  const values = {
    nodeId: node.id,
    code: body.code?.trim() || null,
    name,
    nameSearch: nameSearchOf(name),
    category: body.category,
    eligibility: body.eligibility?.trim() ?? '',
    materials: cleanMaterials(body.materials),
    legalBasis: body.legalBasis?.trim() ?? '',
    feeCents: body.feeCents ?? 0,
    feeNote: body.feeNote?.trim() ?? '',
    timeLimitDays: body.timeLimitDays ?? 0,
    modes: cleanModes(body.modes),
    process: body.process?.trim() ?? '',
    notice: body.notice?.trim() ?? '',
    isCertificate: body.isCertificate ?? false,
    serviceMinutes: body.serviceMinutes ?? 15,
    active: body.active ?? true,
    sort: body.sort ?? 0,
    createdAt: now,
    updatedAt: now,
  };
  const id = await guarded(name, () =>
    ctx.db.transaction(async (tx) => {
      const [row] = await tx.insert(serviceItems).values(values).returning({ id: serviceItems.id });
      await recordAudit(tx, actor, now, { action: 'services.item_create', objectType: 'service_item', objectId: row!.id, orgNodeId: node.id, details: { name } });
      return row!.id;
    }),
  );
  return itemForStaff(ctx, p, id);
}

export async function patchItem(ctx: AppContext, p: Principal, actor: ActorContext, id: number, body: PatchItemBody) {
  const row = await itemToManage(ctx, p, id);
  const now = ctx.clock.now();
  const set: Partial<typeof serviceItems.$inferInsert> = { updatedAt: now };
  if (body.name !== undefined) {
    set.name = body.name.trim();
    set.nameSearch = nameSearchOf(set.name);
  }
  if (body.code !== undefined) set.code = body.code?.trim() || null;
  if (body.category !== undefined) set.category = body.category;
  if (body.eligibility !== undefined) set.eligibility = body.eligibility.trim();
  if (body.materials !== undefined) set.materials = cleanMaterials(body.materials);
  if (body.legalBasis !== undefined) set.legalBasis = body.legalBasis.trim();
  if (body.feeCents !== undefined) set.feeCents = body.feeCents;
  if (body.feeNote !== undefined) set.feeNote = body.feeNote.trim();
  if (body.timeLimitDays !== undefined) set.timeLimitDays = body.timeLimitDays;
  if (body.modes !== undefined) set.modes = cleanModes(body.modes);
  if (body.process !== undefined) set.process = body.process.trim();
  if (body.notice !== undefined) set.notice = body.notice.trim();
  if (body.isCertificate !== undefined) set.isCertificate = body.isCertificate;
  if (body.serviceMinutes !== undefined) set.serviceMinutes = body.serviceMinutes;
  if (body.active !== undefined) set.active = body.active;
  if (body.sort !== undefined) set.sort = body.sort;
  await guarded(set.name, () =>
    ctx.db.transaction(async (tx) => {
      await tx.update(serviceItems).set(set).where(eq(serviceItems.id, id));
      await recordAudit(tx, actor, now, {
        action: 'services.item_update',
        objectType: 'service_item',
        objectId: id,
        orgNodeId: row.item.nodeId,
        details: { fields: Object.keys(set).filter((k) => k !== 'updatedAt' && k !== 'nameSearch') },
      });
    }),
  );
  return itemForStaff(ctx, p, id);
}

/** Write the template's fields back into an adopted copy (its active flag and sort stay). */
export async function resetToTemplate(ctx: AppContext, p: Principal, actor: ActorContext, id: number) {
  const row = await itemToManage(ctx, p, id);
  if (row.item.templateId == null) throw errors.conflict('service_item_not_adopted', '该事项不是从模板采用的', 'This item was not adopted from a template');
  const template = await loadItem(ctx.db, row.item.templateId);
  if (!template) throw errors.conflict('service_item_not_adopted', '该事项的模板已不存在', "This item's template no longer exists");
  const now = ctx.clock.now();
  await guarded(template.item.name, () =>
    ctx.db.transaction(async (tx) => {
      await tx.update(serviceItems).set({ ...templateValues(template.item), updatedAt: now }).where(eq(serviceItems.id, id));
      await recordAudit(tx, actor, now, { action: 'services.item_reset', objectType: 'service_item', objectId: id, orgNodeId: row.item.nodeId, details: { templateId: template.item.id } });
    }),
  );
  return itemForStaff(ctx, p, id);
}

/** A staff view of one item: the view, its changed fields when adopted, whether the caller may edit it. */
export async function itemForStaff(ctx: AppContext, p: Principal, id: number) {
  const row = await loadItem(ctx.db, id);
  if (!row) throw errors.notFound();
  const t = row.item.templateId != null ? await loadItem(ctx.db, row.item.templateId) : undefined;
  return { ...itemView(row), changedFields: t ? changedFields(row.item, t.item) : null, canManage: can(p, 'services.manage', row.nodePath) };
}

/** A node's own items for staff (services.read over it), with what each adopted copy changed. */
export async function catalogue(ctx: AppContext, p: Principal, q: CatalogueQuery) {
  const node = await nodeFor(ctx, p, q.nodeId, 'services.read');
  const where = filters({ q: q.q, category: q.category, mode: q.mode, active: q.active });
  const rows = await itemsAt(ctx.db, [node.id], where, q.limit, q.offset);
  const [total] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(serviceItems)
    .where(and(eq(serviceItems.nodeId, node.id), ...where));
  const templateIds = rows.map((r) => r.item.templateId).filter((x): x is number => x != null);
  const templates = templateIds.length ? new Map((await ctx.db.select().from(serviceItems).where(inArray(serviceItems.id, templateIds))).map((t) => [t.id, t])) : new Map<number, ItemRow>();
  const manage = can(p, 'services.manage', node.path);
  return {
    node: { id: node.id, name: node.name },
    total: Number(total?.n ?? 0),
    items: rows.map((r) => {
      const t = r.item.templateId != null ? templates.get(r.item.templateId) : undefined;
      return { ...itemView(r), changedFields: t ? changedFields(r.item, t) : null, canManage: manage };
    }),
  };
}

/** Template nodes above `path` (region and cities, not the node itself). */
async function templateNodeIds(ctx: AppContext, path: string): Promise<number[]> {
  const ids = pathIdsOf(path).slice(0, -1);
  if (ids.length === 0) return [];
  const rows = await ctx.db
    .select({ id: orgNodes.id })
    .from(orgNodes)
    .where(and(inArray(orgNodes.id, ids), inArray(orgNodes.kind, [...TEMPLATE_KINDS])));
  return rows.map((r) => r.id);
}

/** The template items a node may adopt, with what it adopted and changed. */
export async function templates(ctx: AppContext, p: Principal, q: TemplatesQuery) {
  const node = await nodeFor(ctx, p, q.nodeId, 'services.read');
  const sources = await templateNodeIds(ctx, node.path);
  const rows = await itemsAt(ctx.db, sources, [eq(serviceItems.active, true)]);
  const copies = await ctx.db
    .select()
    .from(serviceItems)
    .where(and(eq(serviceItems.nodeId, node.id), isNotNull(serviceItems.templateId)));
  const byTemplate = new Map(copies.map((c) => [c.templateId!, c]));
  return {
    node: { id: node.id, name: node.name },
    items: rows.map((r) => {
      const copy = byTemplate.get(r.item.id);
      return { ...itemView(r), adoptedItemId: copy?.id ?? null, changedFields: copy ? changedFields(copy, r.item) : null };
    }),
  };
}

/** Copy template items to a node; items it already adopted are left as they are (the unique index decides). */
export async function adopt(ctx: AppContext, p: Principal, actor: ActorContext, body: AdoptBody) {
  const node = await nodeFor(ctx, p, body.nodeId, 'services.manage');
  const sources = await templateNodeIds(ctx, node.path);
  const found = await itemsAt(ctx.db, sources, [inArray(serviceItems.id, body.templateIds)]);
  if (found.length !== body.templateIds.length) {
    const missing = body.templateIds.filter((id) => !found.some((f) => f.item.id === id));
    throw bad('service_template_unknown', '所选事项不是本级可采用的模板事项', 'Some chosen items are not templates this node may adopt', { templateIds: missing });
  }
  const now = ctx.clock.now();
  return guarded(undefined, () =>
    ctx.db.transaction(async (tx) => {
      let adopted = 0;
      const itemIds: number[] = [];
      for (const t of found) {
        const [row] = await tx
          .insert(serviceItems)
          .values({ ...templateValues(t.item), nodeId: node.id, templateId: t.item.id, sort: t.item.sort, active: true, createdAt: now, updatedAt: now })
          .onConflictDoNothing({ target: [serviceItems.nodeId, serviceItems.templateId], where: sql`${serviceItems.templateId} is not null` })
          .returning({ id: serviceItems.id });
        if (row) {
          adopted++;
          itemIds.push(row.id);
        } else {
          const [have] = await tx.select({ id: serviceItems.id }).from(serviceItems).where(and(eq(serviceItems.nodeId, node.id), eq(serviceItems.templateId, t.item.id)));
          if (have) itemIds.push(have.id);
        }
      }
      if (adopted > 0) {
        await recordAudit(tx, actor, now, { action: 'services.item_adopt', objectType: 'org_node', objectId: node.id, orgNodeId: node.id, details: { templateIds: body.templateIds, adopted } });
      }
      return { adopted, already: found.length - adopted, itemIds };
    }),
  );
}
