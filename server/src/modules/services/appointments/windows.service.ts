import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../../db/client.js';
import { orgNodes } from '../../../db/schema/org.js';
import { appointmentSlots, serviceItems, serviceWindowItems, serviceWindows, serviceWindowStaff } from '../../../db/schema/services.js';
import { roleAssignments, users } from '../../../db/schema/users.js';
import { can, type Principal } from '../../../platform/access.js';
import { recordAudit, type ActorContext } from '../../../platform/audit.js';
import type { AppContext } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { pgConstraint } from '../../rooms/errors.js';
import { centerFor, publicCenter, type ServicesCenter } from '../common/center.js';
import type { CreateWindowBody, PatchWindowBody, WindowsQuery } from './appointments.schema.js';

/**
 * Windows 窗口 of a center's hall: number, name, ticket letter, the items they handle, the staff who sit there and
 * the slot settings of appointments. Managed with services.manage over the center; read by anyone signed in.
 *
 * Changing slot settings never breaks an appointment already made: a changed capacity is applied to the window's
 * future slot rows in one guarded update (`taken <= new capacity`); if any future slot already holds more people
 * than the new capacity, the change is refused (409 capacity_below_taken) and nothing changes. Slot rows that have
 * begun keep their capacity. A changed slot length only affects slots not yet booked (rows are keyed by start).
 */

export type WindowRow = typeof serviceWindows.$inferSelect;

export async function windowRow(db: DbOrTx, id: number): Promise<WindowRow> {
  const [row] = await db.select().from(serviceWindows).where(eq(serviceWindows.id, id));
  if (!row) throw errors.notFound();
  return row;
}

/** The window and its center, 404 outside the caller's reach, 403 without `permission` over the center. */
export async function windowFor(db: DbOrTx, principal: Principal, id: number, permission: 'services.read' | 'services.manage' | 'services.serve') {
  const window = await windowRow(db, id);
  const center = await centerFor(db, principal, window.serviceCenterId, permission);
  return { window, center };
}

/** Items and staff of windows, two queries. */
async function details(db: DbOrTx, ids: number[]) {
  if (ids.length === 0) return { items: new Map<number, { id: number; name: string }[]>(), staff: new Map<number, { id: number; name: string }[]>() };
  const [itemRows, staffRows] = await Promise.all([
    db
      .select({ windowId: serviceWindowItems.windowId, id: serviceItems.id, name: serviceItems.name })
      .from(serviceWindowItems)
      .innerJoin(serviceItems, eq(serviceItems.id, serviceWindowItems.itemId))
      .where(inArray(serviceWindowItems.windowId, ids))
      .orderBy(asc(serviceItems.sort), asc(serviceItems.id)),
    db
      .select({ windowId: serviceWindowStaff.windowId, id: users.id, name: users.displayName })
      .from(serviceWindowStaff)
      .innerJoin(users, eq(users.id, serviceWindowStaff.userId))
      .where(inArray(serviceWindowStaff.windowId, ids))
      .orderBy(asc(users.id)),
  ]);
  const group = <T extends { windowId: number; id: number; name: string }>(rows: T[]) => {
    const m = new Map<number, { id: number; name: string }[]>();
    for (const r of rows) m.set(r.windowId, [...(m.get(r.windowId) ?? []), { id: r.id, name: r.name }]);
    return m;
  };
  return { items: group(itemRows), staff: group(staffRows) };
}

function present(w: WindowRow, d: Awaited<ReturnType<typeof details>>, showStaff: boolean) {
  return {
    id: w.id,
    centerId: w.serviceCenterId,
    number: w.number,
    name: w.name,
    ticketPrefix: w.ticketPrefix,
    acceptsAppointments: w.acceptsAppointments,
    slotMinutes: w.slotMinutes,
    slotCapacity: w.slotCapacity,
    maxPartySize: w.maxPartySize,
    maxAdvanceDays: w.maxAdvanceDays,
    minNoticeMinutes: w.minNoticeMinutes,
    cancelNoticeMinutes: w.cancelNoticeMinutes,
    noShowMinutes: w.noShowMinutes,
    active: w.active,
    items: d.items.get(w.id) ?? [],
    staff: showStaff ? (d.staff.get(w.id) ?? []) : [],
  };
}

/** The windows of a center (public; staff of the center also see who sits where). Inactive ones only for staff. */
export async function listWindows(ctx: AppContext, principal: Principal, query: WindowsQuery) {
  const center = await publicCenter(ctx.db, query.centerId);
  const staffView = can(principal, 'services.read', center.nodePath);
  const conditions = [eq(serviceWindows.serviceCenterId, center.id)];
  if (!staffView) conditions.push(eq(serviceWindows.active, true));
  if (query.itemId) {
    conditions.push(sql`exists (select 1 from ${serviceWindowItems} wi where wi.window_id = ${serviceWindows.id} and wi.item_id = ${query.itemId})`);
  }
  const rows = await ctx.db.select().from(serviceWindows).where(and(...conditions)).orderBy(asc(serviceWindows.number));
  const d = await details(ctx.db, rows.map((r) => r.id));
  return { items: rows.map((r) => present(r, d, staffView)) };
}

