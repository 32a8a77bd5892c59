import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../../db/client.js';
import { orgNodes } from '../../../db/schema/org.js';
import { workshopOrders, workshopProviders, workshopServices } from '../../../db/schema/services.js';
import { users } from '../../../db/schema/users.js';
import { assertCan, inSubtrees, scopePaths, type Principal } from '../../../platform/access.js';
import { recordAudit, type ActorContext } from '../../../platform/audit.js';
import type { AppContext } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { pgConstraint } from '../../rooms/errors.js';
import type { ProviderBody, ProviderPatch, PublicProvidersQuery, ServiceBody, StaffProvidersQuery } from './workshop.schema.js';

/**
 * Providers of the convenience workshop 便民工坊 and their services. Staff with services.manage at a community
 * (or town) keep them; residents see the providers of their community and town with how many services each gave
 * and its average rating.
 */

export const workshopErrors = {
  nameTaken: () => errors.conflict('workshop_provider_name_taken', '该社区已有同名服务商', 'A provider with this name already exists here'),
  serviceNameTaken: () => errors.conflict('workshop_service_name_taken', '服务名称重复', 'Two services have the same name'),
  badService: () => errors.badRequest('workshop_service_unknown', '服务项不属于该服务商', 'The service does not belong to this provider'),
  badNode: () => errors.badRequest('workshop_node_kind', '服务商只能设在社区或街道', 'A provider belongs to a community or a town'),
  noUser: () => errors.badRequest('workshop_user_unknown', '关联账号不存在', 'The linked account does not exist'),
};

export const toCents = (yuan: number) => Math.round(yuan * 100);

type ProviderRow = typeof workshopProviders.$inferSelect;
type ServiceRow = typeof workshopServices.$inferSelect;

const doneCount = sql<number>`(select count(*)::int from ${workshopOrders} o where o.provider_id = ${workshopProviders.id} and o.status = 'done')`;
const averageRating = sql<number | null>`(select round(avg(o.rating)::numeric, 1)::float8 from ${workshopOrders} o where o.provider_id = ${workshopProviders.id} and o.rating is not null)`;

function providerSelect(db: DbOrTx) {
  return db
    .select({ provider: workshopProviders, nodeName: orgNodes.name, nodePath: orgNodes.path, userName: users.displayName, doneCount, averageRating })
    .from(workshopProviders)
    .innerJoin(orgNodes, eq(orgNodes.id, workshopProviders.nodeId))
    .leftJoin(users, eq(users.id, workshopProviders.userId));
}

type ProviderSelectRow = Awaited<ReturnType<ReturnType<typeof providerSelect>['where']>>[number];

export function presentService(s: ServiceRow) {
  return { id: s.id, name: s.name, category: s.category, priceCents: s.priceCents, unit: s.unit, atHome: s.atHome, active: s.active };
}

async function servicesOf(db: DbOrTx, providerIds: number[], activeOnly: boolean) {
  if (providerIds.length === 0) return new Map<number, ServiceRow[]>();
  const rows = await db
    .select()
    .from(workshopServices)
    .where(and(inArray(workshopServices.providerId, providerIds), activeOnly ? eq(workshopServices.active, true) : undefined))
    .orderBy(asc(workshopServices.id));
  const out = new Map<number, ServiceRow[]>();
  for (const r of rows) out.set(r.providerId, [...(out.get(r.providerId) ?? []), r]);
  return out;
}

function present(r: ProviderSelectRow, services: ServiceRow[]) {
  const p: ProviderRow = r.provider;
  return {
    id: p.id,
    nodeId: p.nodeId,
    nodeName: r.nodeName,
    kind: p.kind,
    name: p.name,
    contactName: p.contactName,
    phone: p.phone,
    userId: p.userId,
    userName: r.userName,
    address: p.address,
    lng: p.lng,
    lat: p.lat,
    hours: p.hours,
    description: p.description,
    active: p.active,
    doneCount: r.doneCount,
    averageRating: r.averageRating,
    services: services.map(presentService),
  };
}

export async function loadProvider(db: DbOrTx, id: number) {
  const [row] = await providerSelect(db).where(eq(workshopProviders.id, id));
  if (!row) throw errors.notFound();
  return row;
}

