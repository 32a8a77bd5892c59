import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Tx } from '../../../db/client.js';
import { OPEN_STATUSES, requestEscalations, requests, type RequestStatus } from '../../../db/schema/requests.js';
import { loadWorkCalendar } from '../../../platform/calendar.js';
import type { AppContext } from '../../../platform/context.js';
import { outboxDispatcherOf } from '../../notifications/notifications.dispatcher.js';
import { Deadlines, escalationDueAt } from './compute.js';
import { dispatchersOf, escalationNotices, noticeTo, pathIds, supervisorsAt, unitHandlers } from '../core/notify.js';
import { findNode, lockRequest, nodesByIds, updateRequest, type NodeInfo, type RequestRow } from '../core/repo.js';
import { recordStep, SYSTEM_ACTOR } from '../core/step.js';
import { closeResolved } from '../workflow/steps.js';

/**
 * Background steps, each safe with two server processes running them at once:
 * - reminders (催办): a conditional UPDATE … WHERE reminder_sent_at IS NULL claims each reminder once;
 * - escalations (督办): the row is locked and re-checked, and the escalation row is inserted with
 *   ON CONFLICT DO NOTHING on (request, round, node, kind): only the process whose insert returns a row writes the
 *   timeline event and the notices, so each level is escalated exactly once;
 * - follow-up timeouts: locked, re-checked, closed as "no reply".
 * Each request is handled in its own short transaction; a run handles at most MAX_PER_RUN of each.
 */
export const JOB_NAMES = {
  reminders: 'requests.reminders',
  escalations: 'requests.escalations',
  followUpTimeouts: 'requests.follow_up_timeouts',
} as const;

const BATCH = 200;
const MAX_PER_RUN = 5000;
const OPEN = [...OPEN_STATUSES] as RequestStatus[];

export function registerRequestJobs(ctx: AppContext): void {
  ctx.jobs.register({ name: JOB_NAMES.reminders, intervalMs: 60_000, run: async (now) => void (await runReminders(ctx, now)) });
  ctx.jobs.register({ name: JOB_NAMES.escalations, intervalMs: 60_000, run: async (now) => void (await runEscalations(ctx, now)) });
  ctx.jobs.register({
    name: JOB_NAMES.followUpTimeouts,
    intervalMs: 300_000,
    run: async (now) => void (await runFollowUpTimeouts(ctx, now)),
  });
}

/** Process due ids batch by batch until none are left (ids already handled in this run are skipped). */
async function drain(findDue: (exclude: number[]) => Promise<number[]>, handle: (id: number) => Promise<void>): Promise<number> {
  const seen = new Set<number>();
  for (;;) {
    const ids = (await findDue([...seen])).filter((id) => !seen.has(id));
    if (ids.length === 0 || seen.size >= MAX_PER_RUN) return seen.size;
    for (const id of ids) {
      seen.add(id);
      await handle(id);
    }
  }
}

const notIn = (ids: number[]) => (ids.length ? sql`${requests.id} <> all(${sql.raw(`array[${ids.join(',')}]::bigint[]`)})` : sql`true`);

export async function runReminders(ctx: AppContext, now: Date): Promise<number> {
  const n = await drain(
    async (exclude) =>
      (
        await ctx.db
          .select({ id: requests.id })
          .from(requests)
          .where(and(inArray(requests.status, OPEN), isNull(requests.reminderSentAt), lte(requests.reminderAt, now), notIn(exclude)))
          .orderBy(asc(requests.reminderAt))
          .limit(BATCH)
      ).map((r) => r.id),
    (id) => ctx.db.transaction((tx) => remindOne(tx, id, now)),
  );
  if (n) outboxDispatcherOf(ctx).kick();
  return n;
}

async function remindOne(tx: Tx, id: number, now: Date): Promise<void> {
  // The claim: whichever process flips reminder_sent_at sends the reminder.
  const [row] = await tx
    .update(requests)
    .set({ reminderSentAt: now })
    .where(and(eq(requests.id, id), isNull(requests.reminderSentAt), lte(requests.reminderAt, now), inArray(requests.status, OPEN)))
    .returning();
  if (!row) return;
  await recordStep(tx, {
    before: row,
    after: row,
    action: 'remind',
    actor: SYSTEM_ACTOR,
    now,
    data: { resolutionDueAt: row.resolutionDueAt.toISOString() },
  });
  const node = (await findNode(tx, row.orgNodeId))!;
  const recipients =
    row.assigneeUserId !== null
      ? [row.assigneeUserId]
      : row.assigneeNodeId !== null
        ? await unitHandlers(tx, row.assigneeNodeId)
        : await dispatchersOf(tx, node.path);
  await noticeTo(
    tx,
    now,
    row,
    recipients,
    {
      kind: 'request.reminder',
      title: `催办：${row.number} 即将到期`,
      body: row.title,
      en: { title: `Reminder: ${row.number} is due soon`, body: row.title },
      audience: row.assigneeUserId !== null || row.assigneeNodeId !== null ? 'worker' : 'staff',
    },
    null,
  );
}

/**
 * The levels a request escalates to: its node's ancestors from the nearest up to the county (旗县区) — a city or
 * the region is not asked about a street light. A request filed at a county or above escalates to its parent only.
 */
export function escalationLadder(ancestorsDeepestFirst: NodeInfo[]): NodeInfo[] {
  const ladder: NodeInfo[] = [];
  for (const node of ancestorsDeepestFirst) {
    ladder.push(node);
    if (node.kind === 'county') break;
  }
  return ladder.length && ladder.at(-1)!.kind === 'county' ? ladder : ladder.slice(0, 1);
}

