import type { Tx } from '../../../db/client.js';
import type { RequestPriority } from '../../../db/schema/requests.js';
import { isUnder, type Principal } from '../../../platform/access.js';
import type { ActorContext } from '../../../platform/audit.js';
import { loadWorkCalendar } from '../../../platform/calendar.js';
import type { AppContext } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { roleHas } from '../../../platform/roles.js';
import { Deadlines } from '../deadlines/compute.js';
import { reclassify } from '../core/limits.js';
import { dispatchedNotice, dispatchersOf, noticeTo, takenNotice, unitHandlers, type Handler } from '../core/notify.js';
import { requestAfterStep } from '../core/read.js';
import { settlePendingExtension, updateRequest, type RequestPatch, type RequestRow } from '../core/repo.js';
import { checkPhotos, cleanNote, recordStep, requireNote, runUserStep, SYSTEM_ACTOR, type StepScope } from '../core/step.js';
import { checkAssignee, checkUnit, type DispatchTarget } from './targets.js';
import { nextStatus } from './transitions.js';

/**
 * The dispatcher's and the handler's steps: accept, dispatch, take, record progress, resolve, return, reject.
 * (Transfer and merge: requests/workflow/transfer.ts; follow-up: requests/followup/service.ts; extensions: requests/workflow/extensions.ts.)
 * Each runs in one transaction through runUserStep and answers with the request as the caller now sees it.
 */

/** Working days the reporter has to answer the follow-up before the request closes as "no reply". */
export const FOLLOW_UP_WORKING_DAYS = 3;

interface NoteInput {
  note?: string | null;
  photoIds?: string[];
}

interface ReasonInput {
  reason?: string | null;
  photoIds?: string[];
}

interface ClassifyInput extends NoteInput {
  categoryId?: number | null;
  priority?: RequestPriority;
}

/** The first step anyone takes for the reporter counts as the response (响应). */
function responded(row: RequestRow, now: Date): RequestPatch {
  return row.respondedAt ? {} : { respondedAt: now };
}

/** A pending extension lapses when the handler changes or the work ends. */
async function withdrawExtension(tx: Tx, row: RequestRow, now: Date): Promise<Record<string, unknown>> {
  const withdrawn = await settlePendingExtension(tx, row.id, { status: 'withdrawn', decidedAt: now });
  return withdrawn ? { extensionWithdrawn: withdrawn.id } : {};
}

async function step(
  s: StepScope,
  actor: ActorContext,
  action: Parameters<typeof recordStep>[1]['action'],
  patch: RequestPatch,
  extra: { note?: string | null; photoIds?: string[]; data?: Record<string, unknown> } = {},
): Promise<RequestRow> {
  const after = await updateRequest(s.tx, s.row.id, { ...patch, updatedAt: s.now });
  await recordStep(s.tx, { before: s.row, after, action, actor, now: s.now, ...extra });
  return after;
}

export async function accept(ctx: AppContext, p: Principal, actor: ActorContext, id: number, body: ClassifyInput) {
  const photoIds = await checkPhotos(ctx.db, p, body.photoIds);
  await runUserStep(ctx, p, id, 'accept', async (s) => {
    const patch = await reclassify(s.tx, s.row, s.view.nodePath, body);
    const status = nextStatus('accept', s.row.status);
    const after = await step(
      s,
      actor,
      'accept',
      { ...patch, ...responded(s.row, s.now), status },
      { note: cleanNote(body.note), photoIds, data: classifyData(patch) },
    );
    await noticeTo(
      s.tx,
      s.now,
      after,
      [after.reporterUserId],
      {
        kind: 'request.accepted',
        title: `您的诉求已受理：${after.title}`,
        en: { title: `Your request has been accepted: ${after.title}` },
        audience: 'resident',
      },
      p.userId,
    );
  });
  return requestAfterStep(ctx, p, id);
}

function classifyData(patch: RequestPatch): Record<string, unknown> {
  return 'categoryId' in patch ? { categoryId: patch.categoryId, priority: patch.priority } : {};
}

export interface DispatchInput extends ClassifyInput {
  assigneeUserId?: number | null;
  unitNodeId?: number | null;
}

