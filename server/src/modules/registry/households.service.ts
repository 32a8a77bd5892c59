import type { Tx } from '../../db/client.js';
import { type Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { pgErrorCode } from '../org/org.service.js';
import { registryErrors } from './errors.js';
import * as repo from './households.repo.js';
import { cleanText } from './identity.js';
import * as persons from './persons.repo.js';
import { presentPersons } from './persons.service.js';
import { placeOf, placesOf, type Place } from './places.js';
import * as policy from './registry.policy.js';
import { presentHousehold, presentResidence } from './present.js';
import type { CreateHouseholdBody, HouseholdListQuery, PatchHouseholdBody } from './registry.schema.js';
import { listPaths } from './scope.js';

/** Households 户: at a unit, a building, or a village/gacha community; closed (never deleted) when empty. */

const HOUSEHOLD_KINDS = ['unit', 'building', 'community'];

async function householdPlace(ctx: AppContext, principal: Principal, nodeId: number): Promise<Place & { communityId: number }> {
  const place = await placeOf(ctx.db, nodeId);
  if (!place) throw errors.notFound();
  policy.assertManage(principal, place.path);
  if (!HOUSEHOLD_KINDS.includes(place.kind) || place.communityId === null) throw registryErrors.placeNotForHousehold();
  return place as Place & { communityId: number };
}

async function commit<T>(ctx: AppContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await ctx.db.transaction(work);
  } catch (err) {
    if (pgErrorCode(err) === '23505') throw registryErrors.householdNoTaken();
    throw err;
  }
}

export async function listHouseholds(ctx: AppContext, principal: Principal, query: HouseholdListQuery) {
  const paths = await listPaths(ctx.db, principal, ['registry.read'], query.nodeId);
  const { ids, total } = await repo.searchHouseholdIds(ctx.db, { paths, q: query.q?.trim() || undefined, includeClosed: query.includeClosed ?? false }, query.limit, query.offset);
  const rows = await repo.loadHouseholds(ctx.db, ids);
  const places = await placesOf(ctx.db, rows.map((r) => r.nodeId));
  return { items: rows.map((r) => presentHousehold(r, places)), total };
}

async function readableHousehold(ctx: AppContext, principal: Principal, id: number) {
  const h = await repo.loadHousehold(ctx.db, id);
  if (!h) throw errors.notFound();
  policy.assertRead(principal, h.nodePath);
  return h;
}

export async function getHousehold(ctx: AppContext, principal: Principal, id: number) {
  const h = await readableHousehold(ctx, principal, id);
  const members = await persons.membersOf(ctx.db, id);
  const history = await persons.historyOfHousehold(ctx.db, id);
  const places = await placesOf(ctx.db, [h.nodeId, ...history.map((r) => r.householdNodeId)]);
  return {
    ...presentHousehold(h, places),
    members: await presentPersons(ctx, principal, members),
    history: history.map((r) => presentResidence(r, places)),
    allowedActions: policy.householdActions(principal, h.nodePath, h.closedAt === null, members.length === 0),
  };
}

export async function createHousehold(ctx: AppContext, principal: Principal, actor: ActorContext, body: CreateHouseholdBody) {
  return getHousehold(ctx, principal, await openHousehold(ctx, principal, actor, body));
}

/** createHousehold without reading it back (the demo and imports): the new household's id. */
export async function openHousehold(ctx: AppContext, principal: Principal, actor: ActorContext, body: CreateHouseholdBody): Promise<number> {
  const place = await householdPlace(ctx, principal, body.nodeId);
  const now = ctx.clock.now();
  const id = await commit(ctx, async (tx) => {
    const hid = await repo.insertHousehold(tx, {
      nodeId: place.id,
      gridId: place.gridId,
      communityId: place.communityId,
      householdNo: cleanText(body.householdNo),
      door: cleanText(body.door),
      address: cleanText(body.address),
      note: cleanText(body.note),
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(tx, actor, now, { action: 'household.create', objectType: 'household', objectId: hid, orgNodeId: place.id });
    return hid;
  });
  return id;
}

export async function updateHousehold(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: PatchHouseholdBody) {
  const h = await readableHousehold(ctx, principal, id);
  policy.assertManage(principal, h.nodePath);
  if (h.closedAt) throw registryErrors.householdClosed();
  const now = ctx.clock.now();
  const place = body.nodeId !== undefined && body.nodeId !== h.nodeId ? await householdPlace(ctx, principal, body.nodeId) : null;
  const patch: Partial<repo.NewHousehold> = { updatedAt: now };
  if (place) Object.assign(patch, { nodeId: place.id, gridId: place.gridId, communityId: place.communityId });
  if (body.door !== undefined) patch.door = cleanText(body.door);
  if (body.householdNo !== undefined) patch.householdNo = cleanText(body.householdNo);
  if (body.address !== undefined) patch.address = cleanText(body.address);
  if (body.note !== undefined) patch.note = cleanText(body.note);
  await commit(ctx, async (tx) => {
    await repo.updateHousehold(tx, id, patch);
    if (place) await repo.syncMembersPlace(tx, id, place.gridId, place.communityId);
    await recordAudit(tx, actor, now, { action: 'household.update', objectType: 'household', objectId: id, orgNodeId: place?.id ?? h.nodeId, details: { fields: Object.keys(body) } });
  });
  return getHousehold(ctx, principal, id);
}

export async function closeHousehold(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, note?: string) {
  const h = await readableHousehold(ctx, principal, id);
  policy.assertManage(principal, h.nodePath);
  if (h.closedAt) throw registryErrors.householdClosed();
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const locked = await repo.loadHousehold(tx, id, { lock: true });
    if (!locked || locked.memberCount > 0) throw registryErrors.householdNotEmpty();
    await repo.updateHousehold(tx, id, { closedAt: now, updatedAt: now, ...(note?.trim() ? { note: note.trim() } : {}) });
    await recordAudit(tx, actor, now, { action: 'household.close', objectType: 'household', objectId: id, orgNodeId: h.nodeId });
  });
  return getHousehold(ctx, principal, id);
}
