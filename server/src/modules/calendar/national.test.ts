import { and, eq, gte } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, errorCode, loginAs, type TestApp } from '../../../test/app.js';
import { createOrgTree, createUser, TEST_PASSWORD } from '../../../test/factories.js';
import { calendarRecomputes, nationalCalendarDays, nationalCalendarYears } from '../../db/schema/calendar.js';
import { auditLog } from '../../db/schema/platform.js';
import { PACKAGE_SOURCE_NOTE, packageYears } from '../../platform/calendarPackage.js';
import { invalidateNationalCalendar, seedNationalCalendarFromPackage } from '../../platform/nationalCalendarStore.js';

/**
 * The national holiday schedule per year: who may enter it (calendar.manage at a region), how a file is read and
 * refused, the audit row, and the package never overwriting a year that is already there.
 * Today is 2026-12-02: the 2027 notice is out, no package has it.
 */
let t: TestApp;
let tree: Awaited<ReturnType<typeof createOrgTree>>;
const PEOPLE = ['regionAdmin', 'cityAdmin', 'townAdmin', 'staff', 'resident'] as const;
type Who = (typeof PEOPLE)[number];
const tokens = {} as Record<Who, string>;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-12-02T10:00:00+08:00');
  const db = t.database.db;
  // Whatever the installed package has, this database has no 2027 yet (as every database on 2026-12-02).
  await db.delete(nationalCalendarYears).where(gte(nationalCalendarYears.year, 2027));
  invalidateNationalCalendar();
  tree = await createOrgTree(db, 'Nat');
  const roles: Record<Who, { role: string; node: { id: number } }> = {
    regionAdmin: { role: 'region_admin', node: tree.region },
    cityAdmin: { role: 'city_admin', node: tree.city },
    townAdmin: { role: 'town_admin', node: tree.town },
    staff: { role: 'community_staff', node: tree.communityA },
    resident: { role: 'resident', node: tree.gridA1 },
  };
  for (const who of PEOPLE) {
    await createUser(db, { username: `nat_${who}`, homeNodeId: roles[who].node.id, roles: [{ role: roles[who].role, orgNodeId: roles[who].node.id }] });
    tokens[who] = await loginAs(t.app, `nat_${who}`, TEST_PASSWORD);
  }
});
afterAll(() => t.close());

const call = (who: Who | null, method: 'GET' | 'PUT' | 'POST', url: string, payload?: Record<string, unknown>, lang = 'zh') =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { ...(who ? bearer(tokens[who]) : {}), 'accept-language': lang },
    ...(payload ? { payload } : {}),
  });

const NOTE = '国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕12号）';
const SCHEDULE_2027 = [
  { date: '2027-01-01', kind: 'holiday', name: '元旦', nameEn: "New Year's Day" },
  { date: '2027-01-02', kind: 'holiday', name: '元旦', nameEn: "New Year's Day" },
  { date: '2027-01-03', kind: 'holiday', name: '元旦', nameEn: "New Year's Day" },
  { date: '2027-02-20', kind: 'workday', name: '春节', nameEn: 'Spring Festival' },
];
const dayAt = async (date: string) =>
  (await call('staff', 'GET', `/calendar/days?nodeId=${tree.gridA1.id}&from=${date}&to=${date}`)).json().items[0];

describe('reading the national schedule', () => {
  it('lists the years seeded from the package, and 2027 as missing, to anyone signed in', async () => {
    const res = await call('resident', 'GET', '/calendar/national');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.missing).toEqual([2027]);
    expect(body.actions).toEqual({ manage: false });
    expect(body.years[0]).toMatchObject({ year: 2026, source: 'package', sourceNote: PACKAGE_SOURCE_NOTE, enteredBy: null, recompute: null });
    expect(body.years[0].holidays + body.years[0].makeupWorkdays).toBe(packageYears().find((y) => y.year === 2026)!.days.length);
    expect((await call('regionAdmin', 'GET', '/calendar/national')).json().actions).toEqual({ manage: true });
    expect((await call(null, 'GET', '/calendar/national')).statusCode).toBe(401);
    const empty = (await call('staff', 'GET', '/calendar/national/2027')).json();
    expect(empty).toEqual({ year: 2027, entry: null, days: [], actions: { manage: false } });
  });
});