export async function dispatch(ctx: AppContext, p: Principal, actor: ActorContext, id: number, body: DispatchInput) {
  if ((body.assigneeUserId == null) === (body.unitNodeId == null)) {
    throw errors.badRequest(
      'dispatch_target_required',
      '请选择一位办理人或一个办理单位（二选一）',
      'Choose either a person or a unit to dispatch to',
      {
        fields: ['assigneeUserId', 'unitNodeId'],
      },
    );
  }
  const photoIds = await checkPhotos(ctx.db, p, body.photoIds);
  await runUserStep(ctx, p, id, 'dispatch', async (s) => {
    const target: DispatchTarget =
      body.assigneeUserId != null
        ? await checkAssignee(s.tx, p, s.view.nodePath, body.assigneeUserId)
        : await unitTarget(s, p, body.unitNodeId!);
    const patch = await reclassify(s.tx, s.row, s.view.nodePath, body);
    const withdrawn = await withdrawExtension(s.tx, s.row, s.now);
    const after = await step(
      s,
      actor,
      'dispatch',
      {
        ...patch,
        ...responded(s.row, s.now),
        status: nextStatus('dispatch', s.row.status),
        assigneeUserId: target.userId,
        assigneeNodeId: target.unitNodeId,
      },
      {
        note: cleanNote(body.note),
        photoIds,
        data: { assigneeUserId: target.userId, unitNodeId: target.unitNodeId, ...classifyData(patch), ...withdrawn },
      },
    );
    const recipients = target.userId !== null ? [target.userId] : await unitHandlers(s.tx, target.unitNodeId!);
    const notice = {
      kind: 'request.dispatched',
      title: `新派单 ${after.number}`,
      body: after.title,
      en: { title: `New request dispatched to you: ${after.number}`, body: after.title },
      audience: 'worker' as const,
    };
    await noticeTo(s.tx, s.now, after, recipients, notice, p.userId);
    await noticeTo(s.tx, s.now, after, [after.reporterUserId], dispatchedNotice(after, target), p.userId);
    if (s.row.assigneeUserId !== null && s.row.assigneeUserId !== target.userId) {
      await noticeTo(
        s.tx,
        s.now,
        after,
        [s.row.assigneeUserId],
        {
          kind: 'request.reassigned',
          title: `已改派他人：${after.number}`,
          en: { title: `Reassigned to someone else: ${after.number}` },
          audience: 'worker',
        },
        p.userId,
      );
    }
  });
  return requestAfterStep(ctx, p, id);
}

async function unitTarget(s: StepScope, p: Principal, unitNodeId: number): Promise<DispatchTarget> {
  const unit = await checkUnit(s.tx, p, s.view.nodePath, unitNodeId);
  return { userId: null, name: null, role: null, unitNodeId: unit.id, unitName: unit.name };
}

/** The one taking the request, as the reporter is told: as a member of the assigned unit, or by their role here. */
function takerOf(p: Principal, s: StepScope): Handler {
  if (s.view.unitName !== null) return { name: p.displayName, role: null, unitName: s.view.unitName };
  const local = p.roles.find((r) => roleHas(r.role, 'requests.handle') && isUnder(s.view.nodePath, r.path));
  return { name: p.displayName, role: local?.role ?? null, unitName: null };
}

export async function take(ctx: AppContext, p: Principal, actor: ActorContext, id: number, body: NoteInput) {
  const photoIds = await checkPhotos(ctx.db, p, body.photoIds);
  await runUserStep(ctx, p, id, 'take', async (s) => {
    const after = await step(
      s,
      actor,
      'take',
      { ...responded(s.row, s.now), status: nextStatus('take', s.row.status), assigneeUserId: p.userId },
      { note: cleanNote(body.note), photoIds },
    );
    await noticeTo(s.tx, s.now, after, [after.reporterUserId], takenNotice(after, takerOf(p, s)), p.userId);
  });
  return requestAfterStep(ctx, p, id);
}

export async function progress(ctx: AppContext, p: Principal, actor: ActorContext, id: number, body: NoteInput) {
  const note = requireNote(body.note);
  const photoIds = await checkPhotos(ctx.db, p, body.photoIds);
  await runUserStep(ctx, p, id, 'progress', async (s) => {
    const after = await step(s, actor, 'progress', responded(s.row, s.now), { note, photoIds });
    await noticeTo(
      s.tx,
      s.now,
      after,
      [after.reporterUserId],
      {
        kind: 'request.progress',
        title: `诉求办理进展：${after.title}`,
        body: note,
        en: { title: `Progress on your request: ${after.title}`, body: note },
        audience: 'resident',
      },
      p.userId,
    );
  });
  return requestAfterStep(ctx, p, id);
}

