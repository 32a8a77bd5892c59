/**
 * Memory of a large registry import: generates a 实有人口登记表 of N rows (100,000 by default; every 1,000th row
 * with a bad ID check character), imports it into a fresh embedded database through the import's own runner
 * (the same code the HTTP route starts), samples the process's memory every 100 ms, and fails (exit 1) when the
 * JavaScript heap grows by more than HEAP_LIMIT_MB over the baseline — the importer must stream, not hold the sheet.
 *
 *   node --expose-gc --import tsx bench/registryImportMemory.ts [rows]
 *
 * RSS is reported too; it includes the embedded PostgreSQL (PGlite, WebAssembly), whose pages grow with the data
 * written, so it is not the importer's own footprint.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import pino from 'pino';
import { loggerOptions } from '../server/src/platform/logging.js';
import { createUser } from '../server/test/factories.js';
import type { FastifyBaseLogger } from 'fastify';
import { openPglite } from '../server/src/db/client.js';
import { migrate } from '../server/src/db/migrate.js';
import { persons } from '../server/src/db/schema/registry.js';
import { insertOrgNode } from '../server/src/modules/org/org.repo.js';
import { TaskRunner, TaskStore } from '../server/src/modules/requests/ledger/tasks.js';
import { guessMapping } from '../server/src/modules/registry-io/fields.js';
import { loadPlaces, tagsInForce } from '../server/src/modules/registry-io/places.js';
import { runImport } from '../server/src/modules/registry-io/run.js';
import type { AppContext } from '../server/src/platform/context.js';
import { makeResidentId } from '../server/src/platform/idNumber.js';
import { PersonalCipher, testPersonalDataKeys } from '../server/src/platform/personalCrypto.js';
import { sql } from 'drizzle-orm';

const ROWS = Number(process.argv[2] ?? 100_000);
const HEAP_LIMIT_MB = 150;
const BUILDINGS = 40;
const UNITS = 4;
const HEADER = ['姓名', '性别', '出生日期', '身份证号', '联系电话', '与户主关系', '楼栋', '单元', '门牌', '居住状态', '备注'];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎';
const GIVEN = '建国秀兰淑珍桂英志强丽娟海燕明华玉梅金凤文军春花永红晓东德胜宝山巴特尔其其格乌兰图雅';

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function generate(file: string): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
  const sheet = book.addWorksheet('实有人口');
  sheet.addRow(HEADER).commit();
  for (let i = 0; i < ROWS; i++) {
    const day = new Date(Date.UTC(1940, 0, 1) + (i % 29_000) * 86_400_000).toISOString().slice(0, 10);
    let id = makeResidentId('150102', day, Math.floor(i / 29_000) * 2 + (i % 2));
    if (i % 1000 === 999) id = id.slice(0, 17) + (id.endsWith('0') ? '1' : '0');
    const household = Math.floor(i / 3);
    const building = (household % BUILDINGS) + 1;
    const unit = (Math.floor(household / BUILDINGS) % UNITS) + 1;
    const door = String(101 + (Math.floor(household / (BUILDINGS * UNITS)) % 2000));
    const name = SURNAMES[i % SURNAMES.length]! + GIVEN.slice((i * 2) % (GIVEN.length - 1), ((i * 2) % (GIVEN.length - 1)) + 2);
    sheet.addRow([name, '', day, id, `139${String(i).padStart(8, '0')}`, i % 3 === 0 ? '户主' : i % 3 === 1 ? '配偶' : '子女', `${building}号楼`, `${unit}单元`, door, i % 17 === 0 ? '外出' : '在住', '']).commit();
  }
  sheet.commit();
  await book.commit();
}

async function main() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lianxin-registry-mem-'));
  const file = path.join(dir, 'sheet.xlsx');
  let t = performance.now();
  await generate(file);
  const size = (await fs.stat(file)).size;
  console.log(`generated ${ROWS.toLocaleString('en-US')} rows, ${mb(size)} MB, in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const database = await openPglite(undefined);
  await migrate(database);
  const db = database.db;
  const region = await insertOrgNode(db, { parentId: null, kind: 'region', name: '内蒙古自治区' });
  const town = await insertOrgNode(db, { parentId: region.id, kind: 'town', name: '测试街道' });
  const community = await insertOrgNode(db, { parentId: town.id, kind: 'community', name: '草原社区' });
  const grid = await insertOrgNode(db, { parentId: community.id, kind: 'grid', name: '第一网格' });
  for (let b = 1; b <= BUILDINGS; b++) {
    const building = await insertOrgNode(db, { parentId: grid.id, kind: 'building', name: `${b}号楼` });
    for (let u = 1; u <= UNITS; u++) await insertOrgNode(db, { parentId: building.id, kind: 'unit', name: `${u}单元` });
  }
  const store = new TaskStore(path.join(dir, 'tasks'));
  const runner = new TaskRunner();
  const log = pino(loggerOptions('warn')) as unknown as FastifyBaseLogger;
  const user = await createUser(db, { username: 'importer', homeNodeId: community.id, roles: [{ role: 'community_secretary', orgNodeId: community.id }] });
  const ctx = { db, database, clock: { now: () => new Date() }, personal: new PersonalCipher(testPersonalDataKeys()) } as unknown as AppContext;
  const place = { id: community.id, path: community.path };
  const task = await store.create({ kind: 'registry_import', userId: user.id, orgNodeId: community.id, rowsTotal: 0, fileName: 'sheet.xlsx' }, new Date());

  global.gc?.();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 100);
  t = performance.now();
  const [places, tags] = await Promise.all([loadPlaces(db, place), tagsInForce(db, place.path)]);
  runner.start((stopping) =>
    runImport(ctx, { store, runner, log }, task, {
      file,
      format: 'xlsx',
      headerRow: 1,
      mapping: guessMapping(HEADER),
      mode: 'good_rows',
      duplicates: 'skip',
      community: place,
      places,
      tags,
      userId: user.id,
      actor: { userId: null, ip: null, userAgent: null },
    }, stopping),
  );
  await runner.idle();
  clearInterval(timer);
  const seconds = (performance.now() - t) / 1000;
  const done = await store.read(task.id, new Date());
  const [{ n }] = (await db.select({ n: sql<number>`count(*)::int` }).from(persons)) as [{ n: number }];
  const heapGrowth = mb(peakHeap - base.heapUsed);
  console.log(JSON.stringify({ status: done?.status, counts: done?.counts, personsInTable: n, seconds: Math.round(seconds) }));
  console.log(`baseline: rss ${mb(base.rss)} MB, heap ${mb(base.heapUsed)} MB`);
  console.log(`peak:     rss ${mb(peakRss)} MB (+${mb(peakRss - base.rss)}), heap ${mb(peakHeap)} MB (+${heapGrowth})`);
  const report = store.filePath(task.id, '.report.xlsx');
  if (await fs.stat(report).catch(() => null)) {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(report);
    const kinds = new Map<string, number>();
    book.worksheets[0]!.eachRow((r, n) => {
      if (n === 1) return;
      const key = `${r.getCell(2).text} ${r.getCell(3).text}: ${r.getCell(6 - 1).text.replace(/\d+/g, 'N')}`;
      kinds.set(key, (kinds.get(key) ?? 0) + 1);
    });
    console.log('report:', JSON.stringify(Object.fromEntries(kinds)));
  }
  await database.close();
  await fs.rm(dir, { recursive: true, force: true });
  if (done?.status !== 'done' || heapGrowth > HEAP_LIMIT_MB) {
    console.error(`FAIL: status ${done?.status}, heap growth ${heapGrowth} MB (limit ${HEAP_LIMIT_MB} MB)`);
    process.exit(1);
  }
}

await main();
