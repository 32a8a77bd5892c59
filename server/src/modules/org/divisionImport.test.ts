import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/db.js';
import { insertOrgNode } from './org.repo.js';
import type { Database } from '../../db/client.js';
import { orgNodes } from '../../db/schema/org.js';
import { describeDivision, type DivisionRecord } from './divisionNames.js';
import { importDivisions } from './divisionImport.js';
import { parseCsvLine, readDivisions } from './divisionSource.js';

const quiet = { log: () => {}, tty: false };
const at = new Date('2026-03-02T09:00:00+08:00');

/** A slice shaped like the real data: region → city → county → two towns → villages and communities. */
const SLICE: DivisionRecord[] = [
  { level: 'village', code: '150204100003', name: '保利社区居委会', parentCode: '150204100' },
  { level: 'province', code: '15', name: '内蒙古自治区', parentCode: null },
  { level: 'city', code: '1502', name: '包头市', parentCode: '15' },
  { level: 'area', code: '150204', name: '青山区', parentCode: '1502' },
  { level: 'street', code: '150204100', name: '青福镇', parentCode: '150204' },
  { level: 'street', code: '150204004', name: '富强路街道办事处', parentCode: '150204' },
  { level: 'village', code: '150204100200', name: '昌福村村委会', parentCode: '150204100' },
  { level: 'village', code: '150204004032', name: '丰产社区居民委员会', parentCode: '150204004' },
  { level: 'city', code: '1529', name: '阿拉善盟', parentCode: '15' },
  { level: 'area', code: '152921', name: '阿拉善左旗', parentCode: '1529' },
  { level: 'street', code: '152921201', name: '巴彦木仁苏木', parentCode: '152921' },
  { level: 'village', code: '152921201201', name: '乌兰布和嘎查村民委员会', parentCode: '152921201' },
];

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const snapshot = () =>
  database.db
    .select({ id: orgNodes.id, code: orgNodes.code, name: orgNodes.name, path: orgNodes.path, depth: orgNodes.depth, updatedAt: orgNodes.updatedAt })
    .from(orgNodes)
    .orderBy(asc(orgNodes.id));
const byCode = async (code: string) => (await database.db.select().from(orgNodes).where(eq(orgNodes.code, code)))[0]!;

describe('division names', () => {
  it('strips committee suffixes and picks subkinds', () => {
    const cases: [Parameters<typeof describeDivision>[0], string, string, string | null][] = [
      ['city', '阿拉善盟', '阿拉善盟', 'league'],
      ['city', '包头市', '包头市', null],
      ['area', '达尔罕茂明安联合旗', '达尔罕茂明安联合旗', 'banner'],
      ['area', '青山区', '青山区', 'district'],
      ['area', '乌拉盖管理区管委会', '乌拉盖管理区', 'zone'],
      ['street', '保康街道办事处', '保康街道', 'street'],
      ['street', '巴彦木仁苏木', '巴彦木仁苏木', 'sumu'],
      ['street', '青福镇', '青福镇', 'town'],
      ['street', '什拉门更乡', '什拉门更乡', 'township'],
      ['street', '包头市装备制造产业园区', '包头市装备制造产业园区', 'zone'],
      ['village', '保利社区居委会', '保利社区', null],
      ['village', '万达社区委员会', '万达社区', null],
      ['village', '昌福村村委会', '昌福村', 'village'],
      ['village', '赵家营子村民委员会', '赵家营子村', 'village'],
      ['village', '丰产村委会', '丰产村', 'village'],
      ['village', '乌兰布和嘎查村民委员会', '乌兰布和嘎查', 'gacha'],
      ['village', '布寨嘎查村委员会', '布寨嘎查', 'gacha'],
      ['village', '巴音哈拉嘎查村', '巴音哈拉嘎查村', 'gacha'],
      ['village', '东风居民委员会', '东风居委会', null],
      ['village', '一农场生活区', '一农场生活区', null],
    ];
    for (const [level, raw, name, subkind] of cases) {
      expect(describeDivision(level, raw), raw).toMatchObject({ name, subkind });
    }
  });

  it('reads quoted CSV fields', () => {
    expect(parseCsvLine('150204001021,"北嘉社区居委会",150204001')).toEqual(['150204001021', '北嘉社区居委会', '150204001']);
    expect(parseCsvLine('1,"a ""b"", c",2')).toEqual(['1', 'a "b", c', '2']);
    expect(parseCsvLine('1,,3')).toEqual(['1', '', '3']);
  });

  it('streams only the requested province out of the data files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'divisions-'));
    const files: Record<string, string> = {
      'provinces.csv': 'code,name\n11,"北京市"\n15,"内蒙古自治区"\n',
      'cities.csv': 'code,name,provinceCode\n1101,"市辖区",11\n1502,"包头市",15\n',
      'areas.csv': 'code,name,cityCode,provinceCode\n150204,"青山区",1502,15\n',
      'streets.csv': 'code,name,areaCode,provinceCode,cityCode\n150204100,"青福镇",150204,15,1502\n',
      'villages.csv': 'code,name,streetCode,provinceCode,cityCode,areaCode\n110101001001,"多福巷社区居委会",110101001,11,1101,110101\n150204100003,"保利社区居委会",150204100,15,1502,150204\n',
    };
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    const records = await readDivisions('15', dir);
    expect(records.map((r) => [r.level, r.code, r.parentCode])).toEqual([
      ['province', '15', null],
      ['city', '1502', '15'],
      ['area', '150204', '1502'],
      ['street', '150204100', '150204'],
      ['village', '150204100003', '150204100'],
    ]);
    fs.rmSync(dir, { recursive: true });
  });
});

