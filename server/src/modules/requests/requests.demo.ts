import { and, eq, sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import { orgNodes, type Polygon } from '../../db/schema/org.js';
import { pointInPolygon, polygonBbox } from '../org/org.geometry.js';
import { chinaTime, DemoTimeline, type DemoSession } from '../../platform/demo.js';
import { GRID_NAMES, QINGSHAN_CODE } from '../org/org.demoPlaces.js';
import { childrenOf, findChildByName } from '../org/org.repo.js';
import {
  ACCEPT_NOTES,
  APPROVE_EXTENSION_NOTE,
  BASICALLY_SATISFIED_COMMENTS,
  DISPATCH_NOTES,
  MERGE_NOTE,
  PROBLEMS,
  REDISPATCH_NOTE,
  REJECT_REASONS,
  SATISFIED_COMMENTS,
  TAKE_NOTES,
  UNSATISFIED_COMMENTS,
  type DemoProblem,
} from './requests.demoData.js';
import { markAllRead } from '../notifications/notifications.service.js';
import { decideExtension, requestExtension } from './workflow/extensions.js';
import { followUp } from './followup/service.js';
import { prng } from './generate/rows.js';
import { runEscalations, runFollowUpTimeouts, runReminders } from './deadlines/jobs.js';
import { submitRequest, type SubmitRequestInput } from './intake/service.js';
import { accept, dispatch, progress, reject, resolve, take } from './workflow/steps.js';
import { merge, transfer } from './workflow/transfer.js';

/**
 * The requests demo (接诉即办): DEMO_DAYS of work in five Qingshan communities, done by the people who do it —
 * residents report from their phones (with the building), 青山区's hotline desk files 12345 orders and routes them,
 * community staff accept, dispatch to the grid worker of the place, decline with a reason or merge a duplicate
 * into the earlier report; grid workers take, write progress, ask for more time (the district approves), resolve
 * with a note; residents rate the result (an unsatisfied answer reopens it), staff record the hotline callers'
 * answers; the reminder, escalation and follow-up-timeout jobs run every morning. Every step is the service function
 * its route calls, on the demo clock, so timelines, audit rows, counters and notices are the ones production writes.
 * Skipped when 青山区 already has requests.
 */

export interface RequestsDemoResult {
  skipped: boolean;
  requests: number;
  steps: number;
  people: number;
  days: number;
  closed: number;
  open: number;
  escalations: number;
}

export const DEMO_DAYS = 90;
const MINUTE = 60_000;

interface DemoCommunity {
  name: string;
  staff: string;
  /** The grid workers of the first grids, in order. */
  workers: string[];
  residents: string[];
  weight: number;
}

export const DEMO_COMMUNITIES: DemoCommunity[] = [
  { name: '保利社区', staff: 'baoli.staff', workers: ['baoli.grid1', 'baoli.grid2'], residents: ['resident.baoli', 'resident.baoli', 'baoli.wangjg'], weight: 3 },
  { name: '草原社区', staff: 'caoyuan.staff', workers: ['caoyuan.grid1', 'caoyuan.grid2'], residents: ['resident.caoyuan', 'caoyuan.nars', 'caoyuan.liuyang'], weight: 2 },
  { name: '丰产社区', staff: 'fengchan.staff', workers: ['fengchan.grid1', 'fengchan.grid2'], residents: ['fengchan.zhangwei', 'fengchan.lina'], weight: 2 },
  { name: '青园社区', staff: 'qingyuan.staff', workers: ['qingyuan.grid1'], residents: ['qingyuan.yangl', 'qingyuan.gerl'], weight: 1.5 },
  { name: '民一社区', staff: 'minyi.staff', workers: ['minyi.grid1'], residents: ['minyi.zhoul', 'minyi.hezq'], weight: 1.5 },
];
const HOTLINE_DESK = 'qingshan.admin';
const CALLERS = [
  { name: '王秀兰', phone: '13847211201' },
  { name: '赵建华', phone: '13947222302' },
  { name: '其其格', phone: '15047233403' },
  { name: '刘文斌', phone: '18647244504' },
];

interface Place {
  community: DemoCommunity;
  communityId: number;
  gridIds: number[];
  /** Buildings of each staffed grid. */
  buildings: { id: number; name: string }[][];
  /** Each staffed grid's outline, where it has one: a resident's report carries a point picked on the map inside it. */
  outlines: (Polygon | null)[];
}

type Story = 'closed' | 'reopened' | 'rejected' | 'extension' | 'no_reply' | 'overdue' | 'hotline' | 'phone' | 'patrol';
type OpenState = 'submitted' | 'accepted' | 'dispatched' | 'in_progress' | 'resolved';

/** A request in the making: its moments are planned in order; `id` is known once it was submitted. */
interface Case {
  id: number;
  number: string;
  at: Date;
}

export async function seedRequestsDemo(s: DemoSession): Promise<RequestsDemoResult> {
  const db = s.ctx.db;
  const skipped: RequestsDemoResult = { skipped: true, requests: 0, steps: 0, people: 0, days: DEMO_DAYS, closed: 0, open: 0, escalations: 0 };
  const [county] = await queryRows<{ path: string }>(db, sql`select path::text as path from org_nodes where code = ${QINGSHAN_CODE}`);
  if (!county) throw new Error('Requests demo: 青山区 not found — import the divisions first');
  const [existing] = await queryRows<{ any: boolean }>(
    db,
    sql`select exists (select 1 from requests r join org_nodes n on n.id = r.org_node_id where n.path <@ ${county.path}::ltree) as any`,
  );
  if (existing?.any) return skipped;

  const places: Place[] = [];
  for (const community of DEMO_COMMUNITIES) {
    const [node] = await db
      .select({ id: orgNodes.id })
      .from(orgNodes)
      .where(and(eq(orgNodes.kind, 'community'), eq(orgNodes.name, community.name), sql`${orgNodes.path} <@ ${county.path}::ltree`))
      .limit(1);
    if (!node) throw new Error(`Requests demo: ${community.name} not found — run the org demo first`);
    const gridIds: number[] = [];
    const buildings: Place['buildings'] = [];
    const outlines: Place['outlines'] = [];
    for (let g = 0; g < community.workers.length; g++) {
      const grid = (await findChildByName(db, node.id, GRID_NAMES[g]!))!;
      gridIds.push(grid.id);
      const [outline] = await db.select({ polygon: orgNodes.polygon }).from(orgNodes).where(eq(orgNodes.id, grid.id));
      outlines.push(outline?.polygon ?? null);
      buildings.push((await childrenOf(db, grid.id, 20, 0)).items.map((b) => ({ id: b.id, name: b.name })));
    }
    places.push({ community, communityId: node.id, gridIds, buildings, outlines });
  }

  const rand = prng(2026);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  // Points come from their own sequence, so adding them did not change which stories the main sequence tells.
  const pointRand = prng(4042);
  /** A point a resident would tap inside the grid's outline (none when the grid has no outline). */
  const pointIn = (outline: Polygon | null): { lng?: number; lat?: number } => {
    if (!outline) return {};
    const box = polygonBbox(outline);
    if (box.minLng === null) return {};
    for (let i = 0; i < 30; i++) {
      const lng = box.minLng + pointRand() * (box.maxLng - box.minLng);
      const lat = box.minLat + pointRand() * (box.maxLat - box.minLat);
      if (pointInPolygon(lng, lat, outline)) return { lng: Math.round(lng * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6 };
    }
    return {};
  };
  const timeline = new DemoTimeline();
  const people = new Set<string>();
  const as = async (username: string) => {
    people.add(username);
    const p = await s.person(username);
    return [s.ctx, p.principal, p.actor] as const;
  };
  /** `minutes` later, moved to the next morning when it would fall in the night (people act in the day). */
  const later = (t: Date, lo: number, hi: number): Date => {
    const next = new Date(t.getTime() + between(lo, hi) * MINUTE);
    const hour = new Date(next.getTime() + 8 * 3_600_000).getUTCHours();
    if (hour >= 8 && hour < 20) return next;
    const dayOffset = hour >= 20 ? 1 : 0;
    return chinaTime(next, dayOffset, `08:${String(between(5, 55)).padStart(2, '0')}`);
  };
  /** Plan a step of a case at `at`; returns `at` for chaining. Steps past the story's end are not taken. */
  const plan = (at: Date, run: () => Promise<unknown>): Date => {
    timeline.at(at, async () => void (await run()));
    return at;
  };

  const content = (p: DemoProblem, building: string) => p.content.replaceAll('{b}', building);

  /** Submit; the rest of the story is planned relative to the submission. */
  const submit = (at: Date, who: string, input: SubmitRequestInput, c: Case) =>
    plan(at, async () => {
      const [ctx, principal, actor] = await as(who);
      const made = await submitRequest(ctx, principal, input, { actor });
      c.id = made.id;
      c.number = made.number;
      c.at = at;
    });

  /** Staff accept (sometimes), then dispatch to the grid worker of the place. */
  const acceptAndDispatch = (c: Case, t: Date, staff: string, worker: string, acceptFirst: boolean): Date => {
    if (acceptFirst) t = plan(later(t, 8, 90), async () => accept(...(await as(staff)), c.id, { note: pick(ACCEPT_NOTES) }));
    return plan(later(t, 5, 60), async () => {
      const [ctx, principal, actor] = await as(staff);
      const assigneeUserId = (await s.person(worker)).principal.userId;
      return dispatch(ctx, principal, actor, c.id, { assigneeUserId, note: pick(DISPATCH_NOTES) });
    });
  };
  const work = (c: Case, t: Date, worker: string, p: DemoProblem, opts: { progress?: boolean; extension?: boolean; resolve?: boolean } = {}): Date => {
    const urgent = p.priority === 'urgent';
    t = plan(later(t, 10, urgent ? 40 : 150), async () => take(...(await as(worker)), c.id, { note: pick(TAKE_NOTES) }));
    if (opts.progress && p.progress) t = plan(later(t, 60, 600), async () => progress(...(await as(worker)), c.id, { note: p.progress }));
    if (opts.extension) {
      t = plan(later(t, 120, 900), async () =>
        requestExtension(...(await as(worker)), c.id, { extraWorkingDays: 5, reason: p.extension ?? '需要协调相关单位，时间较长。' }),
      );
      t = plan(later(t, 30, 240), async () => decideExtension(...(await as(HOTLINE_DESK)), c.id, true, { note: APPROVE_EXTENSION_NOTE }));
      t = later(t, 60 * 24 * 3, 60 * 24 * 5);
    }
    if (opts.resolve === false) return t;
    return plan(later(t, urgent ? 30 : 120, urgent ? 300 : 60 * 30), async () => resolve(...(await as(worker)), c.id, { note: p.done }));
  };
  const rate = (c: Case, t: Date, who: string, answer: 'satisfied' | 'basically' | 'unsatisfied'): Date =>
    plan(later(t, 60, 60 * 26), async () =>
      followUp(...(await as(who)), c.id, {
        solved: answer !== 'unsatisfied',
        satisfaction: answer === 'basically' ? 'basically_satisfied' : answer,
        comment: pick(answer === 'satisfied' ? SATISFIED_COMMENTS : answer === 'basically' ? BASICALLY_SATISFIED_COMMENTS : UNSATISFIED_COMMENTS),
      }),
    );

  /** Recent reports a duplicate may be merged into: same community, handled to the end, filed earlier. */
  const mergeable: { c: Case; place: Place; grid: number; building: { id: number; name: string }; problem: DemoProblem; at: Date }[] = [];
  let requests = 0;

  const fileCase = (day: number, story: Story | OpenState) => {
    const place = pickPlace(places, rand);
    const grid = Math.floor(rand() * place.gridIds.length);
    const building = pick(place.buildings[grid]!);
    const problem = pick(PROBLEMS);
    const worker = place.community.workers[grid]!;
    const staff = place.community.staff;
    const resident = pick(place.community.residents);
    const at = chinaTime(s.until, day, `${String(between(8, 19)).padStart(2, '0')}:${String(between(0, 59)).padStart(2, '0')}`);
    if (at >= s.until) return;
    const c: Case = { id: 0, number: '', at };
    const text = content(problem, `${place.community.name}${building.name}`);
    const base = { title: problem.title, content: text, categoryCode: problem.category, priority: problem.priority ?? 'ordinary' } as const;
    requests++;

    if (story === 'hotline') {
      // The district's hotline desk files a 12345 order at the community the caller named, then routes it to the grid.
      const caller = pick(CALLERS);
      let t = submit(at, HOTLINE_DESK, { ...base, channel: 'hotline', reporter: caller, location: { orgNodeId: place.communityId, address: `${place.community.name}${building.name}附近` } }, c);
      t = plan(later(t, 10, 60), async () =>
        transfer(...(await as(HOTLINE_DESK)), c.id, { targetNodeId: place.gridIds[grid]!, note: `12345 热线工单，经核实属${place.community.name}${GRID_NAMES[grid]}，请办理。` }),
      );
      t = acceptAndDispatch(c, t, staff, worker, true);
      t = work(c, t, worker, problem);
      rate(c, t, staff, rand() < 0.8 ? 'satisfied' : 'basically');
      return;
    }
    if (story === 'phone' || story === 'patrol') {
      // Staff file a phone call for a resident; a grid worker files what he found on patrol (nobody to ask after).
      const filer = story === 'phone' ? staff : worker;
      const input: SubmitRequestInput =
        story === 'phone'
          ? { ...base, channel: 'staff', reporter: pick(CALLERS), location: { buildingNodeId: building.id } }
          : { ...base, content: `巡查发现：${text}`, channel: 'patrol', location: { buildingNodeId: building.id, ...pointIn(place.outlines[grid]!) } };
      let t = submit(at, filer, input, c);
      t = acceptAndDispatch(c, t, staff, worker, false);
      t = work(c, t, worker, problem, { progress: rand() < 0.3 });
      if (story === 'phone') rate(c, t, staff, rand() < 0.85 ? 'satisfied' : 'basically');
      return;
    }

    let t = submit(at, resident, { ...base, channel: 'resident', location: { buildingNodeId: building.id, ...pointIn(place.outlines[grid]!) } }, c);
    switch (story) {
      case 'submitted':
        return;
      case 'accepted':
        plan(later(t, 8, 90), async () => accept(...(await as(staff)), c.id, { note: pick(ACCEPT_NOTES) }));
        return;
      case 'dispatched':
        acceptAndDispatch(c, t, staff, worker, rand() < 0.5);
        return;
      case 'in_progress':
        t = acceptAndDispatch(c, t, staff, worker, true);
        work(c, t, worker, problem, { progress: true, resolve: false });
        return;
      case 'resolved':
        t = acceptAndDispatch(c, t, staff, worker, true);
        work(c, t, worker, problem);
        return;
      case 'rejected':
        if (rand() < 0.5) t = plan(later(t, 8, 90), async () => accept(...(await as(staff)), c.id, {}));
        plan(later(t, 20, 240), async () => reject(...(await as(staff)), c.id, { reason: pick(REJECT_REASONS) }));
        return;
      case 'overdue':
        // Taken, then stuck: the escalation job sends it up day after day.
        t = acceptAndDispatch(c, t, staff, worker, true);
        work(c, t, worker, problem, { progress: true, resolve: false });
        return;
      case 'no_reply':
        t = acceptAndDispatch(c, t, staff, worker, true);
        work(c, t, worker, problem);
        return;
      case 'extension':
        t = acceptAndDispatch(c, t, staff, worker, true);
        t = work(c, t, worker, problem, { progress: true, extension: true });
        rate(c, t, resident, 'basically');
        return;
      case 'reopened': {
        t = acceptAndDispatch(c, t, staff, worker, true);
        t = work(c, t, worker, problem);
        t = rate(c, t, resident, 'unsatisfied');
        t = plan(later(t, 20, 180), async () => {
          const [ctx, principal, actor] = await as(staff);
          return dispatch(ctx, principal, actor, c.id, { assigneeUserId: (await s.person(worker)).principal.userId, note: REDISPATCH_NOTE });
        });
        t = work(c, t, worker, problem, { progress: true });
        rate(c, t, resident, 'satisfied');
        return;
      }
      case 'closed': {
        t = acceptAndDispatch(c, t, staff, worker, rand() < 0.7);
        t = work(c, t, worker, problem, { progress: rand() < 0.35 });
        rate(c, t, resident, rand() < 0.78 ? 'satisfied' : 'basically');
        mergeable.push({ c, place, grid, building, problem, at });
        return;
      }
    }
  };

  /** A neighbour reports the same thing a few hours later; staff merge it into the earlier report. */
  const fileDuplicate = () => {
    const original = mergeable.at(-1);
    if (!original) return;
    const who = original.place.community.residents.find((r) => r !== 'resident.baoli') ?? original.place.community.residents[0]!;
    const at = later(original.at, 120, 600);
    if (at >= s.until) return;
    const c: Case = { id: 0, number: '', at };
    requests++;
    const text = content(original.problem, `${original.place.community.name}${original.building.name}`);
    const t = submit(at, who, { title: original.problem.title, content: `${text}（邻居也反映过）`, categoryCode: original.problem.category, channel: 'resident', location: { buildingNodeId: original.building.id, ...pointIn(original.place.outlines[original.grid]!) } }, c);
    plan(later(t, 15, 120), async () => merge(...(await as(original.place.community.staff)), c.id, { intoRequestId: original.c.id, note: MERGE_NOTE }));
    mergeable.pop();
  };

  // The months behind: a request or two a day, handled to the end in the ways requests end.
  const HISTORY: [Story, number][] = [
    ['closed', 50],
    ['reopened', 7],
    ['rejected', 6],
    ['extension', 5],
    ['no_reply', 5],
    ['hotline', 8],
    ['phone', 9],
    ['patrol', 6],
  ];
  for (let day = -DEMO_DAYS; day <= -3; day++) {
    const n = rand() < 0.05 ? 2 : rand() < 0.36 ? 1 : 0;
    for (let k = 0; k < n; k++) fileCase(day, weighted(HISTORY, rand));
    if (rand() < 0.05) fileDuplicate();
  }
  // And one of each story for sure, whatever the dice said.
  for (const [day, story] of [[-70, 'hotline'], [-60, 'reopened'], [-45, 'extension'], [-33, 'reopened'], [-26, 'no_reply'], [-8, 'rejected']] as const) {
    fileCase(day, story);
  }
  // Stuck ones, two to three weeks old, that the escalation job has been sending up.
  for (const day of [-19, -15, -12]) fileCase(day, 'overdue');
  // And the last days: work in every state, so inboxes, task lists and "my requests" have something in them.
  const RECENT: [number, Story | OpenState][] = [
    [-2, 'closed'],
    [-2, 'resolved'],
    [-2, 'in_progress'],
    [-1, 'in_progress'],
    [-1, 'dispatched'],
    [-1, 'accepted'],
    [-1, 'rejected'],
    [-1, 'dispatched'],
    [-1, 'submitted'],
    [-1, 'submitted'],
  ];
  for (const [day, story] of RECENT) fileCase(day, story);
  // 李桂兰 (resident.baoli) and 张海军 (baoli.grid1) each have work in hand today.
  const baoli = places[0]!;
  const mine = (story: OpenState, hhmm: string) => {
    const problem = pick(PROBLEMS);
    const building = baoli.buildings[0]![0]!;
    const at = chinaTime(s.until, -1, hhmm);
    const c: Case = { id: 0, number: '', at };
    requests++;
    const t = submit(at, 'resident.baoli', { title: problem.title, content: content(problem, `保利社区${building.name}`), categoryCode: problem.category, channel: 'resident', location: { buildingNodeId: building.id } }, c);
    const dispatched = acceptAndDispatch(c, t, 'baoli.staff', 'baoli.grid1', true);
    if (story === 'in_progress') work(c, dispatched, 'baoli.grid1', problem, { resolve: false });
  };
  mine('dispatched', '09:20');
  mine('in_progress', '10:40');

  // The jobs a server runs (every minute; here each morning): reminders before deadlines, escalations after them,
  // follow-up timeouts.
  let escalations = 0;
  for (let day = -DEMO_DAYS; day <= 0; day++) {
    for (const hhmm of ['08:00']) {
      const at = chinaTime(s.until, day, hhmm);
      // Escalations move one level per working day, reminders and timeouts count working time: weekends add nothing.
      if (at >= s.until || [0, 6].includes(new Date(at.getTime() + 8 * 3_600_000).getUTCDay())) continue;
      timeline.at(at, async () => {
        const now = s.clock.now();
        await runReminders(s.ctx, now);
        escalations += await runEscalations(s.ctx, now);
        await runFollowUpTimeouts(s.ctx, now);
      });
    }
  }

  // People read their notices: everyone who took part clears the inbox on Friday evenings, and once more two days
  // ago — so what is unread now is what came in since.
  for (let day = -DEMO_DAYS; day <= -2; day++) {
    const at = chinaTime(s.until, day, '17:45');
    const friday = new Date(at.getTime() + 8 * 3_600_000).getUTCDay() === 5;
    if (!friday && day !== -2) continue;
    timeline.at(at, async () => {
      for (const username of [...people].sort()) await markAllRead(s.ctx, (await s.person(username)).principal);
    });
  }

  await timeline.run(s.clock, s.until);
  const [counts] = await queryRows<{ closed: number; open: number }>(
    db,
    sql`select count(*) filter (where r.status in ('closed', 'merged', 'rejected'))::int as closed,
               count(*) filter (where r.status not in ('closed', 'merged', 'rejected'))::int as open
        from requests r join org_nodes n on n.id = r.org_node_id where n.path <@ ${county.path}::ltree`,
  );
  return { skipped: false, requests, steps: timeline.count, people: people.size, days: DEMO_DAYS, closed: counts!.closed, open: counts!.open, escalations };
}

function pickPlace(places: Place[], rand: () => number): Place {
  const total = places.reduce((sum, p) => sum + p.community.weight, 0);
  let x = rand() * total;
  for (const p of places) {
    x -= p.community.weight;
    if (x < 0) return p;
  }
  return places[places.length - 1]!;
}

function weighted<T>(options: [T, number][], rand: () => number): T {
  const total = options.reduce((sum, [, w]) => sum + w, 0);
  let x = rand() * total;
  for (const [value, w] of options) {
    x -= w;
    if (x < 0) return value;
  }
  return options[options.length - 1]![0];
}
