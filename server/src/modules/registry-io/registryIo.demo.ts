import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import { queryRows } from '../../db/client.js';
import { DAY_MS } from '../../platform/calendarDays.js';
import type { DemoSession } from '../../platform/demo.js';
import { makeResidentId } from '../../platform/idNumber.js';
import { loggerOptions } from '../../platform/logging.js';
import { QINGSHAN_CODE } from '../org/org.demoPlaces.js';
import { guessMapping } from './fields.js';
import { launchImport } from './importService.js';
import { registryTasks } from './tasks.js';

/**
 * 草原社区 brings its old Excel register in: the community staff (其木格) imports a generated 实有人口登记表 —
 * households by 楼栋/单元/门牌 across the community's buildings, with care categories in 人员类别 — through the
 * same task the console starts. A second run finds the register's households and imports nothing.
 */
export interface RegistryImportDemoResult {
  skipped: boolean;
  rows: number;
  created: number;
  households: number;
}

const HEADER = ['姓名', '性别', '民族', '出生日期', '身份证号', '联系电话', '与户主关系', '楼栋', '单元', '门牌', '户号', '居住状态', '人员类别', '备注'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '赵', '孙', '周', '吴', '郑', '包', '乌', '白', '云', '苏'];
const GIVEN = ['秀英', '桂兰', '建华', '志刚', '巴特尔', '其其格', '乌兰', '海军', '丽娜', '德胜', '淑珍', '永刚', '萨仁', '晓燕'];
/** Households per unit and the units used, kept small: the demo is about the path, not the volume. */
const HOUSEHOLDS_PER_UNIT = 2;
const MAX_UNITS = 12;
const MARK = 'CYDR';

export async function seedRegistryImportDemo(s: DemoSession): Promise<RegistryImportDemoResult> {
  const db = s.ctx.db;
  const result: RegistryImportDemoResult = { skipped: true, rows: 0, created: 0, households: 0 };
  const [community] = await queryRows<{ id: number; path: string }>(
    db,
    sql`select c.id, c.path::text as path from org_nodes c join org_nodes q on c.path <@ q.path where q.code = ${QINGSHAN_CODE} and c.kind = 'community' and c.name = '草原社区' order by c.id limit 1`,
  );
  if (!community) return result;
  const [done] = await queryRows<{ any: boolean }>(db, sql`select exists (select 1 from households where community_id = ${community.id} and household_no like ${`${MARK}-%`}) as any`);
  if (done?.any) return result;
  const units = await queryRows<{ building: string; unit: string }>(
    db,
    sql`select b.name as building, u.name as unit from org_nodes u join org_nodes b on b.id = u.parent_id
        where u.kind = 'unit' and b.kind = 'building' and u.path <@ ${community.path}::ltree order by b.id, u.id limit ${MAX_UNITS}`,
  );
  if (units.length === 0) return result;

  const staff = await s.person('caoyuan.staff');
  s.clock.set(new Date(s.until.getTime() - 3 * DAY_MS));
  const deps = registryTasks(s.ctx, pino(loggerOptions('warn')) as unknown as FastifyBaseLogger);
  await deps.store.ensureRoot();
  const id = deps.store.newId();
  const file = deps.store.filePath(id, '.upload');
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
  const sheet = book.addWorksheet('实有人口');
  sheet.addRow(['草原社区实有人口登记表（2025 年底）']).commit();
  sheet.addRow(HEADER).commit();
  let n = 0;
  units.forEach((u, ui) => {
    for (let h = 0; h < HOUSEHOLDS_PER_UNIT; h++) {
      const household = ui * HOUSEHOLDS_PER_UNIT + h;
      const door = `${(h % 6) + 1}0${(household % 2) + 1}`;
      const surname = SURNAMES[household % SURNAMES.length]!;
      const elderly = household % 3 === 0;
      const headBirth = elderly ? `19${40 + (household % 10)}-0${(household % 9) + 1}-1${household % 10}` : `19${70 + (household % 20)}-1${household % 3}-0${(household % 9) + 1}`;
      const members: [string, 'male' | 'female', string, string, string][] = [
        [surname + GIVEN[household % GIVEN.length]!, household % 2 ? 'female' : 'male', headBirth, '户主', elderly ? (household % 2 ? '高龄老人' : '独居老人') : ''],
      ];
      if (!(elderly && household % 2 === 0)) {
        members.push([SURNAMES[(household + 5) % SURNAMES.length]! + GIVEN[(household + 3) % GIVEN.length]!, household % 2 ? 'male' : 'female', headBirth, '配偶', '']);
        if (!elderly) members.push([surname + GIVEN[(household + 7) % GIVEN.length]!, 'female', `20${10 + (household % 12)}-05-20`, '子女', household % 5 === 0 ? '留守儿童' : '']);
      }
      for (const [name, gender, birth, relation, tag] of members) {
        n++;
        const idNumber = makeResidentId(QINGSHAN_CODE, birth, 500 + n * 2 + (gender === 'male' ? 1 : 0));
        const mobile = relation === '子女' ? '' : `1390472${String(5000 + n).padStart(4, '0')}`;
        sheet
          .addRow([name, gender === 'male' ? '男' : '女', n % 4 === 0 ? '蒙古族' : '汉族', birth, idNumber, mobile, relation, u.building, u.unit, door, `${MARK}-${String(household + 1).padStart(3, '0')}`, n % 11 === 0 ? '外出' : '在住', tag, ''])
          .commit();
      }
    }
  });
  sheet.commit();
  await book.commit();

  const task = await launchImport(s.ctx, deps, staff.principal, staff.actor, {
    id,
    file,
    fileName: '草原社区实有人口登记表.xlsx',
    format: 'xlsx',
    headerRow: 2,
    mapping: guessMapping(HEADER),
    mode: 'all_or_nothing',
    duplicates: 'skip',
    community,
  });
  await deps.runner.idle();
  const finished = await deps.store.read(task.id, s.ctx.clock.now());
  if (finished?.status !== 'done' || finished.counts.committed !== 1) {
    throw new Error(`registry import demo: the import did not go in (${finished?.status}, ${JSON.stringify(finished?.counts)}, ${finished?.error?.en ?? ''})`);
  }
  return { skipped: false, rows: n, created: finished.counts.created ?? 0, households: finished.counts.households ?? 0 };
}