/** The staff list: providers in the caller's subtree with services.read, optionally under a node. */
export async function staffProviders(ctx: AppContext, principal: Principal, q: StaffProvidersQuery) {
  const conditions: SQL[] = [inSubtrees(orgNodes.path, scopePaths(principal, 'services.read'))];
  if (q.nodeId) conditions.push(sql`${orgNodes.path} <@ (select n.path from org_nodes n where n.id = ${q.nodeId})`);
  if (q.q?.trim()) conditions.push(sql`${workshopProviders.name} ilike ${`%${q.q.trim()}%`}`);
  const where = and(...conditions);
  const rows = await providerSelect(ctx.db).where(where).orderBy(asc(orgNodes.path), asc(workshopProviders.name)).limit(q.limit ?? 50).offset(q.offset ?? 0);
  const [count] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(workshopProviders).innerJoin(orgNodes, eq(orgNodes.id, workshopProviders.nodeId)).where(where);
  const services = await servicesOf(ctx.db, rows.map((r) => r.provider.id), false);
  return { items: rows.map((r) => present(r, services.get(r.provider.id) ?? [])), total: count?.n ?? 0 };
}

/** Nodes above (and at) the caller's home: the providers listed there serve them. */
const servingHome = (principal: Principal) => sql`${orgNodes.path} @> (select h.path from org_nodes h where h.id = ${principal.homeNodeId})`;

/** What residents see: active providers of their community and town, with their active services. */
export async function publicProviders(ctx: AppContext, principal: Principal, q: PublicProvidersQuery) {
  const conditions: SQL[] = [servingHome(principal), eq(workshopProviders.active, true)];
  if (q.category) {
    conditions.push(sql`exists (select 1 from ${workshopServices} s where s.provider_id = ${workshopProviders.id} and s.active and s.category = ${q.category})`);
  }
  const rows = await providerSelect(ctx.db).where(and(...conditions)).orderBy(sql`${doneCount} desc`, asc(workshopProviders.name)).limit(200);
  const services = await servicesOf(ctx.db, rows.map((r) => r.provider.id), true);
  return { items: rows.map((r) => present(r, services.get(r.provider.id) ?? [])), total: rows.length };
}

/** A provider: for residents it serves (active only), for its own account, or for staff in reach. */
export async function getProvider(ctx: AppContext, principal: Principal, id: number) {
  const row = await loadProvider(ctx.db, id);
  const own = row.provider.userId === principal.userId;
  const [served] = await ctx.db.select({ id: orgNodes.id }).from(orgNodes).where(and(eq(orgNodes.id, row.provider.nodeId), servingHome(principal)));
  if (!own && !(served && row.provider.active)) assertCan(principal, 'services.read', row.nodePath);
  const services = await servicesOf(ctx.db, [id], !own && !(principal.roles.length && scopePaths(principal, 'services.read').length));
  return present(row, services.get(id) ?? []);
}

/** The providers linked to the caller's account. */
export async function myProviders(ctx: AppContext, principal: Principal) {
  const rows = await providerSelect(ctx.db).where(eq(workshopProviders.userId, principal.userId)).orderBy(asc(workshopProviders.id));
  const services = await servicesOf(ctx.db, rows.map((r) => r.provider.id), false);
  return { items: rows.map((r) => present(r, services.get(r.provider.id) ?? [])), total: rows.length };
}

async function checkUser(db: DbOrTx, userId: number | null | undefined) {
  if (userId == null) return;
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.id, userId));
  if (!u) throw workshopErrors.noUser();
}

