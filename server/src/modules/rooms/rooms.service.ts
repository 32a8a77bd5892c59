import { randomBytes, randomInt } from 'node:crypto';
import QRCode from 'qrcode';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { Principal } from '../../platform/access.js';
import { attachFiles, checkAttachable } from '../../platform/attachments.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { pgConstraint, pgErrorCode } from './errors.js';
import * as hoursRepo from './hours.repo.js';
import { canSeeRoom, manages } from './rooms.policy.js';
import { presentCenter, presentRoom } from './rooms.present.js';
import * as repo from './rooms.repo.js';
import { SLOT_MINUTES, type CenterSettings, type CentersQuery, type CreateRoomBody, type PatchRoomBody, type PutQuotasBody, type RoomRules, type RoomsQuery } from './rooms.schema.js';
import { loadScope, managedCenter, managedRoom, roomSubject, visibleCenter, visibleRoom } from './rooms.scope.js';

/** Centers (their booking settings and quotas) and rooms (their details, rules and QR code). */

export const DEFAULT_SCHEDULE_NAME = '功能室开放时间';

export function newCheckinToken(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * A six-digit code no other room has: random, drawn a few at a time (with thousands of rooms among a million
 * codes a clash is rare; the unique index settles a race).
 */
export async function newCheckinCode(db: DbOrTx): Promise<string> {
  for (let round = 0; round < 5; round++) {
    const drawn = Array.from({ length: 8 }, () => String(randomInt(0, 1_000_000)).padStart(6, '0'));
    const taken = await repo.takenCodes(db, drawn);
    const free = drawn.find((c) => !taken.has(c));
    if (free) return free;
  }
  throw new Error('no free check-in code');
}

export async function listCenters(ctx: AppContext, principal: Principal, query: CentersQuery) {
  const scope = await loadScope(ctx.db, principal);
  const rows = await repo.listCenters(ctx.db, scope, query.nodeId);
  return { items: rows.map((r) => presentCenter(scope, r)) };
}

export async function getCenter(ctx: AppContext, principal: Principal, id: number) {
  const scope = await loadScope(ctx.db, principal);
  return presentCenter(scope, await visibleCenter(ctx.db, scope, id));
}

export async function putSettings(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: CenterSettings) {
  const scope = await loadScope(ctx.db, principal);
  const center = await managedCenter(ctx.db, scope, id);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await repo.upsertSettings(tx, id, { ...body, updatedAt: now, updatedBy: actor.userId });
    await recordAudit(tx, actor, now, {
      action: 'room_center.settings',
      objectType: 'service_center',
      objectId: id,
      orgNodeId: center.center.orgNodeId,
      details: { before: center.settings, after: body },
    });
  });
  return presentCenter(scope, (await repo.findCenter(ctx.db, id))!);
}

function presentQuota(q: repo.QuotaRow) {
  return { id: q.id, roomId: q.roomId, subject: q.subject, hoursPerWeek: q.minutesPerWeek / 60 };
}

export async function listQuotas(ctx: AppContext, principal: Principal, id: number) {
  const scope = await loadScope(ctx.db, principal);
  await visibleCenter(ctx.db, scope, id);
  return { items: (await repo.quotasOfCenter(ctx.db, id)).map(presentQuota) };
}

