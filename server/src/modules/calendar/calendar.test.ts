import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, errorCode, loginAs, type TestApp } from '../../../test/app.js';
import { createOrgTree, createUser, TEST_PASSWORD } from '../../../test/factories.js';
import { auditLog } from '../../db/schema/platform.js';
import { packageYears } from '../../platform/calendarPackage.js';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createOrgTree>>;
const tokens: Record<'secretaryA' | 'staffA' | 'secretaryB' | 'countyAdmin', string> = {
  secretaryA: '',
  staffA: '',
  secretaryB: '',
  countyAdmin: '',
};

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  tree = await createOrgTree(db, 'Cal');
  const users = {
    secretaryA: { role: 'community_secretary', node: tree.communityA },
    staffA: { role: 'community_staff', node: tree.communityA },
    secretaryB: { role: 'community_secretary', node: tree.communityB },
    countyAdmin: { role: 'county_admin', node: tree.county },
  } as const;
  for (const [username, u] of Object.entries(users)) {
    await createUser(db, { username, homeNodeId: u.node.id, roles: [{ role: u.role, orgNodeId: u.node.id }] });
    tokens[username as keyof typeof tokens] = await loginAs(t.app, username, TEST_PASSWORD);
  }
});
afterAll(() => t.close());

type Who = keyof typeof tokens;
const get = (who: Who, url: string, lang = 'zh') =>
  t.app.inject({ method: 'GET', url, headers: { ...bearer(tokens[who]), 'accept-language': lang } });
const put = (who: Who, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'PUT', url: '/api/v1/calendar/overrides', headers: bearer(tokens[who]), payload });
const del = (who: Who, id: number) => t.app.inject({ method: 'DELETE', url: `/api/v1/calendar/overrides/${id}`, headers: bearer(tokens[who]) });
const days = (who: Who, nodeId: number, from: string, to: string) => get(who, `/api/v1/calendar/days?nodeId=${nodeId}&from=${from}&to=${to}`);
const dayAt = async (who: Who, nodeId: number, date: string) => (await days(who, nodeId, date, date)).json().items[0];
const q = (value: string) => encodeURIComponent(value);

