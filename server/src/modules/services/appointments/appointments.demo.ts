import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../../db/client.js';
import { orgNodes, serviceCenters } from '../../../db/schema/org.js';
import { roomSchedules } from '../../../db/schema/rooms.js';
import { serviceItems, serviceWindows, type ServiceItemCategory } from '../../../db/schema/services.js';
import { roleAssignments, users } from '../../../db/schema/users.js';
import { shanghaiDate } from '../../../platform/calendarDays.js';
import { chinaTime, type DemoSession } from '../../../platform/demo.js';
import { publicCenter } from '../common/center.js';
import { bookIn, cancel, type Booker } from './booking.service.js';
import { bookableWindows, findSlots } from './slots.service.js';
import { createWindow } from './windows.service.js';

/**
 * The windows-and-appointments demo, through the service functions on the demo clock. For every center with a hall
 * schedule and staff: three windows (1号窗口 综合受理 for every bookable item, 2号窗口 社保医保, 3号窗口 民政事务), then
 * over the last two days residents book the coming days' slots; one slot fills up, a neighbour joins its waiting
 * list and is promoted when a booking is cancelled; staff book one for a caller on the phone.
 * Items come from the guide (seeded in parallel): pass `itemIds` per center id, or the items at or above the
 * center's node with mode 预约办 are used. Skipped when a center has windows already or no items.
 */
export interface AppointmentsDemoResult {
  skipped: boolean;
  windows: number;
  appointments: number;
  promoted: number;
}

const WINDOWS: { number: number; name: string; prefix: string; categories: ServiceItemCategory[] | null }[] = [
  { number: 1, name: '1号窗口 综合受理', prefix: 'A', categories: null },
  { number: 2, name: '2号窗口 社保医保', prefix: 'B', categories: ['social_security', 'medical_insurance', 'employment'] },
  { number: 3, name: '3号窗口 民政事务', prefix: 'C', categories: ['civil_affairs', 'elderly', 'veterans', 'family', 'household', 'certificates'] },
];

