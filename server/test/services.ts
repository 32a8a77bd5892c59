import type { Db } from '../src/db/client.js';
import { serviceItems, serviceWindowItems, serviceWindows, serviceWindowStaff, type ServiceMode } from '../src/db/schema/services.js';
import { pinyinKeys } from '../src/platform/pinyin.js';
import type { TestApp } from './app.js';
import { person, roomsWorld, scheduleVia } from './rooms.js';

/**
 * A world for the convenience-services tests: the rooms world (centers in communities A and B, staff and residents)
 * plus a secretary of A, the hall's opening hours of center A (the seeds' hours: weekdays 09:00–12:00 and
 * 13:30–18:30, one hour longer than 17:30; weekends 09:00–12:00) and center B (weekdays 09:00–17:00).
 * The test clock starts on Monday 2026-03-02 09:00 China time (see test/app.ts).
 */
export async function servicesWorld(t: TestApp, tag: string) {
  const world = await roomsWorld(t, tag);
  const secretaryA = await person(t, `${tag}.secA`, world.tree.communityA.id, [{ role: 'community_secretary', orgNodeId: world.tree.communityA.id }], '赵书记');
  const townAdmin = await person(t, `${tag}.town`, world.tree.town.id, [{ role: 'town_admin', orgNodeId: world.tree.town.id }], '街道管理员');
  const hallA = await scheduleVia(world.staffA, world.centerA.id, '服务大厅', [
    { weekdays: [1, 2, 3, 4, 5], opens: '09:00', closes: '12:00' },
    { weekdays: [1, 2, 3, 4, 5], opens: '13:30', closes: '18:30' },
    { weekdays: [6, 7], opens: '09:00', closes: '12:00' },
  ], { purpose: 'hall', holidayMode: 'closed' });
  const hallB = await scheduleVia(world.staffB, world.centerB.id, '服务大厅', [{ weekdays: [1, 2, 3, 4, 5], opens: '09:00', closes: '17:00' }], {
    purpose: 'hall',
    holidayMode: 'closed',
  });
  return { ...world, secretaryA, townAdmin, hallA, hallB };
}

let seq = 0;

/** A service item written directly (tests of windows, the queue and home service that need one). */
export async function insertItem(
  db: Db,
  nodeId: number,
  name: string,
  opts: { modes?: ServiceMode[]; category?: (typeof serviceItems.$inferInsert)['category']; timeLimitDays?: number; serviceMinutes?: number } = {},
): Promise<number> {
  const keys = pinyinKeys(name);
  const now = new Date('2026-03-01T00:00:00Z');
  const [row] = await db
    .insert(serviceItems)
    .values({
      nodeId,
      name,
      nameSearch: `${keys.full} ${keys.initials}`,
      category: opts.category ?? 'social_security',
      modes: opts.modes ?? ['on_the_spot', 'by_appointment'],
      timeLimitDays: opts.timeLimitDays ?? 0,
      serviceMinutes: opts.serviceMinutes ?? 15,
      sort: ++seq,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: serviceItems.id });
  return row!.id;
}

/** A window written directly, handling the given items, with the given staff. */
export async function insertWindow(
  db: Db,
  centerId: number,
  number: number,
  opts: { name?: string; itemIds?: number[]; staffIds?: number[]; slotMinutes?: number; slotCapacity?: number; maxPartySize?: number; ticketPrefix?: string } = {},
): Promise<number> {
  const now = new Date('2026-03-01T00:00:00Z');
  const [row] = await db
    .insert(serviceWindows)
    .values({
      serviceCenterId: centerId,
      number,
      name: opts.name ?? `${number}号窗口`,
      ticketPrefix: opts.ticketPrefix ?? 'A',
      slotMinutes: opts.slotMinutes ?? 30,
      slotCapacity: opts.slotCapacity ?? 3,
      maxPartySize: opts.maxPartySize ?? Math.min(3, opts.slotCapacity ?? 3),
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: serviceWindows.id });
  for (const itemId of opts.itemIds ?? []) await db.insert(serviceWindowItems).values({ windowId: row!.id, itemId });
  for (const userId of opts.staffIds ?? []) await db.insert(serviceWindowStaff).values({ windowId: row!.id, userId });
  return row!.id;
}