describe('entering a year', () => {
  it('is refused to anyone without calendar.manage at a region, with 403', async () => {
    for (const who of ['cityAdmin', 'townAdmin', 'staff', 'resident'] as const) {
      const res = await call(who, 'PUT', '/calendar/national/2027', { sourceNote: NOTE, days: SCHEDULE_2027 });
      expect(res.statusCode, who).toBe(403);
      expect(errorCode(res)).toBe('forbidden');
      const imported = await call(who, 'POST', '/calendar/national/2027/import', { sourceNote: NOTE, fileName: 'a.csv', content: '2027-01-01,holiday,元旦' });
      expect(imported.statusCode, who).toBe(403);
    }
    expect((await call(null, 'PUT', '/calendar/national/2027', { sourceNote: NOTE, days: SCHEDULE_2027 })).statusCode).toBe(401);
    expect(await t.database.db.select().from(nationalCalendarYears).where(eq(nationalCalendarYears.year, 2027))).toEqual([]);
  });

  it('a region admin enters 2027: the days are no longer estimated, the entry is audited and a recount queued', async () => {
    expect(await dayAt('2027-01-01')).toEqual({ date: '2027-01-01', workday: true, reason: 'weekday', estimated: true });
    const res = await call('regionAdmin', 'PUT', '/calendar/national/2027', { sourceNote: ` ${NOTE} `, days: [...SCHEDULE_2027].reverse() });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.entry).toMatchObject({
      year: 2027,
      source: 'entered',
      sourceNote: NOTE,
      enteredBy: { displayName: 'nat_regionAdmin' },
      enteredAt: '2026-12-02T02:00:00.000Z',
      holidays: 3,
      makeupWorkdays: 1,
      recompute: { status: 'pending', processed: 0, moved: 0, finishedAt: null },
    });
    expect(body.days.map((d: { date: string }) => d.date)).toEqual(SCHEDULE_2027.map((d) => d.date));
    expect(await dayAt('2027-01-01')).toEqual({ date: '2027-01-01', workday: false, reason: 'holiday', name: '元旦', nameEn: "New Year's Day" });
    expect(await dayAt('2027-02-20')).toMatchObject({ workday: true, reason: 'makeup_workday', name: '春节' });
    expect(await dayAt('2027-01-04')).toEqual({ date: '2027-01-04', workday: true, reason: 'weekday' });
    expect((await call('staff', 'GET', '/calendar/national')).json().missing).toEqual([]);

    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.objectType, 'national_calendar_year'));
    expect(audit).toEqual([
      expect.objectContaining({ action: 'calendar.national_year_enter', objectId: '2027', orgNodeId: tree.region.id }),
    ]);
    expect(audit[0]!.details).toMatchObject({ sourceNote: NOTE, holidays: 3, makeupWorkdays: 1, added: SCHEDULE_2027.map((d) => d.date), previous: null });
    const queued = await t.database.db.select().from(calendarRecomputes).where(eq(calendarRecomputes.year, 2027));
    expect(queued).toHaveLength(1);
  });

  it('replacing the year records what changed; the same days again queue no second recount', async () => {
    const corrected = [...SCHEDULE_2027.slice(0, 3), { date: '2027-02-21', kind: 'workday', name: '春节', nameEn: 'Spring Festival' }];
    const res = await call('regionAdmin', 'PUT', '/calendar/national/2027', { sourceNote: NOTE, days: corrected });
    expect(res.statusCode).toBe(200);
    const [replace] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectType, 'national_calendar_year'), eq(auditLog.action, 'calendar.national_year_enter')))
      .orderBy(auditLog.id)
      .offset(1);
    expect(replace!.details).toMatchObject({ added: ['2027-02-21'], removed: ['2027-02-20'], changed: [], previous: { source: 'entered', sourceNote: NOTE } });
    expect(await t.database.db.select().from(calendarRecomputes).where(eq(calendarRecomputes.year, 2027))).toHaveLength(2);
    await call('regionAdmin', 'PUT', '/calendar/national/2027', { sourceNote: `${NOTE}（更正）`, days: corrected });
    expect(await t.database.db.select().from(calendarRecomputes).where(eq(calendarRecomputes.year, 2027))).toHaveLength(2);
    await call('regionAdmin', 'PUT', '/calendar/national/2027', { sourceNote: NOTE, days: SCHEDULE_2027 });
  });

  it('answers bad days with 400, a stable code and where the problem is', async () => {
    const put = (days: unknown[], lang = 'zh', sourceNote = NOTE) => call('regionAdmin', 'PUT', '/calendar/national/2027', { sourceNote, days }, lang);
    const cases: [unknown[], string][] = [
      [[], 'calendar_year_empty'],
      [[{ date: '2027-02-30', kind: 'holiday', name: '春节' }], 'calendar_day_invalid'],
      [[{ date: '2026-12-31', kind: 'holiday', name: '元旦' }], 'calendar_day_outside_year'],
      [[SCHEDULE_2027[0], SCHEDULE_2027[0]], 'calendar_day_duplicate'],
      [[{ date: '2027-01-04', kind: 'workday', name: '元旦' }], 'calendar_workday_not_weekend'],
      [[{ date: '2027-01-01', kind: 'holiday', name: '  ' }], 'calendar_day_name_invalid'],
    ];
    for (const [days, code] of cases) {
      const res = await put(days);
      expect(res.statusCode, code).toBe(400);
      expect(errorCode(res)).toBe(code);
    }
    const dup = await put([SCHEDULE_2027[0], SCHEDULE_2027[1], SCHEDULE_2027[0]], 'en');
    expect(dup.json().error).toMatchObject({ message: "Item 3: 2027-01-01 is already given at item 1", details: { index: 2, value: '2027-01-01' } });
    expect(errorCode(await put([{ date: '2027-01-01', kind: 'vacation', name: '元旦' }]))).toBe('validation_failed');
    expect(errorCode(await put(SCHEDULE_2027, 'zh', '   '))).toBe('calendar_source_required');
    const far = await call('regionAdmin', 'PUT', '/calendar/national/2029', { sourceNote: NOTE, days: [{ date: '2029-01-01', kind: 'holiday', name: '元旦' }] });
    expect(errorCode(far)).toBe('calendar_year_too_far');
    expect((await call('regionAdmin', 'PUT', '/calendar/national/1800', { sourceNote: NOTE, days: SCHEDULE_2027 })).statusCode).toBe(400);
    // Nothing of it was saved.
    const days = await t.database.db.select().from(nationalCalendarDays).where(eq(nationalCalendarDays.year, 2027));
    expect(days.map((d) => d.day).sort()).toEqual(SCHEDULE_2027.map((d) => d.date));
  });
});

