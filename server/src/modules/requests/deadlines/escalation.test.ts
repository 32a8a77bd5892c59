import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { requestInState, requestWorld, type World } from '../../../../test/requests.js';
import { buildApp } from '../../../app.js';
import { loadConfig, testDatabaseUrl } from '../../../config.js';
import { openPostgres, queryRows } from '../../../db/client.js';
import { notifications } from '../../../db/schema/platform.js';
import { requestCounters, requestEscalations, requestEvents } from '../../../db/schema/requests.js';
import { sql } from 'drizzle-orm';
import { JOB_NAMES } from './jobs.js';

/**
 * 催办 and 督办 exactly once: two runs of a job racing (Promise.all) and, on PostgreSQL, two app instances on one
 * database. Levels climb one working day apart: the community, the street, the district — and no further.
 */
let t: TestApp;
let w: World;
const cn = (s: string) => new Date(`${s}+08:00`);

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-03-10T10:00:00+08:00');
  w = await requestWorld(t, 'Esc');
});
afterAll(() => t.close());

async function overdue(extra: { resolutionDueAt?: Date; reminderAt?: Date } = {}) {
  const due = extra.resolutionDueAt ?? cn('2026-03-09T17:30:00');
  return requestInState(t.database.db, 'in_progress', {
    orgNodeId: w.tree.gridA1.id,
    receivedAt: cn('2026-03-02T09:00:00'),
    assigneeUserId: w.id.gridA1,
    reporterUserId: w.id.residentA,
    resolutionDueAt: due,
    nextEscalationAt: due,
    reminderAt: extra.reminderAt ?? cn('2026-03-09T09:00:00'),
  });
}

const eventsOf = (id: number, action: string) =>
  t.database.db
    .select()
    .from(requestEvents)
    .where(and(eq(requestEvents.requestId, id), eq(requestEvents.action, action)));
const noticesOf = async (userId: number, kind: string, requestId: number) =>
  (
    await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)))
  ).filter((n) => n.data?.requestId === requestId);
const runTwice = (name: string) => Promise.all([t.app.ctx.jobs.run(name), t.app.ctx.jobs.run(name)]);

describe('reminders 催办', () => {
  it('remind the handler once, however many runs race', async () => {
    const r = await overdue({ resolutionDueAt: cn('2026-03-10T17:30:00'), reminderAt: cn('2026-03-10T09:00:00') });
    await runTwice(JOB_NAMES.reminders);
    await t.app.ctx.jobs.run(JOB_NAMES.reminders);
    expect(await eventsOf(r.id, 'remind')).toHaveLength(1);
    const [reminder, ...more] = await noticesOf(w.id.gridA1, 'request.reminder', r.id);
    expect(more).toEqual([]);
    expect(reminder).toMatchObject({ title: `催办：${r.number} 即将到期`, body: r.title });
    expect(reminder!.data?.en).toEqual({ title: `Reminder: ${r.number} is due soon`, body: r.title });
  });

  it('not before it is due', async () => {
    const r = await overdue({ reminderAt: cn('2026-03-11T09:00:00'), resolutionDueAt: cn('2026-03-11T17:30:00') });
    await t.app.ctx.jobs.run(JOB_NAMES.reminders);
    expect(await eventsOf(r.id, 'remind')).toHaveLength(0);
  });
});

