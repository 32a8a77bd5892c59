import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import { chinaTime, DemoTimeline, type DemoPerson, type DemoSession } from '../../platform/demo.js';
import { markAllRead } from '../notifications/notifications.service.js';
import { GRID_NAMES, QINGSHAN_CODE } from '../org/org.demoPlaces.js';
import { childrenOf, findChildByName } from '../org/org.repo.js';
import { prng } from '../requests/generate/rows.js';
import { assign, endAssignment } from './assignments.service.js';
import { sendOverdueNotices } from './overdue.job.js';
import { plannedPeople } from './plans.repo.js';
import { plansOf, type Plan } from './plans.service.js';
import { seedDefaultVisitRules } from './rules.service.js';
import { logWork } from './worklog.service.js';

/**
 * The grid-work demo, after the registry's: community staff name the grid workers of their grids and a few building
 * leaders (one unit leader later becomes the building leader — history); over the last nine weeks the grid workers
 * visit the people the visit rules cover — most on time, some late, a few left overdue (so coverage is not 100%, and
 * 张海军 has someone due today) — and log hazard checks, policy publicity, errands and a patrol finding that becomes a
 * request. The overdue job runs every morning of the last two weeks; staff read their notices. Every step is the
 * service its route calls, on the demo clock. Skipped when 保利社区 already has work logged.
 */
export interface GridworkDemoResult {
  skipped: boolean;
  visits: number;
  otherLogs: number;
  assignments: number;
  overdueNotices: number;
}

const DAY_MS = 86_400_000;
const WEEKS = 9;

interface DemoCommunity {
  name: string;
  staff: string;
  /** The grid workers of the first grids, in order; people in other grids are visited by the staff. */
  workers: string[];
  /** Residents who become building leaders: [username, grid index, building index]. */
  leaders: [string, number, number][];
}

const COMMUNITIES: DemoCommunity[] = [
  { name: '保利社区', staff: 'baoli.staff', workers: ['baoli.grid1', 'baoli.grid2'], leaders: [['baoli.wangjg', 1, 0]] },
  { name: '草原社区', staff: 'caoyuan.staff', workers: ['caoyuan.grid1', 'caoyuan.grid2'], leaders: [['caoyuan.nars', 1, 0]] },
];

const VISIT_NOTES = [
  '老人身体状况良好，精神不错，叮嘱注意保暖',
  '血压偏高，已提醒按时服药，留了社区医生电话',
  '屋内整洁，冰箱有储备食物，燃气阀门正常',
  '子女本周来过，老人情绪稳定',
  '反映楼道灯不亮，已记下转物业',
  '询问低保复核材料，已解释需准备的证明',
  '腿脚不便，约好下次帮忙代购药品',
];
const PHONE_NOTES = ['电话问候，老人说一切都好', '电话联系，老人在女儿家暂住，下周回来'];
const OTHER_WORK: { kind: 'hazard_check' | 'policy_publicity' | 'info_collection' | 'dispute_mediation'; note: string }[] = [
  { kind: 'hazard_check', note: '检查楼道堆放杂物和消防通道，督促清理两处' },
  { kind: 'policy_publicity', note: '宣传冬季防一氧化碳中毒和反诈知识，发放宣传单' },
  { kind: 'info_collection', note: '核对新入住住户信息' },
  { kind: 'dispute_mediation', note: '楼上漏水引发邻里纠纷，约双方和物业现场协商，已达成维修方案' },
];

/** The grid's outline box, for points where work happened (the demo's buildings have no outlines of their own). */
async function gridBox(db: Db, gridId: number | null) {
  if (gridId == null) return undefined;
  const [row] = await queryRows<{ min_lng: number | null; min_lat: number | null; max_lng: number | null; max_lat: number | null }>(
    db,
    sql`select min_lng, min_lat, max_lng, max_lat from org_nodes where id = ${gridId}`,
  );
  if (!row || row.min_lng == null || row.min_lat == null || row.max_lng == null || row.max_lat == null) return undefined;
  return { minLng: Number(row.min_lng), minLat: Number(row.min_lat), maxLng: Number(row.max_lng), maxLat: Number(row.max_lat) };
}

/** A point in the middle half of the grid's box, the same for a household every time (its building's door). */
function pointIn(box: NonNullable<Awaited<ReturnType<typeof gridBox>>>, key: number) {
  const fx = 0.25 + ((key * 37) % 50) / 100;
  const fy = 0.25 + ((key * 53) % 50) / 100;
  return { lng: box.minLng + (box.maxLng - box.minLng) * fx, lat: box.minLat + (box.maxLat - box.minLat) * fy };
}