describe('importing a year from a file', () => {
  const CSV = '\uFEFF日期,类型,名称,英文名称\n2028-01-01,休,元旦,New Year\'s Day\n# 春节\n2028-01-26,holiday,春节,Spring Festival\n\n2028-02-05,班,春节\n';
  const importFile = (fileName: string, content: string, preview?: boolean) =>
    call('regionAdmin', 'POST', '/calendar/national/2028/import', { sourceNote: '国办发明电〔2027〕9号', fileName, content, ...(preview ? { preview } : {}) }, 'en');

  it('reads CSV with a header, comments and Chinese kinds; a preview saves nothing', async () => {
    const preview = await importFile('2028.csv', CSV, true);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ saved: false, year: 2028, entry: null });
    expect(preview.json().days).toEqual([
      { date: '2028-01-01', kind: 'holiday', name: '元旦', nameEn: "New Year's Day" },
      { date: '2028-01-26', kind: 'holiday', name: '春节', nameEn: 'Spring Festival' },
      { date: '2028-02-05', kind: 'workday', name: '春节', nameEn: null },
    ]);
    expect((await call('staff', 'GET', '/calendar/national/2028')).json().entry).toBeNull();

    const saved = await importFile('2028.csv', CSV);
    expect(saved.json()).toMatchObject({ saved: true, entry: { source: 'imported', sourceNote: '国办发明电〔2027〕9号', holidays: 2, makeupWorkdays: 1 } });
    const [audit] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'calendar.national_year_import'));
    expect(audit).toMatchObject({ objectId: '2028', orgNodeId: tree.region.id, details: expect.objectContaining({ fileName: '2028.csv', holidays: 2 }) });
  });

  it('reads JSON, as an array or as { days }', async () => {
    const days = [{ date: '2028-01-01', kind: 'holiday', name: '元旦' }];
    expect((await importFile('a.json', JSON.stringify(days), true)).json().days).toHaveLength(1);
    expect((await importFile('a.txt', JSON.stringify({ days }), true)).json().days).toHaveLength(1);
  });

  it('refuses a broken file with 400, naming the line', async () => {
    const cases: [string, string, string, Record<string, unknown>?][] = [
      ['a.json', '{"days": [', 'calendar_import_invalid'],
      ['a.json', '{"dates": []}', 'calendar_import_invalid'],
      ['a.json', '[1]', 'calendar_import_invalid', { index: 0 }],
      ['a.csv', '2028-01-01,holiday', 'calendar_import_invalid', { line: 1 }],
      ['a.csv', 'date,kind,name\n2028-01-01,holiday,元旦\n2027-12-31,holiday,元旦', 'calendar_day_outside_year', { line: 3 }],
      ['a.csv', '2028-01-01,holiday,元旦\n\n2028-01-01,holiday,元旦', 'calendar_day_duplicate', { line: 3 }],
      ['a.csv', '2028-01-03,班,元旦', 'calendar_workday_not_weekend', { line: 1 }],
      ['a.csv', '2028-01-01,maybe,元旦', 'calendar_day_kind_invalid', { line: 1 }],
      ['a.csv', '# nothing here\n', 'calendar_year_empty'],
    ];
    for (const [name, content, code, details] of cases) {
      const res = await importFile(name, content);
      expect(res.statusCode, `${name}: ${content}`).toBe(400);
      expect(errorCode(res), content).toBe(code);
      if (details) expect(res.json().error.details).toMatchObject(details);
    }
    expect((await importFile('big.csv', 'x'.repeat(70_000))).statusCode).toBe(400);
    expect(errorCode(await importFile('a.csv', '2028-01-03,班,元旦'))).toBe('calendar_workday_not_weekend');
    expect((await importFile('a.csv', '2028-01-03,班,元旦')).json().error.message).toBe(
      'Line 1: 2028-01-03 is a weekday already; a make-up workday falls on a Saturday or Sunday',
    );
  });
});

