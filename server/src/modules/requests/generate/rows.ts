import type { CloseReason, RequestChannel, RequestPriority, RequestStatus, Satisfaction } from '../../../db/schema/requests.js';
import type { CountedRequest } from '../core/counters.js';
import { computeDeadlines, DEFAULT_LIMITS, DEFAULT_ON_SITE, reminderFor, type Deadlines } from '../deadlines/compute.js';
import { requestNumber } from '../intake/service.js';
import { FOLLOW_UP_WORKING_DAYS } from '../workflow/steps.js';

/** Rows of the bulk generator (requests/generate/history.ts): one request in a plausible state, from a seeded PRNG. */
export const NAMES = [
  '张伟',
  '王芳',
  '李娜',
  '刘洋',
  '陈静',
  '杨磊',
  '赵敏',
  '黄勇',
  '周丽',
  '吴强',
  '巴特尔',
  '其其格',
  '乌云',
  '格日勒',
  '孙秀英',
  '马建国',
  '朱桂兰',
  '胡军',
  '郭海燕',
  '何志强',
];
const SNIPPETS = [
  '已经好几天了，请尽快处理',
  '影响居民出行',
  '晚上尤其严重',
  '多次反映未解决',
  '老人行动不便，希望帮忙',
  '就在小区门口',
  '请派人来看看',
];
/** What a handler writes when closing the case (the ledger's 办理结果). */
export const RESOLUTION_NOTES = [
  '已到现场处理完毕，并向居民反馈',
  '联系物业维修，已修复',
  '协调相关部门处理，问题已解决',
  '上门沟通调解，双方达成一致',
  '已清理完毕，后续纳入网格巡查',
];
export const REJECTION_NOTE = '经核实不属于受理范围，已告知反映人';

const CHANNELS: [RequestChannel, number][] = [
  ['resident', 0.45],
  ['hotline', 0.2],
  ['patrol', 0.12],
  ['staff', 0.1],
  ['building_leader', 0.07],
  ['mobile_grid_worker', 0.06],
];
const PRIORITIES: [RequestPriority, number][] = [
  ['ordinary', 0.8],
  ['urgent', 0.1],
  ['complex', 0.1],
];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** mulberry32: a small fast PRNG, so a seed gives the same data set. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(rand: () => number, weighted: [T, number][]): T {
  let r = rand();
  for (const [value, weight] of weighted) if ((r -= weight) < 0) return value;
  return weighted.at(-1)![0];
}

function statusFor(rand: () => number, ageDays: number): RequestStatus {
  if (ageDays < 1)
    return pick(rand, [
      ['submitted', 0.4],
      ['accepted', 0.2],
      ['dispatched', 0.25],
      ['in_progress', 0.15],
    ]);
  if (ageDays < 7)
    return pick(rand, [
      ['closed', 0.4],
      ['resolved', 0.25],
      ['in_progress', 0.15],
      ['dispatched', 0.1],
      ['accepted', 0.05],
      ['submitted', 0.05],
    ]);
  return pick(rand, [
    ['closed', 0.9],
    ['resolved', 0.02],
    ['in_progress', 0.04],
    ['dispatched', 0.02],
    ['submitted', 0.02],
  ]);
}

/** Row values in column order of COLUMNS below. */
export type Row = Record<(typeof COLUMNS)[number][0], unknown>;