async function communityNamed(db: Db, name: string) {
  const [row] = await queryRows<{ id: number; path: string }>(
    db,
    sql`select c.id, c.path::text as path from org_nodes c join org_nodes q on c.path <@ q.path where q.code = ${QINGSHAN_CODE} and c.kind = 'community' and c.name = ${name} order by c.id limit 1`,
  );
  return row ? { id: Number(row.id), path: row.path } : undefined;
}

/** Days before the end, newest first: one visit each interval, with a profile's habits. */
function visitDays(plan: Plan, profile: number, rand: () => number, lastDay: number): number[] {
  const days: number[] = [];
  const gap = plan.intervalDays;
  let d = lastDay;
  while (d < WEEKS * 7) {
    days.push(d);
    // 0, 3: diligent (a day or two early); 1: sometimes late; 2: regular.
    const jitter = profile === 1 ? Math.floor(rand() * 6) - 2 : profile === 2 ? 0 : -Math.floor(rand() * 2);
    d += Math.max(1, gap + jitter);
  }
  return days;
}

export async function seedGridworkDemo(s: DemoSession): Promise<GridworkDemoResult> {
  const db = s.ctx.db;
  const result: GridworkDemoResult = { skipped: true, visits: 0, otherLogs: 0, assignments: 0, overdueNotices: 0 };
  const baoli = await communityNamed(db, '保利社区');
  if (!baoli) return result;
  const [existing] = await queryRows<{ any: boolean }>(db, sql`select exists (select 1 from work_logs where community_id = ${baoli.id}) as any`);
  if (existing?.any) return result;
  result.skipped = false;
  await seedDefaultVisitRules(db, s.until);

  const rand = prng(20260311);
  const timeline = new DemoTimeline();
  const start = new Date(s.until.getTime() - WEEKS * 7 * DAY_MS);
  const at = (daysBefore: number, hhmm: string) => chinaTime(s.until, -daysBefore, hhmm);
  const clock = (r: () => number) => `${String(9 + Math.floor(r() * 8)).padStart(2, '0')}:${String(Math.floor(r() * 60)).padStart(2, '0')}`;
  const staffUsers = new Set<string>();

  for (const c of COMMUNITIES) {
    const community = await communityNamed(db, c.name);
    if (!community) continue;
    const staff = await s.person(c.staff);
    staffUsers.add(c.staff);
    const grids: { index: number; id: number; path: string }[] = [];
    for (let i = 0; i < GRID_NAMES.length; i++) {
      const grid = await findChildByName(db, community.id, GRID_NAMES[i]!);
      if (grid) grids.push({ index: i, id: grid.id, path: grid.path });
    }
    const buildingsOf = async (gridId: number) => (await childrenOf(db, gridId, 10, 0)).items.filter((n) => n.kind === 'building');

    // Week 0: staff name the grid workers and the building leaders.
    timeline.at(chinaTime(start, 0, '09:30'), async () => {
      for (const [i, username] of c.workers.entries()) {
        const grid = grids.find((g) => g.index === i);
        if (!grid) continue;
        const worker = await s.person(username);
        await assign(s.ctx, staff.principal, staff.actor, { nodeId: grid.id, duty: 'grid_worker', userId: worker.principal.userId, note: '社区任命' });
        result.assignments++;
      }
      for (const [username, gridIndex, buildingIndex] of c.leaders) {
        const grid = grids.find((g) => g.index === gridIndex);
        const building = grid ? (await buildingsOf(grid.id))[buildingIndex] : undefined;
        if (!building) continue;
        const leader = await s.person(username);
        const units = (await childrenOf(db, building.id, 10, 0)).items.filter((n) => n.kind === 'unit');
        if (units[0]) {
          // First a unit leader; five weeks later the building's leader (the unit duty ends: history).
          const unitDuty = await assign(s.ctx, staff.principal, staff.actor, { nodeId: units[0].id, duty: 'unit_leader', userId: leader.principal.userId });
          result.assignments++;
          timeline.at(chinaTime(start, 35, '10:00'), async () => {
            await endAssignment(s.ctx, staff.principal, staff.actor, unitDuty.id, '改任楼栋长');
            await assign(s.ctx, staff.principal, staff.actor, { nodeId: building.id, duty: 'building_leader', userId: leader.principal.userId, note: '居民推选' });
            result.assignments++;
          });
        } else {
          await assign(s.ctx, staff.principal, staff.actor, { nodeId: building.id, duty: 'building_leader', userId: leader.principal.userId });
          result.assignments++;
        }
      }
    });

    // Visits: the people the rules cover, by their grid's worker (the staff where a grid has none).
    const plans = plansOf(await plannedPeople(db, [community.path]));
    let dueTodayGiven = false;
    for (const [k, plan] of plans.entries()) {
      const gridIndex = grids.find((g) => g.id === plan.gridId)?.index ?? -1;
      const username = c.workers[gridIndex] ?? c.staff;
      const who = await s.person(username);
      const box = await gridBox(db, plan.gridId);
      const profile = k % 4;
      // The last visit: a few days ago for most; one person a whole interval ago (due today) in the first grid;
      // every fourth person left overdue.
      let lastDay: number;
      if (!dueTodayGiven && gridIndex === 0 && plan.intervalDays <= 14) {
        lastDay = plan.intervalDays;
        dueTodayGiven = true;
      } else if (profile === 2) lastDay = plan.intervalDays + 3 + Math.floor(rand() * 6);
      else lastDay = 1 + Math.floor(rand() * Math.max(1, plan.intervalDays - 2));
      for (const day of visitDays(plan, profile, rand, lastDay)) {
        const phone = rand() < 0.2;
        const note = phone ? PHONE_NOTES[Math.floor(rand() * PHONE_NOTES.length)]! : VISIT_NOTES[Math.floor(rand() * VISIT_NOTES.length)]!;
        const point = plan.lng !== null && plan.lat !== null ? { lng: plan.lng, lat: plan.lat } : box ? pointIn(box, plan.householdId) : null;
        timeline.at(at(day, clock(rand)), () => visit(s, who, plan, phone ? 'phone' : 'home', note, point).then(() => void result.visits++));
      }
    }

    // Other work: each worker about once a week at their grid.
    for (const [i, username] of c.workers.entries()) {
      const grid = grids.find((g) => g.index === i);
      if (!grid) continue;
      const who = await s.person(username);
      for (let week = 0; week < WEEKS; week++) {
        const work = OTHER_WORK[(week + i) % OTHER_WORK.length]!;
        const day = week * 7 + 2 + Math.floor(rand() * 3);
        timeline.at(at(day, clock(rand)), async () => {
          await logWork(s.ctx, who.principal, who.actor, { kind: work.kind, nodeId: grid.id, note: work.note });
          result.otherLogs++;
        });
      }
    }
  }

  // 张海军's patrol: a broken manhole cover becomes a request in one step; an errand for an old resident.
  const grid1 = await s.person('baoli.grid1');
  const baoliPlans = plansOf(await plannedPeople(db, [baoli.path]));
  const inGrid1 = baoliPlans.find((p) => grid1.principal.roles.some((r) => r.orgNodeId === p.gridId));
  const grid1Box = await gridBox(db, inGrid1?.gridId ?? null);
  if (inGrid1 && grid1Box) {
    const point = pointIn(grid1Box, 7);
    timeline.at(at(6, '10:20'), async () => {
      await logWork(s.ctx, grid1.principal, grid1.actor, {
        kind: 'patrol',
        ...point,
        nodeId: inGrid1.gridId!,
        note: '巡查发现楼前井盖破损',
        request: { content: `${inGrid1.place}楼前井盖破损下陷，夜间行人容易踩空，请尽快维修` },
      });
      result.otherLogs++;
    });
    timeline.at(at(3, '15:10'), async () => {
      await logWork(s.ctx, grid1.principal, grid1.actor, { kind: 'errand', householdId: inGrid1.householdId, personIds: [inGrid1.personId], note: '代为办理高龄津贴年审' });
      result.otherLogs++;
    });
  }

  // The overdue job every morning of the last two weeks, as the server would run it.
  for (let day = 14; day >= 1; day--) {
    timeline.at(at(day, '08:00'), async () => {
      result.overdueNotices += await sendOverdueNotices(s.ctx, s.clock.now());
    });
  }
  // Staff read what came in until three days ago (a badge shows what is new).
  timeline.at(at(3, '18:00'), async () => {
    for (const username of staffUsers) await markAllRead(s.ctx, (await s.person(username)).principal);
  });
  await timeline.run(s.clock, s.until);
  s.clock.set(s.until);
  return result;
}

async function visit(s: DemoSession, who: DemoPerson, plan: Plan, mode: 'home' | 'phone', note: string, point: { lng: number; lat: number } | null): Promise<void> {
  await logWork(s.ctx, who.principal, who.actor, {
    kind: 'visit',
    mode,
    householdId: plan.householdId,
    personIds: [plan.personId],
    note,
    ...(mode === 'home' && point ? point : {}),
  });
}