describe('seeding from the package', () => {
  it('never overwrites a year already in the database, and fills a year that is missing', async () => {
    const db = t.database.db;
    // A region admin corrected 2026 by hand: the package must not put its version back.
    const own2026 = [{ date: '2026-01-01', kind: 'holiday', name: '元旦', nameEn: null }];
    expect((await call('regionAdmin', 'PUT', '/calendar/national/2026', { sourceNote: '人工核对', days: own2026 })).statusCode).toBe(200);
    await db.delete(nationalCalendarYears).where(eq(nationalCalendarYears.year, 2025));
    const recountsBefore = (await db.select().from(calendarRecomputes)).length;

    expect(await seedNationalCalendarFromPackage(db)).toEqual([2025]);
    expect(await seedNationalCalendarFromPackage(db)).toEqual([]);

    const [year2026] = await db.select().from(nationalCalendarYears).where(eq(nationalCalendarYears.year, 2026));
    expect(year2026).toMatchObject({ source: 'entered', sourceNote: '人工核对' });
    expect((await db.select().from(nationalCalendarDays).where(eq(nationalCalendarDays.year, 2026))).map((d) => d.day)).toEqual(['2026-01-01']);
    const [year2027] = await db.select().from(nationalCalendarYears).where(eq(nationalCalendarYears.year, 2027));
    expect(year2027).toMatchObject({ source: 'entered', sourceNote: NOTE });
    const restored = await db.select().from(nationalCalendarDays).where(eq(nationalCalendarDays.year, 2025));
    expect(restored).toHaveLength(packageYears().find((y) => y.year === 2025)!.days.length);
    // A year the package brought into a database that already had years gets its deadlines counted again.
    const recounts = await db.select().from(calendarRecomputes);
    expect(recounts.length - recountsBefore).toBe(1);
    expect(recounts.at(-1)).toMatchObject({ year: 2025, requestedBy: null, status: 'pending' });
    expect(await dayAt('2025-10-01')).toMatchObject({ reason: 'holiday', name: '国庆节' });
  });
});
