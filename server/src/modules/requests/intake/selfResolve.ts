import { AppError, errors } from '../../../platform/errors.js';
import type { Principal } from '../../../platform/access.js';
import type { ActorContext } from '../../../platform/audit.js';
import type { AppContext } from '../../../platform/context.js';
import { outboxDispatcherOf } from '../../notifications/notifications.dispatcher.js';
import { buildIntake } from './submission.js';
import { canSelfResolveAt } from '../core/policy.js';
import { requestAfterStep } from '../core/read.js';
import { findView } from '../core/repo.js';
import { insertIntake, type SubmitRequestInput } from './service.js';
import { recordStep, requireNote, withCounters } from '../core/step.js';
import { resolveRow } from '../workflow/steps.js';

/**
 * 自办自结: a grid worker (or anyone who handles requests at the place) fixes a small thing on the spot and files it
 * already resolved, with at least one photo as evidence. It is a patrol report that is taken, handled and resolved
 * by the same person in one transaction; the timeline shows "submit" then "self_resolve". If a resident was
 * helped (a name or phone given), they are asked for the follow-up like anyone else; otherwise it closes at once.
 */
export type SelfResolveInput = Omit<SubmitRequestInput, 'channel' | 'receivedAt' | 'externalRef'> & { note?: string | null };

export async function selfResolveRequest(ctx: AppContext, p: Principal, actor: ActorContext, input: SelfResolveInput) {
  const note = requireNote(input.note);
  if (!input.photoIds?.length) {
    throw errors.badRequest(
      'evidence_photo_required',
      '自办自结须上传至少一张现场照片作为凭证',
      'A self-resolved request needs at least one photo as evidence',
      {
        field: 'photoIds',
      },
    );
  }
  const intake = await buildIntake(ctx, p, { ...input, channel: 'patrol' });
  if (!canSelfResolveAt(p, intake.nodePath)) {
    throw new AppError(
      403,
      'request_location_out_of_scope',
      { zh: '只能在自己负责的网格内自办自结', en: 'You can only self-resolve in the area you handle' },
      {
        nodeId: intake.row.orgNodeId,
      },
    );
  }
  intake.row.assigneeUserId = p.userId;
  intake.row.selfResolved = true;
  const id = await ctx.db.transaction((tx) =>
    withCounters(tx, async () => {
      const row = await insertIntake(tx, intake);
      await recordStep(tx, {
        before: null,
        after: row,
        action: 'submit',
        actor,
        now: intake.now,
        photoIds: row.photoIds,
        data: { channel: row.channel, selfResolved: true },
      });
      const view = (await findView(tx, row.id))!;
      await resolveRow({ tx, row, view, now: intake.now }, actor, 'self_resolve', note, row.photoIds);
      return row.id;
    }),
  );
  outboxDispatcherOf(ctx).kick();
  return requestAfterStep(ctx, p, id);
}
