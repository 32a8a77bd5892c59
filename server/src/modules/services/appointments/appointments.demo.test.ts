import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { crowd, SETUP_TIMEOUT_MS } from '../../../../test/rooms.js';
import { insertItem, servicesWorld } from '../../../../test/services.js';
import { appointments, appointmentSlots, serviceWindows } from '../../../db/schema/services.js';
import { loadDemoPerson, type DemoSession } from '../../../platform/demo.js';
import { seedAppointmentsDemo } from './appointments.demo.js';

let t: TestApp;
let session: DemoSession;
let centerA: number;

beforeAll(async () => {
  t = await createTestApp();
  const w = await servicesWorld(t, 'ad');
  centerA = w.centerA.id;
  const db = t.database.db;
  await insertItem(db, w.tree.city.id, '城乡居民养老保险参保登记', { category: 'social_security' });
  await insertItem(db, w.tree.communityA.id, '高龄津贴申请', { category: 'civil_affairs' });
  await insertItem(db, w.tree.communityA.id, '居住证明开具', { category: 'certificates', modes: ['on_the_spot'] });
  await crowd(t, 'ad.res', 6, w.tree.unitA1.id, w.tree.communityA.id);
  session = { ctx: t.app.ctx, clock: t.clock, until: t.clock.now(), out: { log: () => {}, tty: false }, person: (u) => loadDemoPerson(db, u) };
}, SETUP_TIMEOUT_MS);
afterAll(async () => t?.close());

describe('the appointments demo', () => {
  it('sets up three windows and books through the services, with one promotion from the waiting list, once', async () => {
    const result = await seedAppointmentsDemo(session);
    expect(result).toMatchObject({ skipped: false, promoted: 1, appointments: 7 });
    const db = t.database.db;
    const windows = await db.select().from(serviceWindows).where(eq(serviceWindows.serviceCenterId, centerA));
    expect(windows.map((w) => w.name).sort()).toEqual(['1号窗口 综合受理', '2号窗口 社保医保', '3号窗口 民政事务']);
    const rows = await db.select().from(appointments).where(eq(appointments.serviceCenterId, centerA));
    expect(rows.filter((r) => r.status === 'cancelled')).toHaveLength(1);
    expect(rows.filter((r) => r.status === 'waiting')).toHaveLength(0);
    // taken agrees with the holding appointments of every slot
    for (const s of await db.select().from(appointmentSlots)) {
      const holding = rows.filter((r) => r.windowId === s.windowId && r.startsAt.getTime() === s.startsAt.getTime() && r.status === 'booked');
      expect(s.taken).toBe(holding.reduce((n, r) => n + r.partySize, 0));
    }
    expect((await seedAppointmentsDemo(session)).windows).toBe(0);
  });
});
