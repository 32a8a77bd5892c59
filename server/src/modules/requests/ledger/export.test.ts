import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, errorCode, loginAs, type TestApp } from '../../../../test/app.js';
import { createOrgTree, createUser, TEST_PASSWORD } from '../../../../test/factories.js';
import { auditLog } from '../../../db/schema/platform.js';
import { EXPORT_PAGE_ROWS } from './export.js';
import { insertCategoryRow, insertEventRow, insertRequestRow, insertRequestRows } from './fixtures.js';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createOrgTree>>;
const token: Record<string, string> = {};
const at = (s: string) => new Date(`${s}+08:00`);
let firstNumber = '';
let grassNumber = '';

const HEADERS = ['编号', '受理时间', '渠道', '诉求人', '联系电话', '地址', '类别', '诉求内容', '承办单位', '承办人', '响应时限', '办结时限', '办结时间', '办理状态', '办理结果', '回访情况', '满意度', '是否超期'];

async function startExport(who: string, filter: Record<string, unknown>) {
  return t.app.inject({ method: 'POST', url: '/api/v1/requests/ledger/exports', headers: bearer(token[who]!), payload: filter });
}

async function waitDone(who: string, id: string) {
  for (let i = 0; i < 200; i++) {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/requests/ledger/exports/${id}`, headers: bearer(token[who]!) });
    if (res.json().status !== 'running') return res.json();
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('export did not finish');
}

async function download(who: string, id: string) {
  return t.app.inject({ method: 'GET', url: `/api/v1/requests/ledger/exports/${id}/file`, headers: bearer(token[who]!) });
}

async function sheetOf(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return { name: sheet.name, rows };
}

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-03-10T09:00:00+08:00');
  const db = t.database.db;
  tree = await createOrgTree(db, 'X');
  const lights = await insertCategoryRow(db, { code: 'x_lights', name: '路灯照明', orgNodeId: tree.region.id });
  const out = await insertCategoryRow(db, { code: 'x_light_out', name: '路灯不亮', parentId: lights.id, orgNodeId: tree.region.id });
  const handler = await createUser(db, { username: 'handler', displayName: '赵网格', homeNodeId: tree.gridA1.id, roles: [{ role: 'grid_worker', orgNodeId: tree.gridA1.id }] });
  const first = await insertRequestRow(db, {
    orgNodeId: tree.gridA1.id,
    receivedAt: at('2026-03-02T09:15:00'),
    channel: 'hotline',
    categoryId: out.id,
    content: '3号楼前路灯不亮',
    address: '保利小区3号楼',
    reporterName: '欧阳娜娜',
    reporterPhone: '13800138000',
    // Dispatched to the grid as a unit: nobody is assigned by name, the handler shows in the timeline.
    assigneeNodeId: tree.gridA1.id,
    status: 'closed',
    closeReason: 'followed_up',
    responseDueAt: at('2026-03-03T09:15:00'),
    resolutionDueAt: at('2026-03-09T09:15:00'),
    resolvedAt: at('2026-03-10T08:00:00'),
    followUpAt: at('2026-03-10T08:30:00'),
    followUpSolved: true,
    followUpComment: '修好了',
    satisfaction: 'basically_satisfied',
  });
  await insertEventRow(db, { requestId: first.id, action: 'resolve', at: at('2026-03-10T08:00:00'), note: '更换灯泡', actorUserId: handler.id });
  await insertEventRow(db, { requestId: first.id, action: 'follow_up', at: at('2026-03-10T08:30:00'), note: '修好了' });
  firstNumber = first.number;
  // More rows than one export page, so the export walks several keyset pages.
  await insertRequestRows(
    db,
    Array.from({ length: EXPORT_PAGE_ROWS + 20 }, (_, i) => ({
      orgNodeId: tree.gridA2.id,
      receivedAt: new Date(at('2026-03-05T08:00:00').getTime() + i * 60_000),
      content: `第${i}条诉求`,
    })),
  );
  grassNumber = (await insertRequestRow(db, { orgNodeId: tree.gridB1.id, receivedAt: at('2026-03-03T10:00:00'), content: '草原社区的诉求' })).number;

  const people = {
    secA: { homeNodeId: tree.communityA.id, roles: [{ role: 'community_secretary', orgNodeId: tree.communityA.id }] },
    gridA: { homeNodeId: tree.gridA1.id, roles: [{ role: 'grid_worker', orgNodeId: tree.gridA1.id }] },
    gridB: { homeNodeId: tree.gridB1.id, roles: [{ role: 'grid_worker', orgNodeId: tree.gridB1.id }] },
  };
  for (const [username, opts] of Object.entries(people)) await createUser(db, { username, ...opts });
  for (const name of Object.keys(people)) token[name] = await loginAs(t.app, name, TEST_PASSWORD);
  // Migrating a fresh database takes a while when the machine is busy.
}, 180_000);
afterAll(() => t.close());

describe('ledger export', () => {
  it('writes the filtered ledger to .xlsx with the office columns, masked, and reports progress', async () => {
    const started = await startExport('gridA', {});
    expect(started.statusCode).toBe(202);
    expect(started.json()).toMatchObject({ status: 'running', rowsTotal: 1, rowsDone: 0 });
    const done = await waitDone('gridA', started.json().id);
    expect(done).toMatchObject({ status: 'done', rowsDone: 1, rowsTotal: 1, error: null, fileName: '诉求台账-20260310.xlsx' });

    const file = await download('gridA', started.json().id);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    expect(file.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('诉求台账-20260310.xlsx')}`);
    const { name, rows } = await sheetOf(file.rawPayload);
    expect(name).toBe('诉求台账');
    expect(rows[0]).toEqual(HEADERS);
    expect(rows).toHaveLength(2);
    const [row] = rows.slice(1);
    const cell = (header: string) => row![HEADERS.indexOf(header)];
    expect(cell('编号')).toBe(firstNumber);
    // Excel cells hold China wall-clock time.
    expect((cell('受理时间') as Date).toISOString()).toBe('2026-03-02T09:15:00.000Z');
    expect((cell('办结时间') as Date).toISOString()).toBe('2026-03-10T08:00:00.000Z');
    expect(cell('渠道')).toBe('12345热线');
    expect(cell('诉求人')).toBe('欧***');
    expect(cell('联系电话')).toBe('138****8000');
    expect(cell('地址')).toBe('保利小区3号楼');
    expect(cell('类别')).toBe('路灯照明/路灯不亮');
    expect(cell('诉求内容')).toBe('3号楼前路灯不亮');
    expect(cell('承办单位')).toBe(tree.gridA1.name);
    expect(cell('承办人')).toBe('赵网格');
    expect(cell('办理状态')).toBe('已回访结案');
    expect(cell('办理结果')).toBe('更换灯泡');
    expect(cell('回访情况')).toBe('已回访：已解决（修好了）');
    expect(cell('满意度')).toBe('基本满意');
    expect(cell('是否超期')).toBe('是');
    expect(JSON.stringify(rows)).not.toContain('13800138000');
  });

  it('streams a list longer than one page, with the filter applied, and never another community’s rows', async () => {
    const started = await startExport('secA', { sort: 'received', order: 'asc' });
    const done = await waitDone('secA', started.json().id);
    expect(done).toMatchObject({ status: 'done', rowsDone: EXPORT_PAGE_ROWS + 21, rowsTotal: EXPORT_PAGE_ROWS + 21 });
    const { rows } = await sheetOf((await download('secA', started.json().id)).rawPayload);
    const numbers = rows.slice(1).map((r) => r[0]);
    expect(numbers).toHaveLength(EXPORT_PAGE_ROWS + 21);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers[0]).toBe(firstNumber);
    // An open request has no result yet: the cell stays empty rather than repeating the status.
    const open = rows.slice(1).find((r) => r[0] !== firstNumber)!;
    expect(open[HEADERS.indexOf('办理结果')] ?? null).toBeNull();
    expect(open[HEADERS.indexOf('办理状态')]).toBe('待受理');
    expect(numbers).not.toContain(grassNumber);

    const grass = await waitDone('gridB', (await startExport('gridB', {})).json().id);
    expect(grass.rowsTotal).toBe(1);
    const grassRows = (await sheetOf((await download('gridB', grass.id)).rawPayload)).rows;
    expect(grassRows.slice(1).map((r) => r[0])).toEqual([grassNumber]);

    const filtered = await waitDone('secA', (await startExport('secA', { q: '第1条' })).json().id);
    expect(filtered.rowsTotal).toBe(1);
  });

  it('lets only the starter see and download an export, and audits downloads', async () => {
    const started = await startExport('secA', { nodeId: tree.gridA1.id });
    const id = started.json().id as string;
    await waitDone('secA', id);
    for (const other of ['gridA', 'gridB']) {
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/requests/ledger/exports/${id}`, headers: bearer(token[other]!) })).statusCode).toBe(404);
      expect((await download(other, id)).statusCode).toBe(404);
    }
    expect((await download('secA', id)).statusCode).toBe(200);
    const audits = await t.database.db.select().from(auditLog);
    const mine = audits.filter((a) => a.objectId === id);
    expect(mine.map((a) => a.action).sort()).toEqual(['requests.ledger_export', 'requests.ledger_export_download']);
    expect(mine.every((a) => a.orgNodeId === tree.gridA1.id)).toBe(true);
  });

  it('refuses nodes out of reach and unknown exports', async () => {
    const outside = await startExport('gridA', { nodeId: tree.communityB.id });
    expect(outside.statusCode).toBe(404);
    const unknown = await t.app.inject({
      method: 'GET',
      url: '/api/v1/requests/ledger/exports/7b0c6f3e-9c7e-4f7e-9a51-0d7c3b1e2a11/file',
      headers: bearer(token.secA!),
    });
    expect(unknown.statusCode).toBe(404);
    const notUuid = await t.app.inject({ method: 'GET', url: '/api/v1/requests/ledger/exports/..%2F..%2Fetc', headers: bearer(token.secA!) });
    expect(errorCode(notUuid)).toBe('validation_failed');
    const badFilter = await startExport('secA', { from: 'yesterday' });
    expect(errorCode(badFilter)).toBe('invalid_date');
  });
});