async function writeServices(tx: Tx, providerId: number, list: ServiceBody[], now: Date) {
  const names = list.map((s) => s.name.trim());
  if (new Set(names).size !== names.length) throw workshopErrors.serviceNameTaken();
  const existing = await tx.select().from(workshopServices).where(eq(workshopServices.providerId, providerId));
  const ids = new Set(existing.map((e) => e.id));
  const kept = new Set<number>();
  // Renames first go through a temporary name so two services may swap names.
  for (const s of list) if (s.id && !ids.has(s.id)) throw workshopErrors.badService();
  for (const s of list.filter((x) => x.id)) {
    await tx.update(workshopServices).set({ name: `~${s.id}~${now.getTime()}` }).where(eq(workshopServices.id, s.id!));
  }
  for (const s of list) {
    const values = { name: s.name.trim(), category: s.category, priceCents: toCents(s.priceYuan), unit: s.unit?.trim() || '次', atHome: s.atHome ?? false, active: s.active ?? true };
    if (s.id) {
      kept.add(s.id);
      await tx.update(workshopServices).set(values).where(eq(workshopServices.id, s.id));
    } else {
      const [row] = await tx.insert(workshopServices).values({ providerId, ...values, createdAt: now }).returning({ id: workshopServices.id });
      kept.add(row!.id);
    }
  }
  // Services left out are retired (orders keep pointing at them), not deleted.
  const retired = existing.filter((e) => !kept.has(e.id)).map((e) => e.id);
  if (retired.length) await tx.update(workshopServices).set({ active: false }).where(inArray(workshopServices.id, retired));
}

function mapConstraint(err: unknown): never {
  const c = pgConstraint(err);
  if (c === 'workshop_providers_node_name_key') throw workshopErrors.nameTaken();
  if (c === 'workshop_services_provider_name_key') throw workshopErrors.serviceNameTaken();
  throw err;
}

export async function createProvider(ctx: AppContext, principal: Principal, actor: ActorContext, body: ProviderBody) {
  const [node] = await ctx.db.select({ id: orgNodes.id, path: orgNodes.path, kind: orgNodes.kind }).from(orgNodes).where(eq(orgNodes.id, body.nodeId));
  if (!node) throw errors.notFound();
  assertCan(principal, 'services.manage', node.path);
  if (node.kind !== 'community' && node.kind !== 'town') throw workshopErrors.badNode();
  await checkUser(ctx.db, body.userId);
  const now = ctx.clock.now();
  try {
    const id = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(workshopProviders)
        .values({
          nodeId: node.id,
          kind: body.kind,
          name: body.name.trim(),
          contactName: body.contactName.trim(),
          phone: body.phone.trim(),
          userId: body.userId ?? null,
          address: body.address?.trim() ?? '',
          lng: body.lng ?? null,
          lat: body.lat ?? null,
          hours: body.hours?.trim() ?? '',
          description: body.description?.trim() ?? '',
          active: body.active ?? true,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: workshopProviders.id });
      await writeServices(tx, row!.id, body.services, now);
      await recordAudit(tx, actor, now, { action: 'services.workshop_provider.create', objectType: 'workshop_provider', objectId: row!.id, orgNodeId: node.id, details: { name: body.name } });
      return row!.id;
    });
    return getProvider(ctx, principal, id);
  } catch (err) {
    return mapConstraint(err);
  }
}

export async function updateProvider(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, patch: ProviderPatch) {
  const current = await loadProvider(ctx.db, id);
  assertCan(principal, 'services.manage', current.nodePath);
  await checkUser(ctx.db, patch.userId);
  const now = ctx.clock.now();
  try {
    await ctx.db.transaction(async (tx) => {
      const set: Partial<typeof workshopProviders.$inferInsert> = { updatedAt: now };
      if (patch.kind !== undefined) set.kind = patch.kind;
      if (patch.name !== undefined) set.name = patch.name.trim();
      if (patch.contactName !== undefined) set.contactName = patch.contactName.trim();
      if (patch.phone !== undefined) set.phone = patch.phone.trim();
      if (patch.userId !== undefined) set.userId = patch.userId;
      if (patch.address !== undefined) set.address = patch.address.trim();
      if (patch.lng !== undefined) set.lng = patch.lng;
      if (patch.lat !== undefined) set.lat = patch.lat;
      if (patch.hours !== undefined) set.hours = patch.hours.trim();
      if (patch.description !== undefined) set.description = patch.description.trim();
      if (patch.active !== undefined) set.active = patch.active;
      await tx.update(workshopProviders).set(set).where(eq(workshopProviders.id, id));
      if (patch.services) await writeServices(tx, id, patch.services, now);
      await recordAudit(tx, actor, now, { action: 'services.workshop_provider.update', objectType: 'workshop_provider', objectId: id, orgNodeId: current.provider.nodeId, details: { fields: Object.keys(patch) } });
    });
  } catch (err) {
    mapConstraint(err);
  }
  return getProvider(ctx, principal, id);
}
