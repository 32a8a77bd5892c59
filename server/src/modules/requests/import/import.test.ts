import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, errorCode, loginAs, type TestApp } from '../../../../test/app.js';
import { createOrgTree, createUser, TEST_PASSWORD } from '../../../../test/factories.js';
import { requests } from '../../../db/schema/requests.js';
import { parseCallTime } from './columns.js';
import { csvRows } from './sheet.js';
import { seedDefaultCategories } from '../core/categories.js';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createOrgTree>>;
const token: Record<string, string> = {};
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function multipart(file: { name: string; data: Buffer; type: string } | null, fields: Record<string, string>) {
  const boundary = `----lianxin${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(who: string, file: { name: string; data: Buffer; type: string } | null, nodeId?: number) {
  const body = multipart(file, nodeId === undefined ? {} : { nodeId: String(nodeId) });
  return t.app.inject({ method: 'POST', url: '/api/v1/requests/imports', headers: { ...bearer(token[who]!), ...body.headers }, payload: body.payload });
}

async function finished(who: string, id: string) {
  for (let i = 0; i < 400; i++) {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/requests/imports/${id}`, headers: bearer(token[who]!) });
    if (res.json().status !== 'running') return res.json();
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('import did not finish');
}

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('工单');
  for (const row of rows) sheet.addRow(row);
  sheet.getColumn(2).numFmt = 'yyyy-mm-dd hh:mm';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A GB18030 encoder for the test (Node decodes GB18030 but only encodes UTF-8): a reverse table of 2-byte codes. */
function gb18030(text: string): Buffer {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gb18030');
  for (let a = 0x81; a <= 0xfe; a++) for (let b = 0x40; b <= 0xfe; b++) if (b !== 0x7f) table.set(decoder.decode(Buffer.from([a, b])), [a, b]);
  const bytes: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
    else bytes.push(...table.get(ch)!);
  }
  return Buffer.from(bytes);
}

const HEADER = ['工单编号', '来电时间', '来电人', '联系电话', '诉求内容', '地址', '类别', '紧急程度'];
const wall = (y: number, m: number, d: number, h: number, mi: number) => new Date(Date.UTC(y, m - 1, d, h, mi));
let sheet: Buffer;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-03-10T09:00:00+08:00');
  const db = t.database.db;
  tree = await createOrgTree(db, 'I');
  await seedDefaultCategories(db);
  const people = {
    town: { homeNodeId: tree.town.id, roles: [{ role: 'town_admin', orgNodeId: tree.town.id }] },
    secA: { homeNodeId: tree.communityA.id, roles: [{ role: 'community_secretary', orgNodeId: tree.communityA.id }] },
    gridA: { homeNodeId: tree.gridA1.id, roles: [{ role: 'grid_worker', orgNodeId: tree.gridA1.id }] },
  };
  for (const [username, opts] of Object.entries(people)) await createUser(db, { username, ...opts });
  for (const name of Object.keys(people)) token[name] = await loginAs(t.app, name, TEST_PASSWORD);
  sheet = await xlsx([
    HEADER,
    ['GD001', wall(2026, 3, 9, 10, 30), '张三', 13800138000, '小区门口路灯不亮', 'I保利社区3号楼', '路灯照明/路灯不亮', '一般'],
    ['GD002', '2026/3/9 11:00', '李四', '138001380', '楼道堆放杂物', 'I草原社区', '垃圾清运', '紧急'],
    ['GD003', 'yesterday', '王五', '', '路面塌陷', '', '', ''],
    ['GD004', '2026-03-09 12:00', '匿名', '', '夜间噪音扰民', '', '奇怪类别', ''],
    ['', '2026-03-09 12:30', '赵六', '', '没有编号的工单', '', '', ''],
    ['GD005', '2026年3月9日 13时05分', '钱七', '', '井盖缺失', '', '', '超级急'],
    ['GD001', '2026-03-09 10:30', '张三', '13800138000', '小区门口路灯不亮（重复来电）', '', '', ''],
  ]);
  // Migrating a fresh database takes a while when the machine is busy.
}, 180_000);
afterAll(() => t.close());

