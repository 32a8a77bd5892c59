import type { Principal } from '../../../platform/access.js';
import type { ActorContext } from '../../../platform/audit.js';
import { loadWorkCalendar } from '../../../platform/calendar.js';
import type { AppContext } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { pgErrorCode } from '../../org/org.service.js';
import { Deadlines, escalationDueAt, reminderFor } from '../deadlines/compute.js';
import { noticeTo, supervisorsFrom } from '../core/notify.js';
import { extensionApproverPath } from '../core/policy.js';
import { policyView } from '../core/present.js';
import { requestAfterStep } from '../core/read.js';
import { insertExtension, settlePendingExtension, updateExtension, updateRequest } from '../core/repo.js';
import { checkPhotos, cleanNote, recordStep, requireNote, runUserStep } from '../core/step.js';

/**
 * 延期: the handler asks for more working days with a reason; the node above the handler decides (see
 * extensionApproverPath). Approval moves the resolution deadline by that many working days from the current one,
 * re-arms the reminder, and pushes the next escalation back accordingly. One pending request at a time (a unique
 * index), and a pending request lapses when the handler changes or the work ends.
 */
export async function requestExtension(
  ctx: AppContext,
  p: Principal,
  actor: ActorContext,
  id: number,
  body: { extraWorkingDays: number; reason?: string | null; photoIds?: string[] },
) {
  const reason = requireNote(body.reason, 'reason');
  const photoIds = await checkPhotos(ctx.db, p, body.photoIds);
  if (!Number.isInteger(body.extraWorkingDays) || body.extraWorkingDays < 1 || body.extraWorkingDays > 60) {
    throw errors.badRequest('extension_days_invalid', '延期天数应为 1 到 60 个工作日', 'An extension is 1 to 60 working days', {
      field: 'extraWorkingDays',
    });
  }
  await runUserStep(ctx, p, id, 'request_extension', async (s) => {
    const ext = await insertExtension(s.tx, {
      requestId: id,
      requestedBy: p.userId,
      requestedAt: s.now,
      reason,
      extraWorkingDays: body.extraWorkingDays,
    }).catch((err: unknown) => {
      if (pgErrorCode(err) === '23505')
        throw errors.conflict('extension_pending', '已有待审批的延期申请', 'An extension request is already waiting for a decision');
      throw err;
    });
    const after = await updateRequest(s.tx, id, { updatedAt: s.now });
    await recordStep(s.tx, {
      before: s.row,
      after,
      action: 'extension_request',
      actor,
      now: s.now,
      note: reason,
      photoIds,
      data: { extensionId: ext.id, extraWorkingDays: ext.extraWorkingDays },
    });
    const approverPath = extensionApproverPath(policyView(s.view));
    const approvers = approverPath ? await supervisorsFrom(s.tx, approverPath) : [];
    await noticeTo(
      s.tx,
      s.now,
      after,
      approvers,
      {
        kind: 'request.extension_requested',
        title: `延期申请待审批：${after.number}`,
        body: reason,
        en: { title: `Extension request awaiting approval: ${after.number}`, body: reason },
        audience: 'staff',
      },
      p.userId,
    );
  });
  return requestAfterStep(ctx, p, id);
}

export async function decideExtension(
  ctx: AppContext,
  p: Principal,
  actor: ActorContext,
  id: number,
  approve: boolean,
  body: { note?: string | null },
) {
  const note = cleanNote(body.note);
  if (!approve && !note)
    throw errors.badRequest('reason_required', '驳回延期申请时请说明原因', 'Give a reason when denying an extension', { field: 'note' });
  await runUserStep(ctx, p, id, 'decide_extension', async (s) => {
    const due = s.row.resolutionDueAt;
    const decided = await settlePendingExtension(s.tx, id, {
      status: approve ? 'approved' : 'denied',
      decidedBy: p.userId,
      decidedAt: s.now,
      decisionNote: note,
    });
    if (!decided)
      throw errors.conflict('no_pending_extension', '没有待审批的延期申请', 'There is no extension request waiting for a decision');
    let patch = {};
    let newDue: Date | null = null;
    if (approve) {
      const deadlines = new Deadlines(await loadWorkCalendar(s.tx, s.row.orgNodeId));
      const moved = deadlines.add(due, { amount: decided.extraWorkingDays, unit: 'working_days' });
      newDue = moved.at;
      patch = {
        resolutionDueAt: newDue,
        reminderAt: reminderFor(deadlines, s.now, newDue, 'working_days'),
        reminderSentAt: null,
        nextEscalationAt: escalationDueAt(deadlines, newDue, s.row.escalationLevel + 1, s.row.limitClock).at,
        deadlineEstimated: s.row.deadlineEstimated || moved.estimated,
      };
      await updateExtension(s.tx, decided.id, { previousDueAt: due, newDueAt: newDue });
    }
    const after = await updateRequest(s.tx, id, { ...patch, updatedAt: s.now });
    await recordStep(s.tx, {
      before: s.row,
      after,
      action: approve ? 'extension_approve' : 'extension_deny',
      actor,
      now: s.now,
      note,
      data: {
        extensionId: decided.id,
        extraWorkingDays: decided.extraWorkingDays,
        ...(newDue ? { previousDueAt: due.toISOString(), newDueAt: newDue.toISOString() } : {}),
      },
    });
    const title = approve ? `延期申请已批准：${after.number}` : `延期申请未批准：${after.number}`;
    const titleEn = approve ? `Extension request approved: ${after.number}` : `Extension request not approved: ${after.number}`;
    await noticeTo(
      s.tx,
      s.now,
      after,
      [decided.requestedBy],
      {
        kind: 'request.extension_decided',
        title,
        body: note ?? '',
        en: { title: titleEn, body: note ?? '' },
        audience: 'worker',
        data: { approved: approve },
      },
      p.userId,
    );
  });
  return requestAfterStep(ctx, p, id);
}
