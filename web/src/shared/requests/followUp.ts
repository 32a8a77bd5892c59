import type { FollowUpInput, Satisfaction } from '../api/requestsApi';

/** The follow-up 回访 form as the pages hold it, before the answers are complete. */
export interface FollowUpForm {
  solved: boolean | null;
  satisfaction: Satisfaction | null;
  comment: string;
}

export const COMMENT_MAX = 500;
/** A reopened request goes back to the handler; two characters at least, so they learn what is still wrong. */
export const COMMENT_MIN_WHEN_UNHAPPY = 2;

export type FollowUpField = 'solved' | 'satisfaction' | 'comment';

export type FollowUpCheck =
  | { ok: true; body: FollowUpInput; reopens: boolean }
  | { ok: false; errors: Partial<Record<FollowUpField, string>> };

export function emptyFollowUp(): FollowUpForm {
  return { solved: null, satisfaction: null, comment: '' };
}

/** Whether this answer sends the request back for another round (the server's rule: not solved or unsatisfied). */
export function reopensRequest(form: Pick<FollowUpForm, 'solved' | 'satisfaction'>): boolean {
  return form.solved === false || form.satisfaction === 'unsatisfied';
}

/**
 * Check the form and build the request body. Errors are message keys. A comment is required when the answer
 * reopens the request, because the handler needs to know what to do differently.
 */
export function validateFollowUp(form: FollowUpForm): FollowUpCheck {
  const errors: Partial<Record<FollowUpField, string>> = {};
  if (form.solved === null) errors.solved = 'requests.followUp.solvedRequired';
  if (form.satisfaction === null) errors.satisfaction = 'requests.followUp.satisfactionRequired';
  const comment = form.comment.trim();
  if (comment.length > COMMENT_MAX) errors.comment = 'requests.followUp.commentTooLong';
  else if (reopensRequest(form) && comment.length < COMMENT_MIN_WHEN_UNHAPPY) errors.comment = 'requests.followUp.commentRequired';
  if (Object.keys(errors).length > 0 || form.solved === null || form.satisfaction === null) return { ok: false, errors };
  return {
    ok: true,
    body: { solved: form.solved, satisfaction: form.satisfaction, comment: comment || null },
    reopens: reopensRequest(form),
  };
}