describe('GET /calendar/days', () => {
  it('shows National Day 2026 with its make-up workdays', async () => {
    const res = await days('staffA', tree.gridA1.id, '2026-09-19', '2026-10-11');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { date: string; workday: boolean; reason: string; name?: string }[];
    expect(items).toHaveLength(23);
    expect(items.filter((d) => d.reason === 'holiday' && d.name === '国庆节').map((d) => d.date)).toEqual([
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
      '2026-10-04',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
    ]);
    expect(items.filter((d) => d.reason === 'makeup_workday').map((d) => d.date)).toEqual(['2026-09-20', '2026-10-10']);
    expect(items.find((d) => d.date === '2026-09-19')).toEqual({ date: '2026-09-19', workday: false, reason: 'weekend' });
  });

  it('answers bad dates and ranges with 400 and a clear message', async () => {
    const impossible = await get('staffA', `/api/v1/calendar/days?nodeId=${tree.gridA1.id}&from=2026-02-30&to=2026-03-02`, 'en');
    expect(impossible.statusCode).toBe(400);
    expect(impossible.json().error.message).toContain('from');
    const backwards = await days('staffA', tree.gridA1.id, '2026-03-10', '2026-03-01');
    expect(backwards.statusCode).toBe(400);
    expect(errorCode(backwards)).toBe('invalid_range');
    expect(backwards.json().error.message).toBe('结束日期 2026-03-01 早于开始日期 2026-03-10');
    const tooLong = await days('staffA', tree.gridA1.id, '2025-01-01', '2026-01-02');
    expect(tooLong.statusCode).toBe(400);
    expect(errorCode(tooLong)).toBe('range_too_long');
    expect((await days('staffA', tree.gridA1.id, '2025-01-01', '2026-01-01')).statusCode).toBe(200);
    const missing = await get('staffA', '/api/v1/calendar/days?from=2026-03-01&to=2026-03-02');
    expect(missing.statusCode).toBe(400);
    expect(errorCode(missing)).toBe('validation_failed');
  });

  it('shows a year whose national schedule is not entered as estimated: Monday to Friday, never an error or zeros', async () => {
    const year = packageYears().at(-1)!.year + 1;
    const res = await days('staffA', tree.gridA1.id, `${year}-01-01`, `${year}-01-31`);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { date: string; workday: boolean; reason: string; estimated?: boolean }[];
    expect(items).toHaveLength(31);
    expect(items.every((d) => d.estimated === true)).toBe(true);
    expect(items.filter((d) => d.workday).length).toBeGreaterThanOrEqual(20);
    expect(items.every((d) => d.reason === 'weekday' || d.reason === 'weekend')).toBe(true);
    // December's month grid reaches into the next year: the known days carry no flag, the others do
    const december = (await days('staffA', tree.gridA1.id, `${year - 1}-12-25`, `${year}-01-14`)).json().items as { estimated?: boolean }[];
    expect(december.filter((d) => d.estimated).length).toBe(14);
  });

  it('hides nodes outside the caller scope and needs a session', async () => {
    expect((await days('staffA', tree.communityB.id, '2026-03-01', '2026-03-02')).statusCode).toBe(404);
    expect((await days('staffA', tree.town.id, '2026-03-01', '2026-03-02')).statusCode).toBe(404);
    expect((await days('staffA', 999_999, '2026-03-01', '2026-03-02')).statusCode).toBe(404);
    const anonymous = await t.app.inject({ method: 'GET', url: `/api/v1/calendar/days?nodeId=${tree.gridA1.id}&from=2026-03-01&to=2026-03-02` });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('overrides', () => {
  it('a local rest day at a community affects its grids, not the sibling community, and is audited', async () => {
    const res = await put('secretaryA', { nodeId: tree.communityA.id, day: '2026-03-04', kind: 'rest', note: ' 社区换届选举 ' });
    expect(res.statusCode).toBe(200);
    const saved = res.json();
    expect(saved).toMatchObject({ day: '2026-03-04', kind: 'rest', note: '社区换届选举', node: { id: tree.communityA.id }, actions: { delete: true } });
    expect(await dayAt('staffA', tree.gridA1.id, '2026-03-04')).toMatchObject({ workday: false, reason: 'local_rest', note: '社区换届选举' });
    expect(await dayAt('countyAdmin', tree.gridB1.id, '2026-03-04')).toEqual({ date: '2026-03-04', workday: true, reason: 'weekday' });
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectType, 'calendar_override'), eq(auditLog.objectId, String(saved.id))));
    expect(audit).toEqual([expect.objectContaining({ action: 'calendar.override_create', orgNodeId: tree.communityA.id })]);

    // setting the same node and day again replaces it in place
    const again = await put('secretaryA', { nodeId: tree.communityA.id, day: '2026-03-04', kind: 'work' });
    expect(again.json()).toMatchObject({ id: saved.id, kind: 'work', note: null });
    const [update] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'calendar.override_update'));
    expect(update?.details).toMatchObject({ kind: 'work', previous: { kind: 'rest', note: '社区换届选举' } });
    await put('secretaryA', { nodeId: tree.communityA.id, day: '2026-03-04', kind: 'rest', note: '社区换届选举' });
  });

  it('a local workday on a Sunday moves deadlines', async () => {
    const res = await put('countyAdmin', { nodeId: tree.county.id, day: '2026-03-08', kind: 'work', note: '全旗集中办公' });
    expect(res.statusCode).toBe(200);
    expect(await dayAt('staffA', tree.gridA1.id, '2026-03-08')).toMatchObject({ workday: true, reason: 'local_work', overrideNodeId: tree.county.id });
    const wt = await get('staffA', `/api/v1/calendar/working-time?nodeId=${tree.gridA1.id}&start=${q('2026-03-07T10:00:00+08:00')}&minutes=30`);
    expect(wt.json()).toEqual({ deadline: '2026-03-08T01:30:00.000Z', estimated: false });
  });

  it('lists inherited overrides with their nodes; the nearest decides', async () => {
    await put('countyAdmin', { nodeId: tree.county.id, day: '2026-03-05', kind: 'rest' });
    await put('secretaryA', { nodeId: tree.communityA.id, day: '2026-03-05', kind: 'work', note: '照常办公' });
    expect(await dayAt('staffA', tree.gridA1.id, '2026-03-05')).toMatchObject({ workday: true, reason: 'local_work' });
    expect(await dayAt('secretaryB', tree.gridB1.id, '2026-03-05')).toMatchObject({ workday: false, reason: 'local_rest' });

    const res = await get('secretaryA', `/api/v1/calendar/overrides?nodeId=${tree.gridA1.id}&from=2026-03-01&to=2026-03-31`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.actions).toEqual({ manage: true });
    const brief = body.items.map((o: { day: string; node: { id: number }; effective: boolean; inherited: boolean; actions: { delete: boolean } }) => [
      o.day,
      o.node.id,
      o.effective,
      o.inherited,
      o.actions.delete,
    ]);
    expect(brief).toEqual([
      ['2026-03-04', tree.communityA.id, true, true, true],
      ['2026-03-05', tree.communityA.id, true, true, true],
      ['2026-03-05', tree.county.id, false, true, false],
      ['2026-03-08', tree.county.id, true, true, false],
    ]);
    const staff = await get('staffA', `/api/v1/calendar/overrides?nodeId=${tree.communityA.id}`);
    expect(staff.json().actions).toEqual({ manage: false });
    expect(staff.json().items.every((o: { actions: { delete: boolean } }) => !o.actions.delete)).toBe(true);
    expect((await get('staffA', `/api/v1/calendar/overrides?nodeId=${tree.communityB.id}`)).statusCode).toBe(404);
  });

  it('refuses outside scope with 404 and without calendar.manage with 403', async () => {
    const staff = await put('staffA', { nodeId: tree.communityA.id, day: '2026-03-06', kind: 'rest' });
    expect(staff.statusCode).toBe(403);
    expect(errorCode(staff)).toBe('forbidden');
    expect((await put('secretaryA', { nodeId: tree.communityB.id, day: '2026-03-06', kind: 'rest' })).statusCode).toBe(404);
    expect((await put('secretaryA', { nodeId: tree.town.id, day: '2026-03-06', kind: 'rest' })).statusCode).toBe(404);
    expect((await put('secretaryA', { nodeId: 999_999, day: '2026-03-06', kind: 'rest' })).statusCode).toBe(404);
  });

  it('answers bad override input with 400', async () => {
    for (const payload of [
      { nodeId: tree.communityA.id, day: '2026-02-30', kind: 'rest' },
      { nodeId: tree.communityA.id, day: '2026-03-06', kind: 'holiday' },
      { nodeId: tree.communityA.id, day: '2026-03-06', kind: 'rest', note: '很长'.repeat(101) },
      { day: '2026-03-06', kind: 'rest' },
    ]) {
      const res = await put('secretaryA', payload);
      expect(res.statusCode).toBe(400);
      expect(errorCode(res)).toBe('validation_failed');
    }
  });

  it('deletes with the same scope rules, audited; the day returns to the official calendar', async () => {
    const created = (await put('secretaryA', { nodeId: tree.gridA2.id, day: '2026-03-10', kind: 'rest' })).json();
    expect(await dayAt('staffA', tree.gridA2.id, '2026-03-10')).toMatchObject({ reason: 'local_rest' });
    expect((await del('staffA', created.id)).statusCode).toBe(403);
    expect((await del('secretaryB', created.id)).statusCode).toBe(404);
    expect((await del('secretaryA', created.id)).statusCode).toBe(204);
    expect(await dayAt('staffA', tree.gridA2.id, '2026-03-10')).toEqual({ date: '2026-03-10', workday: true, reason: 'weekday' });
    expect((await del('secretaryA', created.id)).statusCode).toBe(404);
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'calendar.override_delete'));
    expect(audit).toEqual([expect.objectContaining({ objectId: String(created.id), orgNodeId: tree.gridA2.id })]);
  });
});

