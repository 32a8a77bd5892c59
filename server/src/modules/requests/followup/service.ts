import type { Satisfaction } from '../../../db/schema/requests.js';
import type { Principal } from '../../../platform/access.js';
import type { ActorContext } from '../../../platform/audit.js';
import type { AppContext } from '../../../platform/context.js';
import type { Counts } from '../core/counters.js';
import { deadlinesFromNow } from '../core/limits.js';
import { dispatchersOf, noticeTo } from '../core/notify.js';
import { requestAfterStep } from '../core/read.js';
import { updateRequest } from '../core/repo.js';
import { checkPhotos, cleanNote, recordStep, runUserStep } from '../core/step.js';
import { nextStatus } from '../workflow/transitions.js';

/**
 * 回访: after resolution the reporter answers in the resident pages, or staff record what the reporter said on
 * the phone. Solved and (basically) satisfied closes the request; not solved or unsatisfied reopens it — back to
 * the dispatcher's inbox with a fresh resolution limit and a new escalation round. Every answer is counted
 * (docs/requests-rates.md), so an unsatisfied answer stays in the rates even after the request is reopened.
 * No answer within the window closes it as "no reply" (requests/deadlines/jobs.ts).
 */
export interface FollowUpInput {
  solved: boolean;
  satisfaction: Satisfaction;
  comment?: string | null;
  /** The resident may show that it is still broken. */
  photoIds?: string[];
}

function answerCounts(input: FollowUpInput): Partial<Counts> {
  const counts: Partial<Counts> = { followedUp: 1 };
  if (input.solved) counts.solved = 1;
  if (input.satisfaction === 'satisfied') counts.satisfied = 1;
  else if (input.satisfaction === 'basically_satisfied') counts.basicallySatisfied = 1;
  else counts.unsatisfied = 1;
  return counts;
}

export function reopens(input: FollowUpInput): boolean {
  return !input.solved || input.satisfaction === 'unsatisfied';
}

export async function followUp(ctx: AppContext, p: Principal, actor: ActorContext, id: number, input: FollowUpInput) {
  const comment = cleanNote(input.comment);
  const photoIds = await checkPhotos(ctx.db, p, input.photoIds);
  await runUserStep(ctx, p, id, 'follow_up', async (s) => {
    const byReporter = s.row.reporterUserId === p.userId;
    const answer = {
      followUpAt: s.now,
      followUpSolved: input.solved,
      satisfaction: input.satisfaction,
      followUpComment: comment,
      followUpDueAt: null,
    };
    const data = { solved: input.solved, satisfaction: input.satisfaction, by: byReporter ? 'reporter' : 'staff' };
    if (!reopens(input)) {
      const closed = await updateRequest(s.tx, id, {
        ...answer,
        status: nextStatus('follow_up', s.row.status, 'closed'),
        closedAt: s.now,
        closeReason: 'followed_up',
        updatedAt: s.now,
      });
      await recordStep(s.tx, {
        before: s.row,
        after: closed,
        action: 'follow_up',
        actor,
        now: s.now,
        note: comment,
        photoIds,
        data,
        answerCounts: answerCounts(input),
      });
      await noticeTo(
        s.tx,
        s.now,
        closed,
        [closed.assigneeUserId],
        {
          kind: 'request.closed',
          title: `诉求已回访结案：${closed.number}`,
          en: { title: `Request closed after follow-up: ${closed.number}` },
          audience: 'worker',
          data,
        },
        p.userId,
      );
      return;
    }
    const answered = await updateRequest(s.tx, id, { ...answer, updatedAt: s.now });
    await recordStep(s.tx, {
      before: s.row,
      after: answered,
      action: 'follow_up',
      actor,
      now: s.now,
      note: comment,
      photoIds,
      data,
      answerCounts: answerCounts(input),
    });
    const fresh = await deadlinesFromNow(s.tx, answered, s.view.nodePath, s.now);
    const reopened = await updateRequest(s.tx, id, {
      ...fresh,
      status: nextStatus('follow_up', s.row.status, 'accepted'),
      resolvedAt: null,
      assigneeUserId: null,
      assigneeNodeId: null,
      reopenCount: s.row.reopenCount + 1,
      updatedAt: s.now,
    });
    await recordStep(s.tx, {
      before: answered,
      after: reopened,
      action: 'reopen',
      actor,
      now: s.now,
      data: { previousUserId: s.row.assigneeUserId, previousUnitId: s.row.assigneeNodeId, round: reopened.reopenCount },
      answerCounts: { reopened: 1 },
    });
    const notice = {
      kind: 'request.reopened',
      title: `诉求回访不满意，已重办：${reopened.number}`,
      body: comment ?? reopened.title,
      en: { title: `Unsatisfactory follow-up; request reopened: ${reopened.number}`, body: comment ?? reopened.title },
      audience: 'staff' as const,
    };
    await noticeTo(s.tx, s.now, reopened, [...(await dispatchersOf(s.tx, s.view.nodePath)), s.row.assigneeUserId], notice, p.userId);
  });
  return requestAfterStep(ctx, p, id);
}
