import { and, asc, eq, inArray } from 'drizzle-orm';
import { orgNodes, serviceCenters } from '../../../db/schema/org.js';
import { serviceItems, serviceWindowItems, serviceWindows } from '../../../db/schema/services.js';
import { can, type Principal } from '../../../platform/access.js';
import type { AppContext } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { publicCenter } from '../common/center.js';
import type { GuideQuery } from './items.schema.js';
import { changedFields, filters, itemsAt, itemView, loadItem, loadNode, pathIdsOf } from './items.repo.js';
import { completeNotice } from './notice.js';

/**
 * The public guide 办事指南 — readable without signing in. Whose guide: the node asked for, else the center's node,
 * else the signed-in caller's home, else the region. A node's guide is its own active items; a node without any
 * (a grid, a community that has not set up its guide yet) shows its nearest ancestor's — so a resident always sees
 * one coherent list, never a mix of a community's copies and the region's originals.
 */

async function guideNode(ctx: AppContext, p: Principal | undefined, q: Pick<GuideQuery, 'nodeId' | 'centerId'>) {
  let id = q.nodeId;
  if (id == null && q.centerId != null) id = (await publicCenter(ctx.db, q.centerId)).orgNodeId;
  if (id == null && p) id = p.homeNodeId;
  if (id == null) {
    const [region] = await ctx.db.select({ id: orgNodes.id }).from(orgNodes).where(eq(orgNodes.kind, 'region')).orderBy(asc(orgNodes.id)).limit(1);
    id = region?.id;
  }
  const node = id != null ? await loadNode(ctx.db, id) : undefined;
  if (!node) throw errors.notFound();
  return node;
}

/** The deepest node on the path (the node itself first) that has active items. */
export async function guideSource(ctx: AppContext, path: string): Promise<{ id: number; name: string } | null> {
  const ids = pathIdsOf(path);
  const rows = await ctx.db
    .select({ nodeId: serviceItems.nodeId, name: orgNodes.name })
    .from(serviceItems)
    .innerJoin(orgNodes, eq(orgNodes.id, serviceItems.nodeId))
    .where(and(inArray(serviceItems.nodeId, ids), eq(serviceItems.active, true)))
    .groupBy(serviceItems.nodeId, orgNodes.name);
  for (const id of [...ids].reverse()) {
    const hit = rows.find((r) => r.nodeId === id);
    if (hit) return { id: hit.nodeId, name: hit.name };
  }
  return null;
}

export async function guide(ctx: AppContext, p: Principal | undefined, q: GuideQuery) {
  const node = await guideNode(ctx, p, q);
  const source = await guideSource(ctx, node.path);
  const rows = source ? await itemsAt(ctx.db, [source.id], filters({ q: q.q, category: q.category, mode: q.mode, certificates: q.certificates, active: true })) : [];
  return { node: { id: node.id, name: node.name }, source, items: rows.map(itemView) };
}

/** Windows (open ones, of any center) that handle the item. */
export async function windowsFor(ctx: AppContext, itemId: number) {
  return ctx.db
    .select({ windowId: serviceWindows.id, centerId: serviceCenters.id, centerName: serviceCenters.name, number: serviceWindows.number, name: serviceWindows.name })
    .from(serviceWindowItems)
    .innerJoin(serviceWindows, eq(serviceWindows.id, serviceWindowItems.windowId))
    .innerJoin(serviceCenters, eq(serviceCenters.id, serviceWindows.serviceCenterId))
    .where(and(eq(serviceWindowItems.itemId, itemId), eq(serviceWindows.active, true)))
    .orderBy(asc(serviceCenters.id), asc(serviceWindows.number));
}

/** One item with its windows and its one-time complete notice. An inactive item exists only for staff. */
export async function itemDetail(ctx: AppContext, p: Principal | undefined, id: number) {
  const row = await loadItem(ctx.db, id);
  if (!row) throw errors.notFound();
  const staff = p !== undefined && can(p, 'services.read', row.nodePath);
  if (!row.item.active && !staff) throw errors.notFound();
  const windows = await windowsFor(ctx, id);
  let changed: string[] | null = null;
  if (staff && row.item.templateId != null) {
    const t = await loadItem(ctx.db, row.item.templateId);
    if (t) changed = changedFields(row.item, t.item);
  }
  const view = itemView(row);
  return {
    ...view,
    windows: windows.map((w) => ({ ...w, number: Number(w.number) })),
    completeNotice: completeNotice(row.item, windows),
    changedFields: changed,
    canManage: p !== undefined && can(p, 'services.manage', row.nodePath),
  };
}

/** Is this item offered at `path` (its node is the place or above it)? */
export function offeredAt(itemPath: string, placePath: string): boolean {
  return placePath === itemPath || placePath.startsWith(`${itemPath}.`);
}
