import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueTickets, serviceRatings } from '../../../db/schema/services.js';
import { TestClock } from '../../../platform/clock.js';
import { loadDemoPerson, type DemoPerson, type DemoSession } from '../../../platform/demo.js';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { SETUP_TIMEOUT_MS } from '../../../../test/rooms.js';
import { insertItem, insertWindow, servicesWorld } from '../../../../test/services.js';
import { seedQueueDemo } from './queue.demo.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof servicesWorld>>;
let session: DemoSession;

beforeAll(async () => {
  t = await createTestApp();
  w = await servicesWorld(t, 'D');
  const db = t.database.db;
  const social = await insertItem(db, w.tree.communityA.id, '城乡居民养老保险参保登记', { serviceMinutes: 12 });
  const cert = await insertItem(db, w.tree.communityA.id, '居住证明开具', { serviceMinutes: 6, category: 'certificates' });
  await insertWindow(db, w.centerA.id, 1, { itemIds: [social, cert] });
  await insertWindow(db, w.centerA.id, 2, { itemIds: [social], ticketPrefix: 'B' });
  const clock = new TestClock('2026-03-04T12:00:00+08:00');
  const people = new Map<string, DemoPerson>();
  session = {
    ctx: { ...t.app.ctx, clock },
    clock,
    until: clock.now(),
    out: { log: () => undefined, tty: false },
    async person(username) {
      let p = people.get(username);
      if (!p) people.set(username, (p = await loadDemoPerson(db, username)));
      return p;
    },
  };
}, SETUP_TIMEOUT_MS);

afterAll(async () => t?.close());

describe('the queue demo', () => {
  it('plays a morning at the hall through the services, then is skipped the second time', async () => {
    const result = await seedQueueDemo(session, { staff: 'D.staffA', resident: 'D.resA' });
    expect(result).toMatchObject({ skipped: false, day: '2026-03-03', tickets: 20, noShows: 1, transfers: 1, unansweredBad: 1 });
    expect(result.done).toBe(19);
    expect(result.ratings).toBe(19);
    const tickets = await t.database.db.select().from(queueTickets).where(eq(queueTickets.serviceCenterId, w.centerA.id));
    expect(tickets.filter((x) => x.status === 'done')).toHaveLength(19);
    expect(tickets.some((x) => x.source === 'phone')).toBe(true);
    const ratings = await t.database.db.select().from(serviceRatings);
    expect(ratings.filter((r) => r.level <= 2 && r.answer != null)).toHaveLength(1);
    expect((await seedQueueDemo(session, { staff: 'D.staffA' })).skipped).toBe(true);
  });
});