/** Replace the center's quotas as a whole (one per room or center and subject). */
export async function putQuotas(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: PutQuotasBody) {
  const scope = await loadScope(ctx.db, principal);
  const center = await managedCenter(ctx.db, scope, id);
  const seen = new Set<string>();
  for (const q of body.quotas) {
    const key = `${q.roomId ?? 'center'}:${q.subject}`;
    if (seen.has(key)) {
      throw errors.badRequest('quota_duplicate', '同一功能室（或全中心）对同一对象只能设一个限额', 'One quota per room (or the whole center) and subject', { roomId: q.roomId, subject: q.subject });
    }
    seen.add(key);
  }
  const roomIds = [...new Set(body.quotas.flatMap((q) => (q.roomId ? [q.roomId] : [])))];
  const ours = await repo.roomIdsOfCenter(ctx.db, id, roomIds);
  const foreign = roomIds.filter((r) => !ours.includes(r));
  if (foreign.length) throw errors.badRequest('quota_room_invalid', '限额中的功能室不属于该中心', 'A quota names a room of another center', { roomIds: foreign });
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const before = await repo.quotasOfCenter(tx, id);
    const quotas = body.quotas.map((q) => ({ roomId: q.roomId, subject: q.subject, minutesPerWeek: Math.round(q.hoursPerWeek * 60) }));
    await repo.replaceQuotas(tx, id, quotas);
    await recordAudit(tx, actor, now, {
      action: 'room_center.quotas',
      objectType: 'service_center',
      objectId: id,
      orgNodeId: center.center.orgNodeId,
      details: { before: before.map(presentQuota), after: quotas },
    });
  });
  return { items: (await repo.quotasOfCenter(ctx.db, id)).map(presentQuota) };
}

export async function listRooms(ctx: AppContext, principal: Principal, query: RoomsQuery) {
  const scope = await loadScope(ctx.db, principal);
  if (query.centerId) await visibleCenter(ctx.db, scope, query.centerId);
  const rows = await repo.listRooms(ctx.db, scope, query);
  return { items: rows.map((r) => presentRoom(scope, r)) };
}

export async function getRoom(ctx: AppContext, principal: Principal, id: number) {
  const scope = await loadScope(ctx.db, principal);
  return presentRoom(scope, await visibleRoom(ctx.db, scope, id));
}

const nameTaken = (name: string) => errors.conflict('room_name_taken', `该中心已有名为“${name}”的功能室`, `This center already has a room called "${name}"`);

/** Rules merged over the current (or default) ones, checked as a whole. */
function mergedRules(current: RoomRules, patch: Partial<RoomRules> | undefined): RoomRules {
  const rules = { ...current, ...(patch ?? {}) };
  if (!SLOT_MINUTES.includes(rules.slotMinutes)) {
    throw errors.badRequest('room_rules_invalid', '时间粒度只能是 5、10、15、20、30 或 60 分钟', 'The slot grid must be 5, 10, 15, 20, 30 or 60 minutes', { slotMinutes: rules.slotMinutes });
  }
  if (rules.maxBookingMinutes < rules.minBookingMinutes) {
    throw errors.badRequest('room_rules_invalid', '最长预约时长不能短于最短预约时长', 'The longest booking cannot be shorter than the shortest');
  }
  if (rules.minBookingMinutes % rules.slotMinutes !== 0 || rules.maxBookingMinutes % rules.slotMinutes !== 0) {
    throw errors.badRequest('room_rules_invalid', `预约时长须为 ${rules.slotMinutes} 分钟的整数倍`, `Booking lengths must be whole multiples of ${rules.slotMinutes} minutes`);
  }
  return rules;
}

const DEFAULT_RULES: RoomRules = {
  slotMinutes: 30,
  minBookingMinutes: 30,
  maxBookingMinutes: 240,
  minNoticeMinutes: 30,
  maxAdvanceDays: 60,
  cancelNoticeMinutes: 120,
  noShowReleaseMinutes: 15,
  checkinOpensMinutes: 15,
};

/** Room photos: the caller's own uploads, or photos this room already has (an edit keeps them). */
async function checkPhotos(ctx: AppContext, principal: Principal, ids: string[] | undefined, roomId?: number): Promise<void> {
  await checkAttachable(ctx.db, { userId: principal.userId }, ids, roomId === undefined ? undefined : { type: 'room', id: roomId });
}

/** A room's photos are for whoever may see the room (platform/attachments). */
export async function maySeeRoomFiles(ctx: AppContext, principal: Principal, id: string): Promise<boolean> {
  const row = await repo.findRoom(ctx.db, Number(id));
  if (!row) return false;
  return canSeeRoom(await loadScope(ctx.db, principal), roomSubject(row));
}

