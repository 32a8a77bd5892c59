import { can, isUnder, type Principal } from '../../../platform/access.js';
import type { ActorContext } from '../../../platform/audit.js';
import type { AppContext } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { dispatchersOf, noticeTo, transferredNotice, transferredToReporterNotice, unitHandlers } from '../core/notify.js';
import { canSee } from '../core/policy.js';
import { requestAfterStep } from '../core/read.js';
import { findNode, findView, settlePendingExtension, updateRequest } from '../core/repo.js';
import { checkPhotos, cleanNote, recordStep, requireNote, runUserStep } from '../core/step.js';
import { checkUnit, PLACE_KINDS } from './targets.js';
import { nextStatus } from './transitions.js';

/**
 * 转办 and 合并.
 *
 * Transfer to a unit (a department or partner unit that may handle requests from here): dispatched to that unit,
 * whose handlers take it. Transfer to another place: the request moves there and waits in that node's inbox
 * (submitted); the place must be an ancestor of the request's node (sending it up to the street or district to
 * route) or lie within the dispatcher's reach. Deadlines keep running: the reporter has waited since intake.
 *
 * Either way the reporter is told where the request went.
 *
 * Merge: a duplicate is closed into another request the dispatcher can also dispatch; its reporter is told.
 * The transfer dialog lists the valid targets from transferTargets (requests/workflow/targets.ts), which follows these rules.
 */

export async function transfer(
  ctx: AppContext,
  p: Principal,
  actor: ActorContext,
  id: number,
  body: { targetNodeId: number; note?: string | null; photoIds?: string[] },
) {
  const note = requireNote(body.note);
  const photoIds = await checkPhotos(ctx.db, p, body.photoIds);
  await runUserStep(ctx, p, id, 'transfer', async (s) => {
    const target = await findNode(s.tx, body.targetNodeId);
    if (!target) throw errors.notFound();
    const withdrawn = await settlePendingExtension(s.tx, id, { status: 'withdrawn', decidedAt: s.now });
    const common = { updatedAt: s.now, assigneeUserId: null, reminderSentAt: null };
    const data = {
      targetNodeId: target.id,
      targetName: target.name,
      fromNodeId: s.row.orgNodeId,
      ...(withdrawn ? { extensionWithdrawn: withdrawn.id } : {}),
    };
    if (target.kind === 'department') {
      await checkUnit(s.tx, p, s.view.nodePath, target.id);
      const after = await updateRequest(s.tx, id, {
        ...common,
        status: nextStatus('transfer', s.row.status, 'dispatched'),
        assigneeNodeId: target.id,
      });
      await recordStep(s.tx, { before: s.row, after, action: 'transfer', actor, now: s.now, note, photoIds, data });
      await noticeTo(s.tx, s.now, after, await unitHandlers(s.tx, target.id), transferredNotice(after, 'worker'), p.userId);
      await noticeTo(s.tx, s.now, after, [after.reporterUserId], transferredToReporterNotice(after, target.name), p.userId);
      return;
    }
    if (!PLACE_KINDS.includes(target.kind)) {
      throw errors.badRequest(
        'transfer_target_invalid',
        '只能转办给部门/共建单位或网格、社区、街道等辖区节点',
        'Transfer to a department or partner unit, or to a grid, community, street or higher',
        {
          kind: target.kind,
        },
      );
    }
    if (target.id === s.row.orgNodeId) {
      throw errors.badRequest('transfer_target_same', '诉求已在该节点', 'The request is already at that node');
    }
    if (!isUnder(s.view.nodePath, target.path) && !can(p, 'requests.dispatch', target.path)) {
      throw errors.badRequest(
        'transfer_target_out_of_reach',
        `不能转办到“${target.name}”：请转交上级，由上级转办`,
        `Cannot transfer to ${target.name}; send it up so the level above can route it`,
        {
          targetNodeId: target.id,
        },
      );
    }
    const after = await updateRequest(s.tx, id, {
      ...common,
      status: nextStatus('transfer', s.row.status, 'submitted'),
      orgNodeId: target.id,
      assigneeNodeId: null,
    });
    await recordStep(s.tx, { before: s.row, after, action: 'transfer', actor, now: s.now, note, photoIds, data });
    await noticeTo(s.tx, s.now, after, await dispatchersOf(s.tx, target.path), transferredNotice(after, 'staff'), p.userId);
    await noticeTo(s.tx, s.now, after, [after.reporterUserId], transferredToReporterNotice(after, target.name), p.userId);
  });
  return requestAfterStep(ctx, p, id);
}

export async function merge(
  ctx: AppContext,
  p: Principal,
  actor: ActorContext,
  id: number,
  body: { intoRequestId: number; note?: string | null; photoIds?: string[] },
) {
  if (body.intoRequestId === id) throw errors.badRequest('merge_into_self', '不能与自身合并', 'A request cannot be merged into itself');
  const photoIds = await checkPhotos(ctx.db, p, body.photoIds);
  await runUserStep(
    ctx,
    p,
    id,
    'merge',
    async (s) => {
      const target = await findView(s.tx, body.intoRequestId);
      if (!target || !canSee(p, { ...target.request, nodePath: target.nodePath, assigneeNodePath: target.unitPath }))
        throw errors.notFound();
      if (!can(p, 'requests.dispatch', target.nodePath)) throw errors.forbidden();
      if (target.request.status === 'merged' || target.request.status === 'rejected') {
        throw errors.conflict(
          'merge_target_invalid',
          `目标诉求 ${target.request.number} 已合并或无效，不能作为合并目标`,
          `Request ${target.request.number} is merged or rejected and cannot take others`,
          {
            intoRequestId: target.request.id,
          },
        );
      }
      const withdrawn = await settlePendingExtension(s.tx, id, { status: 'withdrawn', decidedAt: s.now });
      const note = cleanNote(body.note);
      const after = await updateRequest(s.tx, id, {
        status: nextStatus('merge', s.row.status),
        mergedIntoId: target.request.id,
        assigneeUserId: null,
        assigneeNodeId: null,
        nextEscalationAt: null,
        updatedAt: s.now,
      });
      const data = {
        intoRequestId: target.request.id,
        intoNumber: target.request.number,
        ...(withdrawn ? { extensionWithdrawn: withdrawn.id } : {}),
      };
      await recordStep(s.tx, { before: s.row, after, action: 'merge', actor, now: s.now, note, photoIds, data });
      // The surviving request records what was folded into it; its own state does not change.
      await recordStep(s.tx, {
        before: target.request,
        after: target.request,
        action: 'merged_in',
        actor,
        now: s.now,
        note,
        data: { requestId: id, number: after.number },
      });
      await noticeTo(
        s.tx,
        s.now,
        after,
        [after.reporterUserId],
        {
          kind: 'request.merged',
          title: `您反映的问题已与 ${target.request.number} 合并办理`,
          body: after.title,
          en: { title: `Your request has been merged with ${target.request.number} and will be handled together`, body: after.title },
          audience: 'resident',
          data: { intoRequestId: target.request.id },
        },
        p.userId,
      );
    },
    { alsoLock: body.intoRequestId },
  );
  return requestAfterStep(ctx, p, id);
}