export const COLUMNS = [
  ['id', 'bigint'],
  ['number', 'text'],
  ['channel', 'text'],
  ['category_id', 'int'],
  ['priority', 'text'],
  ['status', 'text'],
  ['title', 'text'],
  ['content', 'text'],
  ['org_node_id', 'int'],
  ['reporter_name', 'text'],
  ['reporter_name_pinyin', 'text'],
  ['reporter_phone', 'text'],
  ['assignee_user_id', 'int'],
  ['merged_into_id', 'bigint'],
  ['self_resolved', 'boolean'],
  ['received_at', 'timestamptz'],
  ['response_due_at', 'timestamptz'],
  ['resolution_due_at', 'timestamptz'],
  ['limit_clock', 'text'],
  ['deadline_estimated', 'boolean'],
  ['responded_at', 'timestamptz'],
  ['resolved_at', 'timestamptz'],
  ['closed_at', 'timestamptz'],
  ['close_reason', 'text'],
  ['follow_up_due_at', 'timestamptz'],
  ['follow_up_at', 'timestamptz'],
  ['follow_up_solved', 'boolean'],
  ['satisfaction', 'text'],
  ['reminder_at', 'timestamptz'],
  ['next_escalation_at', 'timestamptz'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
] as const;

/** request id, at, action, from status, to status, note, actor user id. */
export type EventRow = [number, Date, string, string | null, string, string | null, number | null];

/**
 * The timeline of a generated request: its submission, the resolution step (with the handler's note, by the
 * assignee) when it was handled, and the step that left it in its status. The ledger reads 办理结果 and 承办人
 * from the resolution step, as for a request handled through the workflow.
 */
export function eventsOf(row: Row): EventRow[] {
  const id = row.id as number;
  const status = row.status as RequestStatus;
  const reason = row.close_reason as CloseReason | null;
  const handler = (row.assignee_user_id as number | null) ?? null;
  const events: EventRow[] = [[id, row.received_at as Date, 'submit', null, 'submitted', null, null]];
  if (status === 'submitted') return events;
  // Picked by id, not by the random stream, so adding the note leaves every other generated value as it was.
  const note = RESOLUTION_NOTES[id % RESOLUTION_NOTES.length]!;
  if (status === 'closed') {
    const action = row.self_resolved ? 'self_resolve' : 'resolve';
    events.push([id, row.resolved_at as Date, action, 'submitted', 'resolved', note, handler]);
    events.push([id, row.updated_at as Date, lastAction(status, reason), 'resolved', status, null, null]);
    return events;
  }
  const last = lastAction(status, reason);
  const lastNote = status === 'resolved' ? note : status === 'rejected' ? REJECTION_NOTE : null;
  events.push([id, row.updated_at as Date, last, 'submitted', status, lastNote, status === 'resolved' ? handler : null]);
  return events;
}

export function lastAction(status: RequestStatus, reason: CloseReason | null): string {
  if (status === 'closed') return reason === 'followed_up' ? 'follow_up' : 'close';
  return {
    accepted: 'accept',
    dispatched: 'dispatch',
    in_progress: 'take',
    resolved: 'resolve',
    merged: 'merge',
    rejected: 'reject',
    submitted: 'submit',
    closed: 'close',
  }[status];
}

export function counted(r: Row): CountedRequest {
  return {
    orgNodeId: r.org_node_id as number,
    receivedAt: r.received_at as Date,
    status: r.status as RequestStatus,
    respondedAt: r.responded_at as Date | null,
    responseDueAt: r.response_due_at as Date,
    resolvedAt: r.resolved_at as Date | null,
    selfResolved: r.self_resolved as boolean,
    escalatedAt: null,
  };
}

export interface Context {
  grids: number[];
  categories: { id: number; name: string }[];
  people: { name: string; pinyin: string }[];
  deadlines: Deadlines;
  now: Date;
  from: number;
  span: number;
  workers: Map<number, number[]> | undefined;
  previous: Row[];
}

export function makeRow(id: number, rand: () => number, c: Context): Row {
  const nowMs = c.now.getTime();
  const received = new Date(Math.floor(c.from + rand() * c.span));
  const grid = c.grids[Math.floor(rand() * c.grids.length)]!;
  const category = c.categories[Math.floor(rand() * c.categories.length)]!;
  const channel = pick(rand, CHANNELS);
  const priority = pick(rand, PRIORITIES);
  const person = c.people[Math.floor(rand() * c.people.length)]!;
  const withReporter = channel !== 'patrol' || rand() < 0.3;
  const limits = { ...DEFAULT_LIMITS[priority], onSite: DEFAULT_ON_SITE };
  const d = computeDeadlines(c.deadlines, received, limits, channel);
  // Merged and rejected ones first; a merge points at an earlier request of the batch.
  const r0 = rand();
  const mergeTarget = c.previous.length ? (c.previous[Math.floor(rand() * c.previous.length)]!.id as number) : null;
  let status: RequestStatus =
    r0 < 0.03 && mergeTarget ? 'merged' : r0 < 0.06 ? 'rejected' : statusFor(rand, (nowMs - received.getTime()) / DAY);
  const clamp = (t: number, after: number) => new Date(Math.max(after, Math.min(t, nowMs)));
  const responseSpan = d.responseDueAt.getTime() - received.getTime();
  const responded =
    channel === 'patrol'
      ? received
      : clamp(received.getTime() + responseSpan * (rand() < 0.85 ? 0.1 + rand() * 0.8 : 1.05 + rand()), received.getTime());
  const resolutionSpan = d.resolutionDueAt.getTime() - received.getTime();
  const resolved = clamp(received.getTime() + resolutionSpan * (0.15 + rand() * 1.05), responded.getTime());
  const handled = ['dispatched', 'in_progress', 'resolved', 'closed'].includes(status);
  const workers = c.workers?.get(grid);
  const selfResolved = status === 'closed' && channel === 'patrol' && !withReporter;
  let closeReason: CloseReason | null = null;
  let followUpAt: Date | null = null;
  let closedAt: Date | null = null;
  let followUpDue: Date | null = null;
  if (status === 'resolved' || status === 'closed') {
    followUpDue = c.deadlines.add(resolved, { amount: FOLLOW_UP_WORKING_DAYS, unit: 'working_days' }).at;
    if (status === 'closed') {
      if (!withReporter) closeReason = 'no_reporter';
      else if (rand() < 0.88) closeReason = 'followed_up';
      else if (followUpDue.getTime() <= nowMs) closeReason = 'no_reply';
      else status = 'resolved';
    }
    if (closeReason === 'followed_up') followUpAt = clamp(resolved.getTime() + rand() * 2 * DAY, resolved.getTime());
    if (closeReason) closedAt = closeReason === 'followed_up' ? followUpAt : closeReason === 'no_reply' ? followUpDue : resolved;
  }
  const satisfaction: Satisfaction | null = followUpAt
    ? pick(rand, [
        ['satisfied', 0.78],
        ['basically_satisfied', 0.15],
        ['unsatisfied', 0.07],
      ])
    : null;
  const open = ['submitted', 'accepted', 'dispatched', 'in_progress'].includes(status);
  const isResolved = status === 'resolved' || status === 'closed';
  const last = closedAt ?? (isResolved ? resolved : status === 'submitted' ? received : responded);
  return {
    id,
    number: requestNumber(id, received),
    channel,
    category_id: category.id,
    priority,
    status,
    title: category.name,
    content: `${category.name}：${SNIPPETS[Math.floor(rand() * SNIPPETS.length)]}`,
    org_node_id: grid,
    reporter_name: withReporter ? person.name : null,
    reporter_name_pinyin: withReporter ? person.pinyin : null,
    reporter_phone: withReporter ? `13${String(Math.floor(rand() * 1e9)).padStart(9, '0')}` : null,
    assignee_user_id: handled && workers?.length ? workers[Math.floor(rand() * workers.length)]! : null,
    merged_into_id: status === 'merged' ? mergeTarget : null,
    self_resolved: selfResolved,
    received_at: received,
    response_due_at: d.responseDueAt,
    resolution_due_at: d.resolutionDueAt,
    limit_clock: d.limitClock,
    deadline_estimated: d.estimated,
    responded_at: status === 'submitted' ? null : responded,
    resolved_at: isResolved ? resolved : null,
    closed_at: closedAt,
    close_reason: closeReason,
    follow_up_due_at: status === 'resolved' ? followUpDue : null,
    follow_up_at: followUpAt,
    follow_up_solved: followUpAt ? satisfaction !== 'unsatisfied' || rand() < 0.3 : null,
    satisfaction,
    reminder_at: open ? reminderFor(c.deadlines, received, d.resolutionDueAt, limits.resolution.unit) : null,
    next_escalation_at: open ? d.resolutionDueAt : null,
    created_at: received,
    updated_at: last,
  };
}