/** The schedule a new room uses: the given one (a rooms schedule of the center), else the center's first. */
async function scheduleForRoom(tx: Tx, centerId: number, scheduleId: number | undefined, now: Date): Promise<number> {
  const schedules = await hoursRepo.schedulesOfCenter(tx, centerId);
  if (scheduleId !== undefined) {
    const s = schedules.find((x) => x.id === scheduleId);
    if (!s || s.purpose !== 'rooms') {
      throw errors.badRequest('schedule_invalid', '请选择该中心的功能室开放时间', 'Choose opening hours for rooms of the same center', { scheduleId });
    }
    return s.id;
  }
  const existing = schedules.find((s) => s.purpose === 'rooms');
  if (existing) return existing.id;
  const created = await hoursRepo.insertSchedule(tx, { serviceCenterId: centerId, name: DEFAULT_SCHEDULE_NAME, purpose: 'rooms', holidayMode: 'open', createdAt: now, updatedAt: now });
  return created.id;
}

export async function createRoom(ctx: AppContext, principal: Principal, actor: ActorContext, body: CreateRoomBody) {
  const scope = await loadScope(ctx.db, principal);
  const center = await managedCenter(ctx.db, scope, body.serviceCenterId);
  const name = body.name.trim();
  if (!name) throw errors.badRequest('room_name_blank', '名称不能为空', 'The name cannot be blank');
  const rules = mergedRules(DEFAULT_RULES, body.rules);
  await checkPhotos(ctx, principal, body.photoFileIds);
  const now = ctx.clock.now();
  try {
    const id = await ctx.db.transaction(async (tx) => {
      if (await repo.roomNamed(tx, center.center.id, name)) throw nameTaken(name);
      const scheduleId = await scheduleForRoom(tx, center.center.id, body.scheduleId, now);
      const room = await repo.insertRoom(tx, {
        serviceCenterId: center.center.id,
        scheduleId,
        name,
        kind: body.kind,
        capacity: body.capacity ?? null,
        location: body.location?.trim() || null,
        description: body.description?.trim() ?? '',
        equipment: (body.equipment ?? []).map((e) => e.trim()).filter(Boolean),
        photoFileIds: body.photoFileIds ?? [],
        requiresApproval: body.requiresApproval ?? false,
        openToAll: body.openToAll ?? false,
        ...rules,
        checkinToken: newCheckinToken(),
        checkinCode: await newCheckinCode(tx),
        createdAt: now,
        updatedAt: now,
      });
      await attachFiles(tx, body.photoFileIds ?? [], { type: 'room', id: room.id, orgNodeId: center.center.orgNodeId });
      await recordAudit(tx, actor, now, {
        action: 'room.create',
        objectType: 'room',
        objectId: room.id,
        orgNodeId: center.center.orgNodeId,
        details: { name, kind: body.kind, serviceCenterId: center.center.id },
      });
      return room.id;
    });
    return presentRoom(scope, (await repo.findRoom(ctx.db, id))!);
  } catch (err) {
    if (pgErrorCode(err) === '23505' && pgConstraint(err) === 'rooms_center_name_key') throw nameTaken(name);
    throw err;
  }
}