export async function seedAppointmentsDemo(session: DemoSession, options: { itemIds?: Map<number, number[]> } = {}): Promise<AppointmentsDemoResult> {
  const { ctx, clock, until } = session;
  const db = ctx.db;
  const result: AppointmentsDemoResult = { skipped: true, windows: 0, appointments: 0, promoted: 0 };
  const centers = await db
    .select({ id: serviceCenters.id, orgNodeId: serviceCenters.orgNodeId, path: orgNodes.path })
    .from(serviceCenters)
    .innerJoin(orgNodes, eq(orgNodes.id, serviceCenters.orgNodeId))
    .innerJoin(roomSchedules, and(eq(roomSchedules.serviceCenterId, serviceCenters.id), eq(roomSchedules.purpose, 'hall')))
    .orderBy(asc(serviceCenters.id));
  for (const c of centers) {
    const [has] = await db.select({ id: serviceWindows.id }).from(serviceWindows).where(eq(serviceWindows.serviceCenterId, c.id)).limit(1);
    if (has) continue;
    const staffRows = await db
      .select({ username: users.username, userId: users.id })
      .from(roleAssignments)
      .innerJoin(users, eq(users.id, roleAssignments.userId))
      .where(and(eq(roleAssignments.orgNodeId, c.orgNodeId), inArray(roleAssignments.role, ['community_staff', 'community_secretary'])))
      .orderBy(sql`${roleAssignments.role} = 'community_staff' desc`, asc(roleAssignments.id));
    if (staffRows.length === 0) continue;
    const given = options.itemIds?.get(c.id);
    const items = await db
      .select({ id: serviceItems.id, category: serviceItems.category })
      .from(serviceItems)
      .innerJoin(orgNodes, eq(orgNodes.id, serviceItems.nodeId))
      .where(
        and(
          eq(serviceItems.active, true),
          sql`${orgNodes.path} @> ${c.path}::ltree`,
          sql`'by_appointment' = any(${serviceItems.modes})`,
          // The community's own copy, not the template it adopted (the guide shows the nearest node's items).
          sql`not exists (select 1 from service_items copy join org_nodes cn on cn.id = copy.node_id
                          where copy.template_id = ${serviceItems.id} and cn.path @> ${c.path}::ltree)`,
          given ? inArray(serviceItems.id, given) : undefined,
        ),
      )
      .orderBy(asc(serviceItems.sort), asc(serviceItems.id));
    if (items.length === 0) continue;
    const staff = await session.person(staffRows[0]!.username);
    clock.set(chinaTime(until, -3, '08:30'));
    for (const w of WINDOWS) {
      const itemIds = items.filter((i) => w.categories === null || w.categories.includes(i.category)).map((i) => i.id);
      if (itemIds.length === 0) continue;
      await createWindow(ctx, staff.principal, staff.actor, {
        centerId: c.id,
        number: w.number,
        name: w.name,
        ticketPrefix: w.prefix,
        itemIds,
        staffIds: staffRows.slice(0, 1).map((s) => s.userId),
        slotMinutes: 30,
        slotCapacity: 3,
        maxPartySize: 2,
      });
      result.windows++;
    }
    result.skipped = false;

    // Residents of the center's community.
    const residents = await db
      .selectDistinct({ username: users.username, id: users.id })
      .from(roleAssignments)
      .innerJoin(users, eq(users.id, roleAssignments.userId))
      .innerJoin(orgNodes, eq(orgNodes.id, roleAssignments.orgNodeId))
      .where(and(eq(roleAssignments.role, 'resident'), sql`${orgNodes.path} <@ ${c.path}::ltree`))
      .orderBy(asc(users.id))
      .limit(8);
    if (residents.length < 5) continue;
    const center = await publicCenter(db, c.id);
    const general = (await bookableWindows(db, c.id)).find((w) => w.number === 1);
    if (!general) continue;
    const itemId = items[0]!.id;

    clock.set(chinaTime(until, -2, '19:30'));
    const from = shanghaiDate(chinaTime(until, 0, '00:00'));
    const to = shanghaiDate(chinaTime(until, 4, '00:00'));
    const days = await findSlots(db, center, [general], from, to, clock.now());
    const open = days.flatMap((d) => d.slots.filter((s) => s.bookable && s.free === s.capacity));
    if (open.length < 4) continue;
    const busy = open[1]!.startsAt; // the morning that fills up
    const tx = db as unknown as Tx;
    const asResident = async (i: number): Promise<Booker> => {
      const p = await session.person(residents[i]!.username);
      return { userId: p.principal.userId, bookedBy: p.principal.userId, name: p.principal.displayName, phoneSealed: null };
    };
    const bookAs = async (i: number, startsAt: Date, partySize: number, waitlist = false) => {
      const p = await session.person(residents[i]!.username);
      clock.set(new Date(clock.now().getTime() + 7 * 60_000));
      const booked = await bookIn(tx, ctx, p.actor, await asResident(i), { windowId: general.id, itemId, startsAt, partySize, waitlist }, clock.now());
      result.appointments++;
      return booked;
    };
    const first = await bookAs(0, busy, 2);
    await bookAs(1, busy, 1);
    await bookAs(2, busy, 1, true); // full: joins the waiting list
    await bookAs(3, open[0]!.startsAt, 1);
    await bookAs(4, open[2]!.startsAt, 2);
    await bookAs(0, open[3]!.startsAt, 1);
    // Staff book for a caller on the phone.
    clock.set(chinaTime(until, -1, '10:15'));
    await bookIn(tx, ctx, staff.actor, { userId: null, bookedBy: staff.principal.userId, name: '刘秀英', phoneSealed: null }, { windowId: general.id, itemId, startsAt: open[2]!.startsAt, partySize: 1, note: '电话预约' }, clock.now());
    result.appointments++;
    // The first booker cancels: the waiting neighbour is promoted in the same transaction.
    clock.set(chinaTime(until, -1, '16:40'));
    const p0 = await session.person(residents[0]!.username);
    result.promoted += (await cancel(ctx, p0.principal, p0.actor, first.id, { reason: '临时有事，改天再来' })).length;
  }
  return result;
}
