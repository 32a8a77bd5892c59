import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, errorCode, loginAs, type TestApp } from '../../../test/app.js';
import { createOrgTree, createUser, TEST_PASSWORD } from '../../../test/factories.js';
import { auditLog } from '../../db/schema/platform.js';
import { careTags, households, persons, personTags, residences } from '../../db/schema/registry.js';
import { makeResidentId } from '../../platform/idNumber.js';
import { PersonalCipher, testPersonalDataKeys } from '../../platform/personalCrypto.js';
import { insertOrgNode } from '../org/org.repo.js';
import { multipart, readWorkbook, workbook, XLSX_TYPE } from './testkit.js';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createOrgTree>>;
const token: Record<string, string> = {};
const cipher = new PersonalCipher(testPersonalDataKeys());
let building2: { id: number };
let unit21: { id: number };

const HEADER = ['姓名', '性别', '民族', '出生日期', '公民身份号码', '手机', '与户主关系', '户籍地址', '楼号', '单元', '室', '户号', '是否外出', '人员类别', '备注'];
const id = (birth: string, seq: number) => makeResidentId('150102', birth, seq);
const GOOD = [
  ['王建国', '男', '汉', '1950-03-02', id('1950-03-02', 11), '13800138001', '户主', '呼和浩特市新城区', '2号楼', '1单元', '101', '', '否', '独居老人', ''],
  ['李秀兰', '女', '蒙古族', '', id('1952-07-15', 22), '', '配偶', '', '2号楼', '1单元', '101', '', '是', '', '随子女居住'],
  ['张三', '男', '汉族', new Date(Date.UTC(1988, 4, 20)), id('1988-05-20', 31), '0471-6612345', '户主', '', '1号楼', '1单元', '302', '', '', '残疾、不存在的标签', ''],
];
const BAD = [
  ['校验错', '男', '汉', '', id('1960-01-01', 41).slice(0, 17) + (id('1960-01-01', 41).endsWith('1') ? '2' : '1'), '', '户主', '', '2号楼', '1单元', '201', '', '', '', ''],
  ['无此楼', '女', '汉', '', id('1961-01-01', 42), '', '户主', '', '9号楼', '', '101', '', '', '', ''],
  ['日期错', '女', '汉', '1961-02-30', '', '', '户主', '', '2号楼', '1单元', '202', '', '', '', ''],
  ['表内重复', '男', '汉', '', id('1950-03-02', 11), '', '子女', '', '2号楼', '1单元', '101', '', '', '', ''],
];

async function upload(who: string, data: Buffer | null, communityId?: number, name = '实有人口登记表.xlsx') {
  const body = multipart(data ? { name, data, type: XLSX_TYPE } : null, communityId === undefined ? {} : { nodeId: String(communityId) });
  return t.app.inject({ method: 'POST', url: '/api/v1/registry/imports', headers: { ...bearer(token[who]!), ...body.headers }, payload: body.payload });
}

async function run(who: string, draft: { id: string; mapping: object }, mode: string, duplicates: string) {
  return t.app.inject({ method: 'POST', url: `/api/v1/registry/imports/${draft.id}/run`, headers: bearer(token[who]!), payload: { mapping: draft.mapping, mode, duplicates } });
}