export async function getWindow(ctx: AppContext, principal: Principal, id: number) {
  const w = await windowRow(ctx.db, id);
  const center = await publicCenter(ctx.db, w.serviceCenterId);
  return present(w, await details(ctx.db, [w.id]), can(principal, 'services.read', center.nodePath));
}

/** 400 unless every item is active and published at the center's node or above it. */
async function checkItems(tx: DbOrTx, center: ServicesCenter, itemIds: number[]): Promise<void> {
  const ids = [...new Set(itemIds)];
  if (ids.length === 0) return;
  const found = await tx
    .select({ id: serviceItems.id })
    .from(serviceItems)
    .innerJoin(orgNodes, eq(orgNodes.id, serviceItems.nodeId))
    .where(and(inArray(serviceItems.id, ids), eq(serviceItems.active, true), sql`${orgNodes.path} @> ${center.nodePath}::ltree`));
  const missing = ids.filter((id) => !found.some((f) => f.id === id));
  if (missing.length > 0) {
    throw errors.badRequest('item_not_available', '所选事项不属于本中心可办理的事项', 'An item is not in the guide of this center', { itemIds: missing });
  }
}

/** 400 unless every user holds a staff role (not resident) at the center's node or below it. */
async function checkStaff(tx: DbOrTx, center: ServicesCenter, userIds: number[]): Promise<void> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return;
  const found = await tx
    .selectDistinct({ id: roleAssignments.userId })
    .from(roleAssignments)
    .innerJoin(orgNodes, eq(orgNodes.id, roleAssignments.orgNodeId))
    .where(and(inArray(roleAssignments.userId, ids), sql`${roleAssignments.role} <> 'resident'`, sql`${orgNodes.path} <@ ${center.nodePath}::ltree`));
  const missing = ids.filter((id) => !found.some((f) => f.id === id));
  if (missing.length > 0) {
    throw errors.badRequest('staff_not_at_center', '所选人员不是本中心的工作人员', 'A user is not a staff member of this center', { userIds: missing });
  }
}

async function replaceLinks(tx: Tx, windowId: number, body: { itemIds?: number[]; staffIds?: number[] }) {
  if (body.itemIds) {
    await tx.delete(serviceWindowItems).where(eq(serviceWindowItems.windowId, windowId));
    const ids = [...new Set(body.itemIds)];
    if (ids.length > 0) await tx.insert(serviceWindowItems).values(ids.map((itemId) => ({ windowId, itemId })));
  }
  if (body.staffIds) {
    await tx.delete(serviceWindowStaff).where(eq(serviceWindowStaff.windowId, windowId));
    const ids = [...new Set(body.staffIds)];
    if (ids.length > 0) await tx.insert(serviceWindowStaff).values(ids.map((userId) => ({ windowId, userId })));
  }
}

function checkParty(slotCapacity: number, maxPartySize: number) {
  if (maxPartySize > slotCapacity) {
    throw errors.badRequest('party_above_capacity', '每次预约人数上限不能超过时段容量', 'The largest party cannot exceed the slot capacity', { slotCapacity, maxPartySize });
  }
}

async function translateUnique<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (pgConstraint(err) === 'service_windows_center_number_key') {
      throw errors.conflict('window_number_taken', '本中心已有该编号的窗口', 'The center already has a window with this number');
    }
    throw err;
  }
}

const settingsOf = (body: CreateWindowBody | PatchWindowBody) => ({
  ...(body.acceptsAppointments === undefined ? {} : { acceptsAppointments: body.acceptsAppointments }),
  ...(body.slotMinutes === undefined ? {} : { slotMinutes: body.slotMinutes }),
  ...(body.slotCapacity === undefined ? {} : { slotCapacity: body.slotCapacity }),
  ...(body.maxPartySize === undefined ? {} : { maxPartySize: body.maxPartySize }),
  ...(body.maxAdvanceDays === undefined ? {} : { maxAdvanceDays: body.maxAdvanceDays }),
  ...(body.minNoticeMinutes === undefined ? {} : { minNoticeMinutes: body.minNoticeMinutes }),
  ...(body.cancelNoticeMinutes === undefined ? {} : { cancelNoticeMinutes: body.cancelNoticeMinutes }),
  ...(body.noShowMinutes === undefined ? {} : { noShowMinutes: body.noShowMinutes }),
});