describe('working time', () => {
  it('adds working minutes across the National Day holiday and measures them back', async () => {
    const start = q('2026-09-30T16:00:00+08:00');
    const res = await get('staffA', `/api/v1/calendar/working-time?nodeId=${tree.gridA1.id}&start=${start}&minutes=120`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ deadline: '2026-10-08T01:30:00.000Z', estimated: false });
    const between = await get('staffA', `/api/v1/calendar/working-time-between?nodeId=${tree.gridA1.id}&from=${start}&to=${q('2026-10-08T09:30:00+08:00')}`);
    expect(between.json()).toEqual({ minutes: 120, estimated: false });
  });

  it('refuses instants without an offset, negative minutes and spans of years; counts on into a year not entered', async () => {
    const base = `/api/v1/calendar/working-time?nodeId=${tree.gridA1.id}`;
    const noOffset = await get('staffA', `${base}&start=2026-09-30T16:00:00&minutes=10`);
    expect(noOffset.statusCode).toBe(400);
    expect(errorCode(noOffset)).toBe('validation_failed');
    expect((await get('staffA', `${base}&start=${q('2026-09-30T16:00:00+08:00')}&minutes=-1`)).statusCode).toBe(400);
    const year = packageYears().at(-1)!.year + 1;
    const uncovered = await get('staffA', `${base}&start=${q(`${year - 1}-12-31T17:00:00+08:00`)}&minutes=60`);
    expect(uncovered.statusCode).toBe(200);
    expect(uncovered.json()).toEqual({ deadline: new Date(`${year}-01-01T09:30:00+08:00`).toISOString(), estimated: true });
    const years = await get('staffA', `${base}&start=${q('2005-01-04T09:00:00+08:00')}&minutes=1000000`);
    expect(years.statusCode).toBe(400);
    expect(errorCode(years)).toBe('calendar_span_too_long');
    expect((await get('secretaryB', `${base}&start=${q('2026-09-30T16:00:00+08:00')}&minutes=10`)).statusCode).toBe(404);
  });
});
