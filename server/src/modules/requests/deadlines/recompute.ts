import type { Tx } from '../../../db/client.js';
import { toShanghaiIso } from '../../../platform/calendar.js';
import { daysFromCivil, dayStartMs } from '../../../platform/calendarDays.js';
import type { AppContext } from '../../../platform/context.js';
import type { NationalCalendar } from '../../../platform/nationalCalendar.js';
import { NATIONAL_CACHE_TTL_MS, readNationalCalendar } from '../../../platform/nationalCalendarStore.js';
import { outboxDispatcherOf } from '../../notifications/notifications.dispatcher.js';
import {
  approvedExtensionDays,
  claimRecompute,
  lastReopenedAt,
  lockRequestsTouching,
  pendingRecomputeIds,
  updateRecompute,
} from './recompute.repo.js';
import { escalationDueAt, replayDeadlines, type Deadlines, type Limits } from './compute.js';
import { loadLimits } from '../core/limits.js';
import { dispatchersOf, noticeTo, unitHandlers } from '../core/notify.js';
import { findNode, updateRequest, type NodeInfo, type RequestPatch, type RequestRow } from '../core/repo.js';
import { recordStep, SYSTEM_ACTOR, withCounters } from '../core/step.js';

/**
 * After a year's national holiday schedule arrives (entered or imported by a region admin, or seeded from a newer
 * package), the deadlines of the open requests that touch that year are counted again on it. Work comes from
 * `calendar_recomputes` rows written with the year; each batch of requests is one transaction that locks the
 * recompute row (SKIP LOCKED: a second process leaves it alone meanwhile) and the requests, changes them, writes
 * their timeline events and notices, and moves the cursor — so a batch is applied exactly once, and a run that
 * stops half way resumes at the cursor.
 *
 * A request whose deadlines did not change gets nothing. One whose deadlines or estimated flag changed gets a
 * timeline event; if a deadline moved, its current owner (the assignee, the unit's handlers, or the dispatchers)
 * gets one notice. Other processes may still count on a national calendar cached before the entry for up to
 * NATIONAL_CACHE_TTL_MS, so a recompute keeps sweeping newer requests for RECOMPUTE_SWEEP_MS before it is done.
 */
export const RECOMPUTE_JOB = 'requests.calendar_recompute';
export const RECOMPUTE_SWEEP_MS = 2 * NATIONAL_CACHE_TTL_MS;
const BATCH = 100;

export function registerRecomputeJob(ctx: AppContext): void {
  ctx.jobs.register({ name: RECOMPUTE_JOB, intervalMs: 30_000, run: async (now) => void (await runCalendarRecomputes(ctx, now)) });
}

export interface RecomputeRun {
  processed: number;
  moved: number;
}

export async function runCalendarRecomputes(ctx: AppContext, now: Date): Promise<RecomputeRun> {
  const total: RecomputeRun = { processed: 0, moved: 0 };
  for (const id of await pendingRecomputeIds(ctx.db)) {
    for (;;) {
      const batch = await ctx.db.transaction((tx) => recomputeBatch(tx, id, now));
      if (!batch) break;
      total.processed += batch.processed;
      total.moved += batch.moved;
      if (!batch.more) break;
    }
  }
  if (total.moved) outboxDispatcherOf(ctx).kick();
  return total;
}

/** [Jan 1 00:00, next Jan 1 00:00) of a year, China time. */
function yearSpan(year: number): { from: Date; to: Date } {
  return { from: new Date(dayStartMs(daysFromCivil(year, 1, 1))), to: new Date(dayStartMs(daysFromCivil(year + 1, 1, 1))) };
}

async function recomputeBatch(tx: Tx, id: number, now: Date): Promise<(RecomputeRun & { more: boolean }) | null> {
  const job = await claimRecompute(tx, id);
  if (!job) return null;
  const rows = await lockRequestsTouching(tx, yearSpan(job.year), job.afterId, BATCH);
  // Read in this transaction, not from the process cache: the entry may have been made by another process.
  const national = await readNationalCalendar(tx);
  const context = new BatchContext(tx, national);
  let moved = 0;
  await withCounters(tx, async () => {
    for (const row of rows) if (await recomputeOne(tx, context, row, job.year, now)) moved++;
  });
  const more = rows.length === BATCH;
  const done = !more && now.getTime() >= job.requestedAt.getTime() + RECOMPUTE_SWEEP_MS;
  await updateRecompute(tx, id, {
    afterId: rows.at(-1)?.id ?? job.afterId,
    processed: job.processed + rows.length,
    moved: job.moved + moved,
    ...(done ? { status: 'done' as const, finishedAt: now } : {}),
  });
  return { processed: rows.length, moved, more };
}

/** Nodes and limits looked up once per batch (requests of one grid share them). */
class BatchContext {
  private readonly nodes = new Map<number, Promise<NodeInfo | undefined>>();
  private readonly limits = new Map<string, Promise<{ limits: Limits; deadlines: Deadlines }>>();
  constructor(
    private readonly tx: Tx,
    private readonly national: NationalCalendar,
  ) {}

