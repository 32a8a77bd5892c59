import type { DbOrTx, Tx } from '../../../db/client.js';
import type { Principal } from '../../../platform/access.js';
import { attachFiles, checkAttachable } from '../../../platform/attachments.js';
import { recordAudit, type ActorContext } from '../../../platform/audit.js';
import type { AppContext } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { outboxDispatcherOf } from '../../notifications/notifications.dispatcher.js';
import { pgErrorCode } from '../../org/org.service.js';
import { applyCounterDelta, CounterDelta, type Counts } from './counters.js';
import { authorize } from './policy.js';
import { policyView } from './present.js';
import { findView, insertEvent, lockRequest, type RequestRow, type RequestView } from './repo.js';
import type { EventAction, UserAction } from '../workflow/transitions.js';

/**
 * What every workflow step shares: one transaction holding the request row, the timeline event, the audit row,
 * the counter deltas and the notifications; delivery after commit.
 */
export const SYSTEM_ACTOR: ActorContext = { userId: null, ip: null, userAgent: null };

export const MAX_PHOTOS = 9;

export interface StepRecord {
  before: RequestRow | null;
  after: RequestRow;
  action: EventAction;
  actor: ActorContext;
  now: Date;
  note?: string | null;
  photoIds?: string[];
  data?: Record<string, unknown>;
  /** Follow-up answers, timeouts and reopenings: counted at the request's node in the month they happen. */
  answerCounts?: Partial<Counts>;
}

/** Timeline event + audit row + counters, in the step's transaction. */
export async function recordStep(tx: Tx, s: StepRecord): Promise<void> {
  // The photos now belong to the request: whoever may see it may see them, and nobody else.
  if (s.photoIds?.length) await attachFiles(tx, s.photoIds, { type: 'request', id: s.after.id, orgNodeId: s.after.orgNodeId });
  await insertEvent(tx, {
    requestId: s.after.id,
    at: s.now,
    actorUserId: s.actor.userId,
    action: s.action,
    fromStatus: s.before?.status ?? null,
    toStatus: s.after.status,
    note: s.note ?? null,
    photoIds: s.photoIds ?? [],
    data: s.data ?? null,
  });
  await recordAudit(tx, s.actor, s.now, {
    action: `request.${s.action}`,
    objectType: 'request',
    objectId: s.after.id,
    orgNodeId: s.after.orgNodeId,
    details: { number: s.after.number, from: s.before?.status ?? null, to: s.after.status, ...(s.data ?? {}) },
  });
  const pending = collecting.get(tx);
  const delta = (pending ?? new CounterDelta()).change(s.before, s.after);
  if (s.answerCounts) delta.event(s.after.orgNodeId, s.now, s.answerCounts);
  if (!pending) await applyCounterDelta(tx, delta);
}

/** Counter deltas gathered per transaction, written once at its end (one sorted upsert, so no lock-order cycles). */
const collecting = new WeakMap<Tx, CounterDelta>();

/** Run `fn` with the counters of every recordStep in it written in one statement at the end. */
export async function withCounters<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  const delta = new CounterDelta();
  collecting.set(tx, delta);
  try {
    const out = await fn();
    await applyCounterDelta(tx, delta);
    return out;
  } finally {
    collecting.delete(tx);
  }
}

/** PostgreSQL deadlock / serialization failures: the transaction rolled back whole and may simply run again. */
function isRetryable(err: unknown): boolean {
  const code = pgErrorCode(err);
  return code === '40P01' || code === '40001';
}

export interface StepScope {
  tx: Tx;
  row: RequestRow;
  view: RequestView;
  now: Date;
}

/**
 * Run a person's step on a request: lock the row (and `alsoLock`, a second request the step touches, in id order),
 * check sight (404), state (409) and role (403) against the locked state, let `apply` change it, commit, then
 * deliver the notifications it wrote. A deadlock victim is run again from the start (twice at most).
 */
export async function runUserStep<T>(
  ctx: AppContext,
  principal: Principal,
  id: number,
  action: UserAction,
  apply: (scope: StepScope) => Promise<T>,
  opts: { alsoLock?: number } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await ctx.db.transaction(async (tx) => {
        const order = [...new Set([id, opts.alsoLock ?? id])].sort((a, b) => a - b);
        const locked = new Map<number, RequestRow | undefined>();
        for (const lockId of order) locked.set(lockId, await lockRequest(tx, lockId));
        const row = locked.get(id);
        if (!row) throw errors.notFound();
        const view = (await findView(tx, id))!;
        authorize(action, principal, policyView(view));
        return withCounters(tx, () => apply({ tx, row, view, now: ctx.clock.now() }));
      });
      outboxDispatcherOf(ctx).kick();
      return result;
    } catch (err) {
      if (attempt >= 3 || !isRetryable(err)) throw err;
    }
  }
}

/**
 * Photos named by file id: at most nine, each the caller's own upload not yet used elsewhere (platform/attachments).
 * A system submitter (import) may use files filed under its own node.
 */
export async function checkPhotos(
  db: DbOrTx,
  by: Principal | { systemPath: string },
  ids: readonly string[] | undefined,
): Promise<string[]> {
  const unique = [...new Set(ids ?? [])];
  if (unique.length > MAX_PHOTOS) {
    throw errors.badRequest('too_many_photos', `最多上传 ${MAX_PHOTOS} 张照片`, `At most ${MAX_PHOTOS} photos`, { max: MAX_PHOTOS });
  }
  return checkAttachable(db, 'systemPath' in by ? by : { userId: by.userId }, unique);
}

/** A note from the client: trimmed, empty as null. */
export function cleanNote(note: string | null | undefined): string | null {
  const t = note?.trim();
  return t ? t : null;
}

export function requireNote(note: string | null | undefined, field = 'note'): string {
  const t = cleanNote(note);
  if (!t) throw errors.badRequest('reason_required', '请填写原因或说明', 'Please give a reason or a note', { field });
  return t;
}