async function ladderOf(tx: Tx, row: RequestRow): Promise<{ node: NodeInfo; ladder: NodeInfo[] }> {
  const node = (await findNode(tx, row.orgNodeId))!;
  const ancestors = await nodesByIds(tx, pathIds(node.path).slice(0, -1));
  return { node, ladder: escalationLadder(ancestors) };
}

export async function runEscalations(ctx: AppContext, now: Date): Promise<number> {
  const responses = await drain(
    async (exclude) =>
      (
        await ctx.db
          .select({ id: requests.id })
          .from(requests)
          .where(
            and(
              isNull(requests.respondedAt),
              isNull(requests.responseEscalatedAt),
              inArray(requests.status, OPEN),
              lte(requests.responseDueAt, now),
              notIn(exclude),
            ),
          )
          .orderBy(asc(requests.responseDueAt))
          .limit(BATCH)
      ).map((r) => r.id),
    (id) => ctx.db.transaction((tx) => escalateResponse(tx, id, now)),
  );
  const resolutions = await drain(
    async (exclude) =>
      (
        await ctx.db
          .select({ id: requests.id })
          .from(requests)
          .where(and(inArray(requests.status, OPEN), lte(requests.nextEscalationAt, now), notIn(exclude)))
          .orderBy(asc(requests.nextEscalationAt))
          .limit(BATCH)
      ).map((r) => r.id),
    (id) => escalateResolutionFully(ctx, id, now),
  );
  if (responses + resolutions) outboxDispatcherOf(ctx).kick();
  return responses + resolutions;
}

/** Insert the escalation row; true only for the one process whose insert went in. */
async function claimEscalation(
  tx: Tx,
  row: RequestRow,
  node: NodeInfo,
  kind: 'response' | 'resolution',
  level: number,
  now: Date,
): Promise<boolean> {
  const inserted = await tx
    .insert(requestEscalations)
    .values({ requestId: row.id, round: row.reopenCount, orgNodeId: node.id, kind, level, at: now })
    .onConflictDoNothing()
    .returning({ id: requestEscalations.id });
  return inserted.length === 1;
}

async function announceEscalation(
  tx: Tx,
  before: RequestRow,
  after: RequestRow,
  target: NodeInfo,
  kind: 'response' | 'resolution',
  level: number,
  now: Date,
): Promise<void> {
  const data = { kind, level, nodeId: target.id, nodeName: target.name };
  await recordStep(tx, { before, after, action: 'escalate', actor: SYSTEM_ACTOR, now, data });
  const notices = escalationNotices(after, kind, target, data);
  await noticeTo(tx, now, after, await supervisorsAt(tx, target.id), notices.supervisors, null);
  await noticeTo(tx, now, after, [after.assigneeUserId], notices.handler, null);
}

async function escalateResponse(tx: Tx, id: number, now: Date): Promise<void> {
  const row = await lockRequest(tx, id);
  if (!row || row.respondedAt || row.responseEscalatedAt || !OPEN.includes(row.status) || row.responseDueAt > now) return;
  const { ladder } = await ladderOf(tx, row);
  const target = ladder[0];
  if (!target || !(await claimEscalation(tx, row, target, 'response', 1, now))) {
    await updateRequest(tx, id, { responseEscalatedAt: row.responseEscalatedAt ?? now });
    return;
  }
  const after = await updateRequest(tx, id, { responseEscalatedAt: now, escalatedAt: row.escalatedAt ?? now, updatedAt: now });
  await announceEscalation(tx, row, after, target, 'response', 1, now);
}

/** Escalate one level; catching up (a server that was down) goes on up the levels already due. */
async function escalateResolutionFully(ctx: AppContext, id: number, now: Date): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const again = await ctx.db.transaction((tx) => escalateResolution(tx, id, now));
    if (!again) return;
  }
}

/** One level; true when the next level is already due as well. */
async function escalateResolution(tx: Tx, id: number, now: Date): Promise<boolean> {
  const row = await lockRequest(tx, id);
  if (!row || !OPEN.includes(row.status) || !row.nextEscalationAt || row.nextEscalationAt > now) return false;
  const { node, ladder } = await ladderOf(tx, row);
  const level = row.escalationLevel + 1;
  const target = ladder[level - 1];
  if (!target) {
    await updateRequest(tx, id, { nextEscalationAt: null });
    return false;
  }
  const claimed = await claimEscalation(tx, row, target, 'resolution', level, now);
  const deadlines = new Deadlines(await loadWorkCalendar(tx, node.id));
  const next = ladder[level] ? escalationDueAt(deadlines, row.resolutionDueAt, level + 1, row.limitClock).at : null;
  const after = await updateRequest(tx, id, {
    escalationLevel: level,
    nextEscalationAt: next,
    escalatedAt: row.escalatedAt ?? now,
    updatedAt: now,
  });
  if (claimed) await announceEscalation(tx, row, after, target, 'resolution', level, now);
  return next !== null && next <= now;
}

export async function runFollowUpTimeouts(ctx: AppContext, now: Date): Promise<number> {
  return drain(
    async (exclude) =>
      (
        await ctx.db
          .select({ id: requests.id })
          .from(requests)
          .where(and(eq(requests.status, 'resolved'), lte(requests.followUpDueAt, now), notIn(exclude)))
          .orderBy(asc(requests.followUpDueAt))
          .limit(BATCH)
      ).map((r) => r.id),
    (id) =>
      ctx.db.transaction(async (tx) => {
        const row = await lockRequest(tx, id);
        if (!row || row.status !== 'resolved' || !row.followUpDueAt || row.followUpDueAt > now) return;
        await closeResolved({ tx, row, now }, SYSTEM_ACTOR, 'no_reply');
      }),
  );
}