describe('importDivisions', () => {
  it('builds the tree with paths, depths, kinds, short names and pinyin', async () => {
    const result = await importDivisions(database.db, SLICE, quiet, at);
    expect(result).toMatchObject({ inserted: 12, renamed: 0, moved: 0, unchanged: 0, counts: { region: 1, city: 2, county: 2, town: 3, community: 4 } });
    const region = await byCode('15');
    const town = await byCode('150204100');
    const baoli = await byCode('150204100003');
    expect(region).toMatchObject({ parentId: null, depth: 0, kind: 'region', path: String(region.id) });
    expect(baoli).toMatchObject({ kind: 'community', name: '保利社区', namePinyin: 'baolishequ', nameInitials: 'blsq', depth: 4, parentId: town.id, subkind: null });
    expect(baoli.path).toBe(`${town.path}.${baoli.id}`);
    expect((await byCode('152921201201')).subkind).toBe('gacha');
    const [audit] = await database.db.execute(sql`select details from audit_log where action = 'org.import_divisions'`).then((r) => (r as unknown as { rows: { details: unknown }[] }).rows);
    expect(audit?.details).toMatchObject({ inserted: 12 });
  });

  it('is idempotent: a second run changes nothing at all', async () => {
    const before = await snapshot();
    const again = await importDivisions(database.db, [...SLICE].reverse(), quiet, new Date(at.getTime() + 60_000));
    expect(again).toMatchObject({ inserted: 0, renamed: 0, moved: 0, unchanged: 12 });
    expect(await snapshot()).toEqual(before);
  });

  it('renames, moves (with the subtree below) and adds by code', async () => {
    const moving = await byCode('150204100200');
    const grid = await insertOrgNode(database.db, { parentId: moving.id, kind: 'grid', name: '昌福村第一网格' });
    const changed = SLICE.map((r) => {
      if (r.code === '150204100003') return { ...r, name: '保利家园社区居委会' };
      if (r.code === '150204100200') return { ...r, parentCode: '150204004' };
      return r;
    });
    changed.push({ level: 'village', code: '150204004031', name: '锦林社区居委会', parentCode: '150204004' });
    const result = await importDivisions(database.db, changed, quiet, at);
    expect(result).toMatchObject({ inserted: 1, renamed: 1, moved: 1, unchanged: 10 });
    expect(await byCode('150204100003')).toMatchObject({ name: '保利家园社区', namePinyin: 'baolijiayuanshequ' });
    const street = await byCode('150204004');
    const moved = await byCode('150204100200');
    expect(moved).toMatchObject({ parentId: street.id, path: `${street.path}.${moved.id}`, depth: 4 });
    const [gridAfter] = await database.db.select().from(orgNodes).where(eq(orgNodes.id, grid.id));
    expect(gridAfter).toMatchObject({ path: `${moved.path}.${grid.id}`, depth: 5 });
    expect(await byCode('150204004031')).toMatchObject({ name: '锦林社区', parentId: street.id });
  });

  it('refuses records whose parent is unknown, writing nothing', async () => {
    const count = async () => (await database.db.select({ n: sql<number>`count(*)::int` }).from(orgNodes))[0]!.n;
    const before = await count();
    const orphan: DivisionRecord[] = [
      { level: 'village', code: '150204999001', name: '新社区居委会', parentCode: '150204100' },
      { level: 'village', code: '150299999001', name: '孤儿村委会', parentCode: '150299999' },
    ];
    await expect(importDivisions(database.db, orphan, quiet, at)).rejects.toThrow(/150299999/);
    expect(await count()).toBe(before);
    await expect(importDivisions(database.db, [SLICE[1]!, SLICE[1]!], quiet, at)).rejects.toThrow(/twice/);
  });

  it('reports progress as lines off a terminal and as a redrawn bar on one', async () => {
    const lines: string[] = [];
    await importDivisions(database.db, SLICE, { log: (s) => lines.push(s), tty: false }, at);
    expect(lines.every((l) => l.endsWith('\n') && !l.includes('\r'))).toBe(true);
    expect(lines.at(-1)).toMatch(/done in .*0 new, 1 renamed, 1 moved, 10 unchanged/);
    const bar: string[] = [];
    await importDivisions(database.db, [...SLICE, { level: 'village', code: '150204100004', name: '赛罕社区居委会', parentCode: '150204100' }], { log: (s) => bar.push(s), tty: true }, at);
    expect(bar.some((s) => s.startsWith('\r') && s.includes('100%'))).toBe(true);
  });
});