/** Resolved, with the follow-up window; with nobody to ask (a patrol find), closed at once. */
export async function resolveRow(
  s: StepScope,
  actor: ActorContext,
  action: 'resolve' | 'self_resolve',
  note: string,
  photoIds: string[],
): Promise<RequestRow> {
  const calendar = new Deadlines(await loadWorkCalendar(s.tx, s.row.orgNodeId));
  const followUpDue = calendar.add(s.now, { amount: FOLLOW_UP_WORKING_DAYS, unit: 'working_days' }).at;
  const withdrawn = await withdrawExtension(s.tx, s.row, s.now);
  const resolved = await step(
    s,
    actor,
    action,
    { ...responded(s.row, s.now), status: 'resolved', resolvedAt: s.now, followUpDueAt: followUpDue, nextEscalationAt: null },
    { note, photoIds, data: withdrawn },
  );
  if (resolved.reporterUserId === null && resolved.reporterPhone === null) {
    return closeResolved({ ...s, row: resolved }, SYSTEM_ACTOR, 'no_reporter');
  }
  await noticeTo(
    s.tx,
    s.now,
    resolved,
    [resolved.reporterUserId],
    {
      kind: 'request.resolved',
      title: `您的诉求已办结，请评价：${resolved.title}`,
      body: note,
      en: { title: `Your request has been resolved; please rate it: ${resolved.title}`, body: note },
      audience: 'resident',
    },
    actor.userId,
  );
  return resolved;
}

/** resolved → closed without an answer: nobody to ask, or no reply within the window. */
export async function closeResolved(
  s: Pick<StepScope, 'tx' | 'row' | 'now'>,
  actor: ActorContext,
  reason: 'no_reporter' | 'no_reply',
): Promise<RequestRow> {
  const after = await updateRequest(s.tx, s.row.id, {
    status: nextStatus('close', s.row.status),
    closedAt: s.now,
    closeReason: reason,
    followUpDueAt: null,
    updatedAt: s.now,
  });
  await recordStep(s.tx, {
    before: s.row,
    after,
    action: 'close',
    actor,
    now: s.now,
    data: { reason },
    ...(reason === 'no_reply' ? { answerCounts: { noReply: 1 } } : {}),
  });
  return after;
}

export async function resolve(ctx: AppContext, p: Principal, actor: ActorContext, id: number, body: NoteInput) {
  const note = requireNote(body.note);
  const photoIds = await checkPhotos(ctx.db, p, body.photoIds);
  await runUserStep(ctx, p, id, 'resolve', (s) => resolveRow(s, actor, 'resolve', note, photoIds));
  return requestAfterStep(ctx, p, id);
}

export async function returnToDispatcher(ctx: AppContext, p: Principal, actor: ActorContext, id: number, body: ReasonInput) {
  const reason = requireNote(body.reason, 'reason');
  const photoIds = await checkPhotos(ctx.db, p, body.photoIds);
  await runUserStep(ctx, p, id, 'return', async (s) => {
    const withdrawn = await withdrawExtension(s.tx, s.row, s.now);
    const after = await step(
      s,
      actor,
      'return',
      { status: nextStatus('return', s.row.status), assigneeUserId: null, assigneeNodeId: null, returnCount: s.row.returnCount + 1 },
      { note: reason, photoIds, data: { fromUserId: s.row.assigneeUserId, fromUnitId: s.row.assigneeNodeId, ...withdrawn } },
    );
    await noticeTo(
      s.tx,
      s.now,
      after,
      await dispatchersOf(s.tx, s.view.nodePath),
      {
        kind: 'request.returned',
        title: `诉求被回退：${after.number}`,
        body: reason,
        en: { title: `Request returned: ${after.number}`, body: reason },
        audience: 'staff',
      },
      p.userId,
    );
  });
  return requestAfterStep(ctx, p, id);
}

export async function reject(ctx: AppContext, p: Principal, actor: ActorContext, id: number, body: ReasonInput) {
  const reason = requireNote(body.reason, 'reason');
  const photoIds = await checkPhotos(ctx.db, p, body.photoIds);
  await runUserStep(ctx, p, id, 'reject', async (s) => {
    const after = await step(
      s,
      actor,
      'reject',
      { ...responded(s.row, s.now), status: nextStatus('reject', s.row.status), nextEscalationAt: null },
      { note: reason, photoIds },
    );
    await noticeTo(
      s.tx,
      s.now,
      after,
      [after.reporterUserId],
      {
        kind: 'request.rejected',
        title: `您的诉求未予受理：${after.title}`,
        body: reason,
        en: { title: `Your request was not accepted: ${after.title}`, body: reason },
        audience: 'resident',
      },
      p.userId,
    );
  });
  return requestAfterStep(ctx, p, id);
}