async function finished(who: string, url: string) {
  for (let i = 0; i < 600; i++) {
    const res = await t.app.inject({ method: 'GET', url, headers: bearer(token[who]!) });
    if (res.json().status !== 'running') return res.json();
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('task did not finish');
}

async function importSheet(who: string, rows: unknown[][], mode: string, duplicates = 'skip') {
  const up = await upload(who, await workbook([HEADER, ...rows]), tree.communityA.id);
  expect(up.statusCode, up.body).toBe(201);
  const started = await run(who, up.json(), mode, duplicates);
  expect(started.statusCode, started.body).toBe(202);
  return finished(who, `/api/v1/registry/imports/${started.json().id}`);
}

const personCount = async () => (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(persons).where(eq(persons.communityId, tree.communityA.id)))[0]!.n;

beforeAll(async () => {
  t = await createTestApp({ MAX_UPLOAD_MB: '1' });
  t.clock.set('2026-03-10T09:00:00+08:00');
  const db = t.database.db;
  tree = await createOrgTree(db, 'R');
  building2 = await insertOrgNode(db, { parentId: tree.gridA2.id, kind: 'building', name: '2号楼' });
  unit21 = await insertOrgNode(db, { parentId: building2.id, kind: 'unit', name: '1单元' });
  const now = new Date();
  const tag = (code: string, name: string, sensitivity: 'ordinary' | 'sensitive', visibleToRoles: string[]) => ({
    orgNodeId: tree.region.id, code, name, nameEn: code, sensitivity, visibleToRoles, purpose: '关怀服务', retentionDays: 365, createdAt: now, updatedAt: now,
  });
  await db.insert(careTags).values([
    tag('living_alone', '独居老人', 'ordinary', ['community_secretary', 'community_staff', 'grid_worker']),
    tag('disabled', '残疾', 'sensitive', ['community_secretary']),
  ]);
  const people = {
    secA: { homeNodeId: tree.communityA.id, roles: [{ role: 'community_secretary', orgNodeId: tree.communityA.id }] },
    staffA: { homeNodeId: tree.communityA.id, roles: [{ role: 'community_staff', orgNodeId: tree.communityA.id }] },
    gridA: { homeNodeId: tree.gridA1.id, roles: [{ role: 'grid_worker', orgNodeId: tree.gridA1.id }] },
    secA2: { homeNodeId: tree.communityA.id, roles: [{ role: 'community_secretary', orgNodeId: tree.communityA.id }] },
    staffA2: { homeNodeId: tree.communityA.id, roles: [{ role: 'community_staff', orgNodeId: tree.communityA.id }] },
    mobile: { homeNodeId: tree.communityA.id, roles: [{ role: 'mobile_grid_worker', orgNodeId: tree.communityA.id }] },
    leader: { homeNodeId: tree.buildingA1.id, roles: [{ role: 'building_leader', orgNodeId: tree.buildingA1.id }] },
    secB: { homeNodeId: tree.communityB.id, roles: [{ role: 'community_secretary', orgNodeId: tree.communityB.id }] },
  };
  for (const [username, opts] of Object.entries(people)) await createUser(db, { username, ...opts });
  for (const name of Object.keys(people)) token[name] = await loginAs(t.app, name, TEST_PASSWORD);
}, 180_000);
afterAll(() => t.close());

describe('registry import', () => {
  it('finds the header under a title row, maps the usual header words and previews masked rows', async () => {
    const res = await upload('secA', await workbook([['草原社区实有人口登记表'], HEADER, ...GOOD]), tree.communityA.id);
    expect(res.statusCode, res.body).toBe(201);
    const draft = res.json();
    expect(draft.headerRow).toBe(2);
    expect(draft.mapping).toEqual({ name: 0, gender: 1, ethnicity: 2, birthDate: 3, idNumber: 4, mobile: 5, relation: 6, registeredAddress: 7, building: 8, unit: 9, door: 10, householdNo: 11, livingStatus: 12, tags: 13, note: 14 });
    expect(draft.preview).toHaveLength(3);
    expect(draft.preview[0].cells[4]).toBe(`1501**********${id('1950-03-02', 11).slice(-4)}`);
    expect(draft.preview[0].cells[5]).toBe('138****8001');
    expect(JSON.stringify(draft)).not.toContain(id('1950-03-02', 11));
    const again = await t.app.inject({ method: 'GET', url: `/api/v1/registry/imports/${draft.id}/draft`, headers: bearer(token.secA!) });
    expect(again.json().mapping).toEqual(draft.mapping);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/registry/imports/${draft.id}/draft`, headers: bearer(token.staffA!) })).statusCode).toBe(404);
  });

  it('all-or-nothing writes nothing when any row is bad, and reports every bad row', async () => {
    const before = await personCount();
    const result = await importSheet('secA', [...GOOD, ...BAD], 'all_or_nothing');
    expect(result).toMatchObject({ status: 'done', phase: 'finished', mode: 'all_or_nothing', rowsTotal: 7, created: 0, failed: 4, committed: false });
    expect(await personCount()).toBe(before);
    expect(await t.database.db.select().from(households).where(eq(households.communityId, tree.communityA.id))).toHaveLength(0);
    const report = await t.app.inject({ method: 'GET', url: result.reportUrl, headers: bearer(token.secA!) });
    expect(report.statusCode).toBe(200);
    const lines = (await readWorkbook(report.rawPayload)).map((l) => l.slice(0, 3));
    expect(lines).toEqual(
      expect.arrayContaining([
        ['行号', '列', '类型'],
        [5, '身份证号', '错误'],
        [6, '楼栋', '错误'],
        [7, '出生日期', '错误'],
        [8, '身份证号', '错误'],
      ]),
    );
    const texts = (await readWorkbook(report.rawPayload)).map((l) => `${String(l[3])} | ${String(l[4])}`);
    expect(texts.find((x) => x.includes('校验位'))).toContain('check character');
    expect(texts.find((x) => x.includes('9号楼'))).toBeTruthy();
    expect(texts.find((x) => x.includes('第 2 行重复'))).toContain('duplicate inside the sheet');
    const [audit] = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'registry.import'), eq(auditLog.objectId, result.id)));
    expect(audit!.details).toMatchObject({ mode: 'all_or_nothing', rows: 7, created: 0, failed: 4, committed: false });
  });

  it('good-rows-only writes the good rows (sealed and hashed, with households, residences and tags) and reports the bad', async () => {
    const result = await importSheet('secA', [...GOOD, ...BAD], 'good_rows');
    expect(result).toMatchObject({ status: 'done', created: 3, failed: 4, committed: true, households: 2 });
    const rows = await t.database.db.select().from(persons).where(eq(persons.communityId, tree.communityA.id));
    expect(rows.map((r) => r.name).sort()).toEqual(['张三', '李秀兰', '王建国']);
    const wang = rows.find((r) => r.name === '王建国')!;
    const plain = id('1950-03-02', 11);
    expect(wang).toMatchObject({ gender: 'male', birthDate: '1950-03-02', ethnicity: '汉族', idKind: 'resident_id', idHash: cipher.hash(plain), idLast4: plain.slice(-4), mobile: '13800138001', relation: 'head', livingStatus: 'present', gridId: tree.gridA2.id });
    expect(cipher.open({ cipher: wang.idCipher!, keyId: wang.idKeyId! })).toBe(plain);
    // No column of the table holds a plain ID number.
    const raw = await t.database.db.execute(sql`select * from persons`);
    const dump = JSON.stringify((raw as unknown as { rows: unknown[] }).rows);
    for (const [, , , , idNumber] of GOOD) expect(dump).not.toContain(String(idNumber));
    const li = rows.find((r) => r.name === '李秀兰')!;
    expect(li).toMatchObject({ gender: 'female', birthDate: '1952-07-15', livingStatus: 'away', householdId: wang.householdId, note: '随子女居住' });
    const zhang = rows.find((r) => r.name === '张三')!;
    expect(zhang).toMatchObject({ mobile: null, note: '电话 0471-6612345', birthDate: '1988-05-20', gridId: tree.gridA1.id });
    const [home] = await t.database.db.select().from(households).where(eq(households.id, wang.householdId!));
    expect(home).toMatchObject({ nodeId: unit21.id, door: '101', communityId: tree.communityA.id, gridId: tree.gridA2.id });
    const stays = await t.database.db.select().from(residences).where(eq(residences.personId, wang.id));
    expect(stays).toEqual([expect.objectContaining({ householdId: wang.householdId, movedInOn: '2026-03-10', movedInReason: 'moved_in', movedOutOn: null })]);
    const tags = await t.database.db.select({ personId: personTags.personId, code: careTags.code }).from(personTags).innerJoin(careTags, eq(careTags.id, personTags.tagId));
    expect(tags).toEqual(expect.arrayContaining([{ personId: wang.id, code: 'living_alone' }, { personId: zhang.id, code: 'disabled' }]));
    const lines = await readWorkbook((await t.app.inject({ method: 'GET', url: result.reportUrl, headers: bearer(token.secA!) })).rawPayload);
    expect(lines.filter((l) => l[2] === '错误').map((l) => l[0])).toEqual([5, 6, 7, 8]);
    expect(lines.find((l) => String(l[3]).includes('不存在的标签'))?.[2]).toBe('提示');
  });

  it('matches persons already registered by ID hash: skipped or updated as chosen, reported either way', async () => {
    const before = await personCount();
    const skipped = await importSheet('staffA', GOOD, 'good_rows', 'skip');
    expect(skipped).toMatchObject({ created: 0, skipped: 3, updated: 0, failed: 0 });
    expect(await personCount()).toBe(before);
    const changed = GOOD.map((r) => [...r]);
    changed[0]![5] = '13900139009';
    changed[0]![10] = '102';
    changed[1]![6] = '';
    changed[1]![12] = '';
    const updated = await importSheet('staffA', changed, 'all_or_nothing', 'update');
    expect(updated).toMatchObject({ created: 0, updated: 3, committed: true, households: 1 });
    const [wang] = await t.database.db.select().from(persons).where(eq(persons.idHash, cipher.hash(id('1950-03-02', 11))));
    expect(wang!.mobile).toBe('13900139009');
    // Empty cells keep what the registry has.
    const [li] = await t.database.db.select().from(persons).where(eq(persons.idHash, cipher.hash(id('1952-07-15', 22))));
    expect(li).toMatchObject({ livingStatus: 'away', relation: 'spouse' });
    const stays = await t.database.db.select().from(residences).where(eq(residences.personId, wang!.id)).orderBy(residences.id);
    expect(stays.map((s) => [s.movedInReason, s.movedOutReason])).toEqual([
      ['moved_in', 'moved_within'],
      ['moved_within', null],
    ]);
    const lines = await readWorkbook((await t.app.inject({ method: 'GET', url: updated.reportUrl, headers: bearer(token.staffA!) })).rawPayload);
    expect(lines.filter((l) => l[2] === '更新')).toHaveLength(3);
  });

  it('refuses a person registered in another community, and all-or-nothing then writes nothing', async () => {
    const other = id('1970-01-01', 51);
    const up = await upload('secB', await workbook([['姓名', '身份证号', '户号'], ['赵六', other, 'B-001']]), tree.communityB.id);
    await finished('secB', `/api/v1/registry/imports/${(await run('secB', up.json(), 'good_rows', 'skip')).json().id}`);
    const before = await personCount();
    const result = await importSheet('staffA', [['孙七', '男', '汉', '', id('1971-01-01', 61), '', '户主', '', '1号楼', '1单元', '501', '', '', '', ''], ['赵六', '男', '汉', '', other, '', '户主', '', '1号楼', '1单元', '502', '', '', '', '']], 'all_or_nothing', 'update');
    expect(result).toMatchObject({ created: 0, failed: 1, committed: false });
    expect(await personCount()).toBe(before);
  });

  it('refuses other communities (404), callers without registry.manage (403), and a run with a bad mapping (400)', async () => {
    const sheet = await workbook([HEADER, ...GOOD]);
    expect((await upload('secB', sheet, tree.communityA.id)).statusCode).toBe(404);
    expect((await upload('mobile', sheet, tree.communityA.id)).statusCode).toBe(403);
    expect((await upload('leader', sheet, tree.communityA.id)).statusCode).toBe(404);
    expect(errorCode(await upload('secA', sheet, tree.gridA1.id))).toBe('import_node_not_community');
    expect(errorCode(await upload('secA', sheet))).toBe('validation_failed');
    const draft = (await upload('staffA2', sheet, tree.communityA.id)).json();
    expect((await run('secB', draft, 'good_rows', 'skip')).statusCode).toBe(404);
    expect((await run('staffA', draft, 'good_rows', 'skip')).statusCode).toBe(404);
    expect(errorCode(await run('staffA2', { id: draft.id, mapping: { gender: 1 } }, 'good_rows', 'skip'))).toBe('import_mapping_invalid');
    expect(errorCode(await run('staffA2', { id: draft.id, mapping: { name: 0, gender: 0 } }, 'good_rows', 'skip'))).toBe('import_mapping_invalid');
    expect(errorCode(await run('staffA2', { id: draft.id, mapping: { name: 40 } }, 'good_rows', 'skip'))).toBe('import_mapping_invalid');
    expect(errorCode(await run('staffA2', draft, 'sometimes', 'skip'))).toBe('validation_failed');
    const once = await run('staffA2', draft, 'good_rows', 'skip');
    expect(once.statusCode).toBe(202);
    expect(errorCode(await run('staffA2', draft, 'good_rows', 'skip'))).toBe('import_already_started');
    expect(await finished('staffA2', `/api/v1/registry/imports/${once.json().id}`)).toMatchObject({ status: 'done', skipped: 3, created: 0 });
  });

  it('refuses files that are not sheets, empty, headerless or too big with stable codes', async () => {
    expect(errorCode(await upload('staffA2', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), tree.communityA.id, 'a.xlsx'))).toBe('import_format_unsupported');
    expect(errorCode(await upload('staffA2', Buffer.alloc(0), tree.communityA.id))).toBe('import_empty');
    expect(errorCode(await upload('staffA2', await workbook([['甲', '乙'], ['1', '2']]), tree.communityA.id))).toBe('import_header_not_found');
    expect(errorCode(await upload('staffA2', await workbook([HEADER]), tree.communityA.id))).toBe('import_no_rows');
    expect(errorCode(await upload('staffA2', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200)]), tree.communityA.id))).toBe('import_file_unreadable');
    const huge = await upload('leader', Buffer.alloc(5 * 1024 * 1024 + 10, 0x41), tree.communityA.id);
    expect(huge.statusCode).toBe(400);
    expect(errorCode(huge)).toBe('import_file_too_large');
    expect(errorCode(await upload('leader', null, tree.communityA.id))).toBe('file_missing');
  });
});

describe('registry export', () => {
  async function exportRows(who: string, body: object) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/registry/exports', headers: bearer(token[who]!), payload: body });
    expect(res.statusCode, res.body).toBe(202);
    const done = await finished(who, `/api/v1/registry/exports/${res.json().id}`);
    expect(done.status).toBe('done');
    const file = await t.app.inject({ method: 'GET', url: done.fileUrl, headers: bearer(token[who]!) });
    expect(file.statusCode).toBe(200);
    return { task: done, lines: await readWorkbook(file.rawPayload) };
  }

  it('masks ID numbers, phones and addresses by default and leaves out tags the caller may not see', async () => {
    const { lines } = await exportRows('staffA', { nodeId: tree.communityA.id });
    expect(lines[0]).toEqual(['姓名', '性别', '民族', '出生日期', '身份证号', '联系电话', '与户主关系', '户籍地址', '楼栋', '单元', '门牌', '户号', '居住状态', '标签', '备注']);
    const wang = lines.find((l) => l[0] === '王建国')!;
    expect(wang[4]).toBe(`**************${id('1950-03-02', 11).slice(-4)}`);
    expect(wang[5]).toBe('139****9009');
    expect(wang.slice(8, 11)).toEqual(['2号楼', '1单元', '102']);
    expect(wang[13]).toBe('独居老人');
    const zhang = lines.find((l) => l[0] === '张三')!;
    expect(zhang[13] ?? '').toBe('');
    expect(JSON.stringify(lines)).not.toContain('残疾');
    const disabled = (await t.app.inject({ method: 'GET', url: `/api/v1/registry/exports/tags?nodeId=${tree.communityA.id}`, headers: bearer(token.secA!) })).json().items.find((x: { code: string }) => x.code === 'disabled');
    const refused = await t.app.inject({ method: 'POST', url: '/api/v1/registry/exports', headers: bearer(token.staffA!), payload: { nodeId: tree.communityA.id, tagId: disabled.id } });
    expect(errorCode(refused)).toBe('tag_unknown');
  });

  it('filters by tag, age band and status', async () => {
    const alone = (await t.app.inject({ method: 'GET', url: `/api/v1/registry/exports/tags?nodeId=${tree.gridA1.id}`, headers: bearer(token.gridA!) })).json().items;
    expect(alone.map((x: { code: string }) => x.code)).toEqual(['living_alone']);
    expect((await exportRows('secA2', { nodeId: tree.communityA.id, tagId: alone[0].id })).lines.map((l) => l[0])).toEqual(['姓名', '王建国']);
    expect((await exportRows('secA2', { nodeId: tree.communityA.id, ageMin: 70 })).lines.map((l) => l[0]).sort()).toEqual(['李秀兰', '王建国', '赵六', '姓名'].filter((n) => n !== '赵六').sort());
    expect((await exportRows('secA2', { nodeId: tree.communityA.id, ageMax: 40 })).lines.map((l) => l[0])).toEqual(['姓名', '张三']);
    expect((await exportRows('secA2', { nodeId: tree.communityA.id, livingStatus: ['away'] })).lines.map((l) => l[0])).toEqual(['姓名', '李秀兰']);
    expect((await exportRows('gridA', { nodeId: tree.gridA1.id })).lines.map((l) => l[0])).toEqual(['姓名', '张三']);
  });

  it('gives the full values only with personal.view_full and a reason, audited with the reason and count', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/registry/exports', headers: bearer(token.gridA!), payload: { nodeId: tree.gridA1.id, full: true, reason: '入户走访' } })).statusCode).toBe(403);
    expect(errorCode(await t.app.inject({ method: 'POST', url: '/api/v1/registry/exports', headers: bearer(token.secA!), payload: { nodeId: tree.communityA.id, full: true } }))).toBe('reason_required');
    const { task, lines } = await exportRows('secA', { nodeId: tree.communityA.id, full: true, reason: '民政部门核对低保名单' });
    expect(task.full).toBe(true);
    const wang = lines.find((l) => l[0] === '王建国')!;
    expect(wang[4]).toBe(id('1950-03-02', 11));
    expect(wang[5]).toBe('13900139009');
    expect(wang[7]).toBe('呼和浩特市新城区');
    expect(lines.find((l) => l[0] === '张三')![13]).toBe('残疾');
    const [audit] = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'person.export_full'), eq(auditLog.objectId, task.id)));
    expect(audit!.details).toEqual({ reason: '民政部门核对低保名单', count: 3 });
    expect(JSON.stringify(audit)).not.toContain(id('1950-03-02', 11));
  });

  it('refuses nodes outside the caller (404), without registry.read (403), and other people’s tasks (404)', async () => {
    const post = (who: string, body: object) => t.app.inject({ method: 'POST', url: '/api/v1/registry/exports', headers: bearer(token[who]!), payload: body });
    expect((await post('secB', { nodeId: tree.communityA.id })).statusCode).toBe(404);
    expect((await post('leader', { nodeId: tree.buildingA1.id })).statusCode).toBe(403);
    expect(errorCode(await post('secA', { nodeId: tree.communityA.id, ageMin: 80, ageMax: 20 }))).toBe('validation_failed');
    const mine = (await post('secA', { nodeId: tree.communityA.id })).json();
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/registry/exports/${mine.id}`, headers: bearer(token.staffA!) })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/registry/exports/${mine.id}/file`, headers: bearer(token.staffA!) })).statusCode).toBe(404);
  });
});