export async function updateRoom(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: PatchRoomBody) {
  const scope = await loadScope(ctx.db, principal);
  const row = await managedRoom(ctx.db, scope, id);
  const current = row.room;
  const name = body.name?.trim();
  if (body.name !== undefined && !name) throw errors.badRequest('room_name_blank', '名称不能为空', 'The name cannot be blank');
  const rules = mergedRules(current, body.rules);
  await checkPhotos(ctx, principal, body.photoFileIds, id);
  const now = ctx.clock.now();
  const patch: repo.RoomPatch = {
    ...(name !== undefined ? { name } : {}),
    ...(body.kind !== undefined ? { kind: body.kind } : {}),
    ...(body.capacity !== undefined ? { capacity: body.capacity } : {}),
    ...(body.location !== undefined ? { location: body.location?.trim() || null } : {}),
    ...(body.description !== undefined ? { description: body.description.trim() } : {}),
    ...(body.equipment !== undefined ? { equipment: body.equipment.map((e) => e.trim()).filter(Boolean) } : {}),
    ...(body.photoFileIds !== undefined ? { photoFileIds: body.photoFileIds } : {}),
    ...(body.requiresApproval !== undefined ? { requiresApproval: body.requiresApproval } : {}),
    ...(body.openToAll !== undefined ? { openToAll: body.openToAll } : {}),
    ...(body.active !== undefined ? { active: body.active } : {}),
    ...(body.rules ? pickRules(rules) : {}),
    updatedAt: now,
  };
  try {
    await ctx.db.transaction(async (tx) => {
      if (name && name !== current.name && (await repo.roomNamed(tx, current.serviceCenterId, name))) throw nameTaken(name);
      if (body.scheduleId !== undefined) patch.scheduleId = await scheduleForRoom(tx, current.serviceCenterId, body.scheduleId, now);
      await repo.updateRoom(tx, id, patch);
      await attachFiles(tx, body.photoFileIds ?? [], { type: 'room', id, orgNodeId: row.orgNodeId });
      await recordAudit(tx, actor, now, { action: 'room.update', objectType: 'room', objectId: id, orgNodeId: row.orgNodeId, details: { changes: body } });
    });
  } catch (err) {
    if (pgErrorCode(err) === '23505' && pgConstraint(err) === 'rooms_center_name_key' && name) throw nameTaken(name);
    throw err;
  }
  return presentRoom(scope, (await repo.findRoom(ctx.db, id))!);
}

function pickRules(r: RoomRules): RoomRules {
  return {
    slotMinutes: r.slotMinutes,
    minBookingMinutes: r.minBookingMinutes,
    maxBookingMinutes: r.maxBookingMinutes,
    minNoticeMinutes: r.minNoticeMinutes,
    maxAdvanceDays: r.maxAdvanceDays,
    cancelNoticeMinutes: r.cancelNoticeMinutes,
    noShowReleaseMinutes: r.noShowReleaseMinutes,
    checkinOpensMinutes: r.checkinOpensMinutes,
  };
}

/** The room's check-in QR code for the door: encodes the resident check-in page with the room's token. */
export async function roomQr(ctx: AppContext, principal: Principal, id: number, origin: string) {
  const scope = await loadScope(ctx.db, principal);
  const row = await visibleRoom(ctx.db, scope, id);
  if (!manages(scope, row.nodePath)) throw errors.forbidden();
  let code = row.room.checkinCode;
  if (code === null) {
    // A room added without one (demo data inserted directly): give it its code when it is first shown.
    code = await newCheckinCode(ctx.db);
    await repo.updateRoom(ctx.db, id, { checkinCode: code });
  }
  return qrFor(row.room.id, row.room.checkinToken, code, origin);
}

async function qrFor(roomId: number, token: string, code: string, origin: string) {
  const checkinUrl = `${origin}/m/rooms/checkin?token=${encodeURIComponent(token)}`;
  const svg = await QRCode.toString(checkinUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { roomId, checkinUrl, token, code, svg };
}

/** A new token: codes printed before stop working (after a code was photographed and shared, say). */
export async function renewQr(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, origin: string) {
  const scope = await loadScope(ctx.db, principal);
  const row = await managedRoom(ctx.db, scope, id);
  const token = newCheckinToken();
  const now = ctx.clock.now();
  let code = '';
  await ctx.db.transaction(async (tx) => {
    code = await newCheckinCode(tx);
    await repo.updateRoom(tx, id, { checkinToken: token, checkinCode: code, updatedAt: now });
    await recordAudit(tx, actor, now, { action: 'room.checkin_code_renew', objectType: 'room', objectId: id, orgNodeId: row.orgNodeId });
  });
  return qrFor(id, token, code, origin);
}