  node(id: number): Promise<NodeInfo | undefined> {
    let found = this.nodes.get(id);
    if (!found) this.nodes.set(id, (found = findNode(this.tx, id)));
    return found;
  }

  limitsFor(node: NodeInfo, row: RequestRow): Promise<{ limits: Limits; deadlines: Deadlines }> {
    const key = `${node.id}|${row.priority}|${row.categoryId ?? ''}`;
    let found = this.limits.get(key);
    if (!found) this.limits.set(key, (found = loadLimits(this.tx, node, row.priority, row.categoryId, { national: this.national })));
    return found;
  }
}

const same = (a: Date | null, b: Date | null) => (a === null ? b === null : b !== null && a.getTime() === b.getTime());

/** Count one request's deadlines again; true when a deadline moved (and its owner was told). */
async function recomputeOne(tx: Tx, context: BatchContext, row: RequestRow, year: number, now: Date): Promise<boolean> {
  const node = await context.node(row.orgNodeId);
  if (!node) return false;
  const { limits, deadlines } = await context.limitsFor(node, row);
  const reopenedAt = row.reopenCount > 0 ? await lastReopenedAt(tx, row.id) : null;
  const replayed = replayDeadlines(deadlines, {
    receivedAt: row.receivedAt,
    channel: row.channel,
    limits,
    responded: row.respondedAt !== null,
    reopenedAt,
    extensions: await approvedExtensionDays(tx, row.id, reopenedAt ?? row.receivedAt),
  });
  const responseMoved = replayed.responseDueAt !== null && !same(replayed.responseDueAt, row.responseDueAt);
  const resolutionMoved = !same(replayed.resolutionDueAt, row.resolutionDueAt);
  if (!responseMoved && !resolutionMoved && replayed.estimated === row.deadlineEstimated) return false;

  const patch: RequestPatch = { deadlineEstimated: replayed.estimated, updatedAt: now };
  if (responseMoved) patch.responseDueAt = replayed.responseDueAt!;
  if (resolutionMoved) {
    patch.resolutionDueAt = replayed.resolutionDueAt;
    patch.reminderAt = replayed.reminderAt;
    patch.reminderSentAt = null;
    // Escalation follows the resolution deadline: the first level at it, later ones a working day apart.
    if (row.escalationLevel === 0) patch.nextEscalationAt = replayed.resolutionDueAt;
    else if (row.nextEscalationAt !== null)
      patch.nextEscalationAt = escalationDueAt(deadlines, replayed.resolutionDueAt, row.escalationLevel + 1, row.limitClock).at;
  }
  const after = await updateRequest(tx, row.id, patch);
  const moved = responseMoved || resolutionMoved;
  const data = {
    year,
    moved,
    estimated: replayed.estimated,
    ...(responseMoved ? { previousResponseDueAt: row.responseDueAt.toISOString(), responseDueAt: after.responseDueAt.toISOString() } : {}),
    ...(resolutionMoved ? { previousDueAt: row.resolutionDueAt.toISOString(), newDueAt: after.resolutionDueAt.toISOString() } : {}),
  };
  await recordStep(tx, { before: row, after, action: 'deadline_recompute', actor: SYSTEM_ACTOR, now, data });
  if (moved) await tellOwner(tx, node, after, year, { response: responseMoved, resolution: resolutionMoved }, data, now);
  return moved;
}

/** 'YYYY-MM-DD HH:mm', China time, as a notice writes a deadline. */
const chinaTime = (at: Date) => toShanghaiIso(at).slice(0, 16).replace('T', ' ');

/** The one notice a moved deadline gets: to whoever holds the request now, naming the deadlines that moved. */
async function tellOwner(
  tx: Tx,
  node: NodeInfo,
  row: RequestRow,
  year: number,
  changed: { response: boolean; resolution: boolean },
  data: Record<string, unknown>,
  now: Date,
): Promise<void> {
  const assigned = row.assigneeUserId !== null || row.assigneeNodeId !== null;
  const recipients =
    row.assigneeUserId !== null
      ? [row.assigneeUserId]
      : row.assigneeNodeId !== null
        ? await unitHandlers(tx, row.assigneeNodeId)
        : await dispatchersOf(tx, node.path);
  const zh: string[] = [];
  const en: string[] = [];
  if (changed.response) {
    zh.push(`响应时限改为 ${chinaTime(row.responseDueAt)}`);
    en.push(`respond by ${chinaTime(row.responseDueAt)}`);
  }
  if (changed.resolution) {
    zh.push(`办结时限改为 ${chinaTime(row.resolutionDueAt)}`);
    en.push(`resolve by ${chinaTime(row.resolutionDueAt)}`);
  }
  await noticeTo(
    tx,
    now,
    row,
    recipients,
    {
      kind: 'request.deadline_moved',
      title: `时限已按${year}年节假日安排调整：${row.number}`,
      body: `${zh.join('；')}（${row.title}）`,
      en: {
        title: `Deadline updated for the ${year} holiday schedule: ${row.number}`,
        body: `Now ${en.join(' and ')}, China time (${row.title})`,
      },
      audience: assigned ? 'worker' : 'staff',
      data,
    },
    null,
  );
}