export async function createWindow(ctx: AppContext, principal: Principal, actor: ActorContext, body: CreateWindowBody) {
  const center = await centerFor(ctx.db, principal, body.centerId, 'services.manage');
  const now = ctx.clock.now();
  const capacity = body.slotCapacity ?? 3;
  const party = body.maxPartySize ?? Math.min(3, capacity);
  checkParty(capacity, party);
  const id = await translateUnique(() =>
    ctx.db.transaction(async (tx) => {
      await checkItems(tx, center, body.itemIds ?? []);
      await checkStaff(tx, center, body.staffIds ?? []);
      const [row] = await tx
        .insert(serviceWindows)
        .values({
          serviceCenterId: center.id,
          number: body.number,
          name: body.name,
          ticketPrefix: body.ticketPrefix ?? 'A',
          ...settingsOf(body),
          slotCapacity: capacity,
          maxPartySize: party,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: serviceWindows.id });
      await replaceLinks(tx, row!.id, body);
      await recordAudit(tx, actor, now, { action: 'services.window.create', objectType: 'service_window', objectId: row!.id, orgNodeId: center.orgNodeId, details: { ...body } });
      return row!.id;
    }),
  );
  return getWindow(ctx, principal, id);
}

export async function updateWindow(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: PatchWindowBody) {
  const { window, center } = await windowFor(ctx.db, principal, id, 'services.manage');
  const now = ctx.clock.now();
  const capacity = body.slotCapacity ?? window.slotCapacity;
  checkParty(capacity, body.maxPartySize ?? window.maxPartySize);
  await translateUnique(() =>
    ctx.db.transaction(async (tx) => {
      await checkItems(tx, center, body.itemIds ?? []);
      await checkStaff(tx, center, body.staffIds ?? []);
      if (capacity !== window.slotCapacity) {
        const future = and(eq(appointmentSlots.windowId, id), gt(appointmentSlots.startsAt, now));
        const [over] = await tx
          .select({ startsAt: appointmentSlots.startsAt, taken: appointmentSlots.taken })
          .from(appointmentSlots)
          .where(and(future, gt(appointmentSlots.taken, capacity)))
          .for('update')
          .limit(1);
        if (over) {
          throw errors.conflict('capacity_below_taken', '已有时段的预约人数超过新的容量，不能调低', 'A future slot already holds more people than the new capacity', {
            startsAt: over.startsAt.toISOString(),
            taken: over.taken,
          });
        }
        await tx.update(appointmentSlots).set({ capacity }).where(and(future, sql`${appointmentSlots.taken} <= ${capacity}`));
      }
      await tx
        .update(serviceWindows)
        .set({
          ...(body.number === undefined ? {} : { number: body.number }),
          ...(body.name === undefined ? {} : { name: body.name }),
          ...(body.ticketPrefix === undefined ? {} : { ticketPrefix: body.ticketPrefix }),
          ...(body.active === undefined ? {} : { active: body.active }),
          ...settingsOf(body),
          updatedAt: now,
        })
        .where(eq(serviceWindows.id, id));
      await replaceLinks(tx, id, body);
      await recordAudit(tx, actor, now, { action: 'services.window.update', objectType: 'service_window', objectId: id, orgNodeId: center.orgNodeId, details: { ...body } });
    }),
  );
  return getWindow(ctx, principal, id);
}

/** What a window of the center may be given (services.manage): the items of the guide at or above the center's node, and its staff. */
export async function windowOptions(ctx: AppContext, principal: Principal, centerId: number) {
  const center = await centerFor(ctx.db, principal, centerId, 'services.manage');
  const [items, staff] = await Promise.all([
    ctx.db
      .select({ id: serviceItems.id, name: serviceItems.name, category: serviceItems.category, byAppointment: sql<boolean>`'by_appointment' = any(${serviceItems.modes})` })
      .from(serviceItems)
      .innerJoin(orgNodes, eq(orgNodes.id, serviceItems.nodeId))
      .where(and(eq(serviceItems.active, true), sql`${orgNodes.path} @> ${center.nodePath}::ltree`))
      .orderBy(asc(serviceItems.sort), asc(serviceItems.id))
      .limit(500),
    ctx.db
      .selectDistinct({ id: users.id, name: users.displayName })
      .from(roleAssignments)
      .innerJoin(users, eq(users.id, roleAssignments.userId))
      .innerJoin(orgNodes, eq(orgNodes.id, roleAssignments.orgNodeId))
      .where(and(sql`${roleAssignments.role} <> 'resident'`, sql`${orgNodes.path} <@ ${center.nodePath}::ltree`))
      .orderBy(asc(users.id))
      .limit(200),
  ]);
  return { items, staff };
}