describe('hotline 12345 import', () => {
  it('reads call times in every usual spelling as China time', () => {
    const expected = '2026-03-09T05:05:00.000Z';
    for (const v of ['2026-03-09 13:05', '2026/3/9 13:05:00', '2026年3月9日 13时05分', '2026-03-09T13:05:00+08:00', wall(2026, 3, 9, 13, 5)]) {
      expect(parseCallTime(v)?.toISOString(), String(v)).toBe(expected);
    }
    expect(parseCallTime(46090.5)?.toISOString()).toBe('2026-03-09T04:00:00.000Z');
    for (const bad of ['2026-02-30 10:00', 'yesterday', '2026-03-09 25:00', '']) expect(parseCallTime(bad), bad).toBeNull();
    expect([...csvRows('a,"b ""c""",d\r\n"x\ny",,z\n')].map((r) => [r.rowNumber, r.cells])).toEqual([
      [1, ['a', 'b "c"', 'd']],
      [2, ['x\ny', null, 'z']],
    ]);
  });

  it('files good rows as hotline requests and reports the bad ones per row and column', async () => {
    const started = await upload('town', { name: '12345工单.xlsx', data: sheet, type: XLSX }, tree.town.id);
    expect(started.statusCode).toBe(202);
    const result = await finished('town', started.json().id);
    expect(result).toMatchObject({ status: 'done', rowsTotal: 7, rowsDone: 7, created: 2, skipped: 1, failed: 4, warnings: 1 });

    const rows = await t.database.db.select().from(requests).where(eq(requests.channel, 'hotline'));
    const gd001 = rows.find((r) => r.externalRef === 'GD001')!;
    expect(gd001).toMatchObject({ orgNodeId: tree.communityA.id, reporterName: '张三', reporterPhone: '13800138000', priority: 'ordinary', address: 'I保利社区3号楼' });
    expect(gd001.receivedAt.toISOString()).toBe('2026-03-09T02:30:00.000Z');
    expect(gd001.categoryId).not.toBeNull();
    const gd004 = rows.find((r) => r.externalRef === 'GD004')!;
    expect(gd004).toMatchObject({ orgNodeId: tree.town.id, reporterName: null, categoryId: null });
    expect(rows.map((r) => r.externalRef).sort()).toEqual(['GD001', 'GD004']);

    const report = await t.app.inject({ method: 'GET', url: result.reportUrl, headers: bearer(token.town!) });
    expect(report.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(report.rawPayload as unknown as ArrayBuffer);
    const lines: unknown[][] = [];
    workbook.worksheets[0]!.eachRow((r) => lines.push((r.values as unknown[]).slice(1, 5)));
    expect(lines).toEqual([
      ['行号', '工单编号', '列', '类型'],
      [3, 'GD002', '联系电话', '错误'],
      [4, 'GD003', '来电时间', '错误'],
      [5, 'GD004', '类别', '提示'],
      [6, undefined, '工单编号', '错误'],
      [7, 'GD005', '紧急程度', '错误'],
      [8, 'GD001', '工单编号', '跳过'],
    ]);
    const messages: string[] = [];
    workbook.worksheets[0]!.eachRow((r) => messages.push(`${r.getCell(5).text} | ${r.getCell(6).text}`));
    expect(messages[1]).toContain('电话号码“138001380”格式不正确');
    expect(messages[2]).toContain('yesterday');
    expect(messages[6]).toMatch(/已导入过（诉求 LX\d+）.*imported before/);
  });

  it('skips the work orders it already has when the same file comes again', async () => {
    const again = await finished('town', (await upload('town', { name: '12345工单.xlsx', data: sheet, type: XLSX }, tree.town.id)).json().id);
    expect(again).toMatchObject({ status: 'done', created: 0, skipped: 3, failed: 4 });
    const count = await t.database.db.select({ id: requests.id }).from(requests).where(eq(requests.channel, 'hotline'));
    expect(count).toHaveLength(2);
  });

  it('reads a GB18030 .csv with a title row and other header names, and shows progress', async () => {
    const lines = ['青山区12345热线工单导出,,,,,', '工单号,受理时间,联系人,电话（手机）,问题描述,事发地址'];
    for (let i = 1; i <= 30; i++) lines.push(`C${i},2026-03-08 0${i % 10}:00,"孙${i}",1390013900${i % 10},"路灯不亮，第${i}处",I保利社区`);
    const started = await upload('secA', { name: '工单.csv', data: gb18030(lines.join('\r\n')), type: 'text/csv' }, tree.communityA.id);
    expect(started.statusCode).toBe(202);
    const result = await finished('secA', started.json().id);
    expect(result).toMatchObject({ status: 'done', rowsTotal: 30, rowsDone: 30, created: 30, failed: 0, reportUrl: null });
    const [c7] = await t.database.db.select().from(requests).where(eq(requests.externalRef, 'C7'));
    expect(c7).toMatchObject({ reporterName: '孙7', content: '路灯不亮，第7处', orgNodeId: tree.communityA.id });
    expect(c7!.receivedAt.toISOString()).toBe('2026-03-07T23:00:00.000Z');
  });

  it('imports a CSV shorter than the format sniff window, and refuses short binary files named .csv', async () => {
    const tiny = Buffer.from('工单编号,来电时间,诉求内容\nT1,2026-03-09 10:00,小区东门路灯不亮\n');
    expect(tiny.length).toBeLessThan(512);
    const started = await upload('secA', { name: 'tiny.csv', data: tiny, type: 'text/csv' }, tree.communityA.id);
    expect(started.statusCode, started.body).toBe(202);
    expect(await finished('secA', started.json().id)).toMatchObject({ status: 'done', rowsTotal: 1, created: 1, failed: 0 });
    const [t1] = await t.database.db.select().from(requests).where(eq(requests.externalRef, 'T1'));
    expect(t1).toMatchObject({ channel: 'hotline', content: '小区东门路灯不亮', orgNodeId: tree.communityA.id });

    const gzip = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x12, 0x34, 0x56, 0x78, 0x00, 0x03]);
    const highBytes = Buffer.from([0xff, 0xfe, 0x80, 0xff, 0x80, 0x80, 0xfe]);
    for (const data of [gzip, highBytes]) {
      const refused = await upload('secA', { name: '工单.csv', data, type: 'text/csv' }, tree.communityA.id);
      expect(refused.statusCode).toBe(400);
      expect(errorCode(refused)).toBe('import_format_unsupported');
      expect(refused.json().error.messages.en).toContain('.csv');
    }
    const empty = await upload('secA', { name: '工单.csv', data: Buffer.alloc(0), type: 'text/csv' }, tree.communityA.id);
    expect(errorCode(empty)).toBe('import_empty');
  });

  it('refuses files, nodes and people it cannot work with, clearly', async () => {
    const noContent = await xlsx([['工单编号', '来电人'], ['X1', '张三']]);
    const missing = await upload('town', { name: 'a.xlsx', data: noContent, type: XLSX }, tree.town.id);
    expect(errorCode(missing)).toBe('import_columns_missing');
    expect(missing.json().error.messages.zh).toContain('来电时间、诉求内容');
    const xls = await upload('town', { name: 'a.xls', data: Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), Buffer.alloc(600)]), type: 'application/vnd.ms-excel' }, tree.town.id);
    expect(errorCode(xls)).toBe('import_xls_unsupported');
    expect(errorCode(await upload('town', { name: 'a.png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), type: 'image/png' }, tree.town.id))).toBe('import_format_unsupported');
    expect(errorCode(await upload('town', null, tree.town.id))).toBe('file_missing');
    expect(errorCode(await upload('town', { name: 'a.xlsx', data: sheet, type: XLSX }))).toBe('validation_failed');
    expect((await upload('secA', { name: 'a.xlsx', data: sheet, type: XLSX }, tree.communityB.id)).statusCode).toBe(404);
    expect((await upload('gridA', { name: 'a.xlsx', data: sheet, type: XLSX }, tree.gridA1.id)).statusCode).toBe(403);
    const json = await t.app.inject({ method: 'POST', url: '/api/v1/requests/imports', headers: bearer(token.town!), payload: { nodeId: 1 } });
    expect(errorCode(json)).toBe('multipart_required');
  });

  it('shows an import only to the person who started it', async () => {
    const started = await upload('town', { name: '12345工单.xlsx', data: sheet, type: XLSX }, tree.town.id);
    const id = started.json().id as string;
    await finished('town', id);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/requests/imports/${id}`, headers: bearer(token.secA!) })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/requests/imports/${id}/report`, headers: bearer(token.secA!) })).statusCode).toBe(404);
  });
});
