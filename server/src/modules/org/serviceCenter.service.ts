import { assertVisible, can, type Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { SERVICE_CENTER_NODE_KINDS } from './org.policy.js';
import * as orgRepo from './org.repo.js';
import type { CreateServiceCenterBody, PatchServiceCenterBody, ServiceCentersQuery } from './org.schema.js';
import { pgErrorCode } from './org.service.js';
import * as repo from './serviceCenter.repo.js';

export function presentServiceCenter(row: repo.ServiceCenterRow) {
  return {
    id: row.id,
    orgNodeId: row.orgNodeId,
    kind: row.kind,
    name: row.name,
    address: row.address,
    phone: row.phone,
    lng: row.lng,
    lat: row.lat,
    createdAt: row.createdAt.toISOString(),
  };
}

const nameTaken = (name: string) =>
  errors.conflict('service_center_name_taken', `该节点下已有名为“${name}”的中心或站`, `This node already has a center or station called "${name}"`);

function cleanText(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  return value.trim() || null;
}

/** A map point is both coordinates or neither. */
function assertPoint(lng: number | null | undefined, lat: number | null | undefined): void {
  if ((lng == null) !== (lat == null)) {
    throw errors.badRequest('point_incomplete', '经度和纬度须同时填写或同时留空', 'Give both longitude and latitude, or neither');
  }
}

export async function listServiceCenters(ctx: AppContext, principal: Principal, nodeId: number, query: ServiceCentersQuery) {
  const node = await orgRepo.findNode(ctx.db, nodeId);
  if (!node) throw errors.notFound();
  assertVisible(principal, node.path);
  const rows = await repo.serviceCentersAt(ctx.db, node, query.includeDescendants, query.limit);
  return { items: rows.map(presentServiceCenter) };
}

export async function createServiceCenter(ctx: AppContext, principal: Principal, actor: ActorContext, body: CreateServiceCenterBody) {
  const node = await orgRepo.findNode(ctx.db, body.orgNodeId);
  if (!node) throw errors.notFound();
  assertVisible(principal, node.path);
  if (!can(principal, 'org.manage', node.path)) throw errors.forbidden();
  if (!SERVICE_CENTER_NODE_KINDS.includes(node.kind)) {
    throw errors.badRequest(
      'service_center_node_kind',
      '党群服务中心/站只能设在自治区、盟市、旗县区、镇街、社区或网格上',
      'Centers and stations hang on a region, city, county, town, community or grid',
      { kind: node.kind },
    );
  }
  assertPoint(body.lng, body.lat);
  const name = cleanText(body.name);
  if (!name) throw errors.badRequest('service_center_name_blank', '名称不能为空', 'The name cannot be blank');
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction(async (tx) => {
      if (await repo.centerNamed(tx, node.id, name)) throw nameTaken(name);
      const row = await repo.insertServiceCenter(tx, {
        orgNodeId: node.id,
        kind: body.kind,
        name,
        address: cleanText(body.address) ?? null,
        phone: cleanText(body.phone) ?? null,
        lng: body.lng ?? null,
        lat: body.lat ?? null,
        createdAt: now,
      });
      await recordAudit(tx, actor, now, {
        action: 'service_center.create',
        objectType: 'service_center',
        objectId: row.id,
        orgNodeId: node.id,
        details: { kind: row.kind, name: row.name },
      });
      return { serviceCenter: presentServiceCenter(row) };
    });
  } catch (err) {
    if (pgErrorCode(err) === '23505') throw nameTaken(name);
    throw err;
  }
}

export async function updateServiceCenter(
  ctx: AppContext,
  principal: Principal,
  actor: ActorContext,
  id: number,
  body: PatchServiceCenterBody,
) {
  const found = await repo.findServiceCenter(ctx.db, id);
  if (!found) throw errors.notFound();
  assertVisible(principal, found.nodePath);
  // The people who run the center (rooms.manage: community staff) keep its phone and address right for residents;
  // the rest of it (kind, name, map point) stays with org.manage.
  const contactOnly = Object.keys(body).every((k) => k === 'phone' || k === 'address');
  if (!can(principal, 'org.manage', found.nodePath) && !(contactOnly && can(principal, 'rooms.manage', found.nodePath))) throw errors.forbidden();
  const current = found.center;
  const patch: repo.ServiceCenterPatch = {};
  if (body.kind !== undefined) patch.kind = body.kind;
  if (body.name !== undefined) {
    const name = cleanText(body.name);
    if (!name) throw errors.badRequest('service_center_name_blank', '名称不能为空', 'The name cannot be blank');
    patch.name = name;
  }
  if (body.address !== undefined) patch.address = cleanText(body.address) ?? null;
  if (body.phone !== undefined) patch.phone = cleanText(body.phone) ?? null;
  if (body.lng !== undefined) patch.lng = body.lng;
  if (body.lat !== undefined) patch.lat = body.lat;
  assertPoint(patch.lng === undefined ? current.lng : patch.lng, patch.lat === undefined ? current.lat : patch.lat);
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction(async (tx) => {
      if (patch.name && patch.name !== current.name && (await repo.centerNamed(tx, current.orgNodeId, patch.name))) {
        throw nameTaken(patch.name);
      }
      const row = await repo.updateServiceCenter(tx, current.id, patch);
      const changed = Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== current[k as keyof typeof current]);
      await recordAudit(tx, actor, now, {
        action: 'service_center.update',
        objectType: 'service_center',
        objectId: row.id,
        orgNodeId: row.orgNodeId,
        details: {
          before: Object.fromEntries(changed.map((k) => [k, current[k as keyof typeof current]])),
          after: Object.fromEntries(changed.map((k) => [k, patch[k as keyof typeof patch]])),
        },
      });
      return { serviceCenter: presentServiceCenter(row) };
    });
  } catch (err) {
    if (pgErrorCode(err) === '23505' && patch.name) throw nameTaken(patch.name);
    throw err;
  }
}