describe('escalation 督办', () => {
  it('climbs one level per working day, each exactly once with racing runs, and stops at the district', async () => {
    const r = await overdue();
    const levelNodes = async () =>
      (await t.database.db.select().from(requestEscalations).where(eq(requestEscalations.requestId, r.id))).map((e) => [
        e.kind,
        e.level,
        e.orgNodeId,
      ]);

    await runTwice(JOB_NAMES.escalations);
    expect(await levelNodes()).toEqual([['resolution', 1, w.tree.communityA.id]]);
    const toAdmin = await noticesOf(w.id.secA, 'request.escalated', r.id);
    expect(toAdmin.map((n) => [n.title, n.body, n.data?.en])).toEqual([
      [`督办：${r.number} 超期未办结`, r.title, { title: `Escalation: ${r.number} is overdue and not resolved`, body: r.title }],
    ]);
    expect(await noticesOf(w.id.staffA, 'request.escalated', r.id)).toHaveLength(0);
    const toHandler = await noticesOf(w.id.gridA1, 'request.escalated', r.id);
    expect(toHandler.map((n) => [n.title, n.body, n.data?.en])).toEqual([
      [
        `您的工单已被督办：${r.number}`,
        '超期未办结，已上报Esc保利社区',
        { title: `Your task has been escalated: ${r.number}`, body: 'Overdue and not resolved; reported to Esc保利社区' },
      ],
    ]);

    t.clock.set('2026-03-10T17:29:00+08:00');
    await runTwice(JOB_NAMES.escalations);
    expect(await levelNodes()).toHaveLength(1);

    t.clock.set('2026-03-10T17:31:00+08:00');
    await runTwice(JOB_NAMES.escalations);
    t.clock.set('2026-03-11T17:31:00+08:00');
    await runTwice(JOB_NAMES.escalations);
    t.clock.set('2026-03-20T09:00:00+08:00');
    await runTwice(JOB_NAMES.escalations);
    expect(await levelNodes()).toEqual([
      ['resolution', 1, w.tree.communityA.id],
      ['resolution', 2, w.tree.town.id],
      ['resolution', 3, w.tree.county.id],
    ]);
    expect(await eventsOf(r.id, 'escalate')).toHaveLength(3);
    expect(await noticesOf(w.id.town, 'request.escalated', r.id)).toHaveLength(1);
    expect(await noticesOf(w.id.county, 'request.escalated', r.id)).toHaveLength(1);

    await w.relogin('secA', 'staffB', 'town');
    const board = (await w.api('secA', 'GET', '/requests/escalated')).json();
    expect(board.items.map((i: { id: number }) => i.id)).toContain(r.id);
    expect(board.items.find((i: { id: number }) => i.id === r.id)).toMatchObject({
      escalated: true,
      escalationLevel: 3,
      overdue: { resolution: true },
    });
    expect((await w.api('staffB', 'GET', '/requests/escalated')).json().items).toEqual([]);
    const overdueBoard = (await w.api('town', 'GET', '/requests/overdue')).json().items as { id: number; node: { name: string; community: string | null } }[];
    expect(overdueBoard.map((i) => i.id)).toContain(r.id);
    // At town level a grid alone says little: its community comes with it.
    expect(overdueBoard.find((i) => i.id === r.id)!.node).toMatchObject({ name: w.tree.gridA1.name, community: w.tree.communityA.name });
  });

  it('an unanswered request escalates once for its response', async () => {
    t.clock.set('2026-03-10T10:00:00+08:00');
    const r = await requestInState(t.database.db, 'submitted', {
      orgNodeId: w.tree.gridA2.id,
      receivedAt: cn('2026-03-06T09:00:00'),
      responseDueAt: cn('2026-03-09T17:30:00'),
      resolutionDueAt: cn('2026-03-13T17:30:00'),
      nextEscalationAt: cn('2026-03-13T17:30:00'),
    });
    await runTwice(JOB_NAMES.escalations);
    await t.app.ctx.jobs.run(JOB_NAMES.escalations);
    const rows = await t.database.db.select().from(requestEscalations).where(eq(requestEscalations.requestId, r.id));
    expect(rows.map((e) => [e.kind, e.level, e.orgNodeId])).toEqual([['response', 1, w.tree.communityA.id]]);
    expect((await noticesOf(w.id.secA, 'request.escalated', r.id)).map((n) => [n.title, n.data?.en])).toEqual([
      [`督办：${r.number} 超时未响应`, { title: `Escalation: ${r.number} is overdue for a response`, body: r.title }],
    ]);
    const [counts] = await t.database.db
      .select()
      .from(requestCounters)
      .where(and(eq(requestCounters.orgNodeId, w.tree.gridA2.id), eq(requestCounters.month, '2026-03-01')));
    expect(counts).toMatchObject({ received: 1, responded: 0, escalated: 1 });
  });

  it('the database refuses a second escalation of the same level in the same round', async () => {
    const r = await overdue();
    const row = { requestId: r.id, round: 0, orgNodeId: w.tree.communityA.id, kind: 'resolution' as const, level: 1, at: t.clock.now() };
    await t.database.db.insert(requestEscalations).values(row);
    await expect(t.database.db.insert(requestEscalations).values(row)).rejects.toThrow();
    // A reopened request is a new round and may be escalated again.
    await t.database.db.insert(requestEscalations).values({ ...row, round: 1 });
  });
});

describe.runIf(testDatabaseUrl())('two app instances on one PostgreSQL database', () => {
  it('escalate each overdue request exactly once', async () => {
    t.clock.set('2026-03-10T10:00:00+08:00');
    const [{ name }] = (await queryRows<{ name: string }>(t.database.db, sql`select current_database() as name`)) as [{ name: string }];
    const url = new URL(testDatabaseUrl()!);
    url.pathname = `/${name}`;
    const second = await openPostgres(url.toString(), 5);
    const other = await buildApp({
      config: loadConfig({ NODE_ENV: 'test', DATA_DIR: `/tmp/lianxin-test-${process.pid}-b` }),
      database: second,
      clock: t.clock,
      logger: false,
    });
    await other.ready();
    try {
      const ids: number[] = [];
      for (let i = 0; i < 40; i++) ids.push((await overdue()).id);
      await Promise.all([
        t.app.ctx.jobs.run(JOB_NAMES.escalations),
        other.ctx.jobs.run(JOB_NAMES.escalations),
        t.app.ctx.jobs.run(JOB_NAMES.reminders),
        other.ctx.jobs.run(JOB_NAMES.reminders),
      ]);
      const rows = await t.database.db.select().from(requestEscalations).where(inArray(requestEscalations.requestId, ids));
      expect(rows).toHaveLength(40);
      const events = await t.database.db
        .select()
        .from(requestEvents)
        .where(and(inArray(requestEvents.requestId, ids), eq(requestEvents.action, 'escalate')));
      expect(events).toHaveLength(40);
      const reminders = await t.database.db
        .select()
        .from(requestEvents)
        .where(and(inArray(requestEvents.requestId, ids), eq(requestEvents.action, 'remind')));
      expect(reminders).toHaveLength(40);
    } finally {
      await other.close();
      await second.close();
    }
  });
});
