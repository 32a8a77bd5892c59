import { requestsApi, type RequestAction, type RequestDetail, type RequestPriority } from '../api/requestsApi';

/**
 * The steps whose form is "some text, maybe photos, maybe a number of days": taking, recording progress,
 * resolving, returning, rejecting, accepting and the extension steps. One table says what each asks for, so the
 * phone sheet and the console dialog ask the same questions and send the same bodies.
 */
export type StepKind =
  | 'accept'
  | 'take'
  | 'progress'
  | 'resolve'
  | 'return'
  | 'reject'
  | 'request_extension'
  | 'approve_extension'
  | 'deny_extension';

export interface StepSpec {
  /** The text is sent as `reason` (return, reject, extension) or as `note`. */
  text: 'note' | 'reason';
  textRequired: boolean;
  photos: boolean;
  days: boolean;
  /** Accepting may also set the category and priority. */
  classify: boolean;
  /** The allowed action that offers this step. */
  action: RequestAction;
}

const spec = (action: RequestAction, over: Partial<StepSpec> = {}): StepSpec => ({
  text: 'note',
  textRequired: false,
  photos: false,
  days: false,
  classify: false,
  action,
  ...over,
});

export const STEP_SPECS: Record<StepKind, StepSpec> = {
  accept: spec('accept', { classify: true }),
  take: spec('take'),
  progress: spec('progress', { textRequired: true, photos: true }),
  resolve: spec('resolve', { textRequired: true, photos: true }),
  return: spec('return', { text: 'reason', textRequired: true }),
  reject: spec('reject', { text: 'reason', textRequired: true }),
  request_extension: spec('request_extension', { text: 'reason', textRequired: true, days: true }),
  approve_extension: spec('decide_extension'),
  // The handler is told why; an unexplained refusal only brings the same request back.
  deny_extension: spec('decide_extension', { textRequired: true }),
};

export const TEXT_MAX = 1000;
export const MAX_EXTRA_DAYS = 60;

export interface StepInput {
  text: string;
  photoIds: string[];
  days: number;
  categoryId: number | null;
  priority: RequestPriority | null;
}

export function emptyStepInput(): StepInput {
  return { text: '', photoIds: [], days: 3, categoryId: null, priority: null };
}

/** Message keys of what is missing or wrong; empty when the step may be sent. */
export function validateStep(kind: StepKind, input: StepInput): { text?: string; days?: string } {
  const s = STEP_SPECS[kind];
  const errors: { text?: string; days?: string } = {};
  const text = input.text.trim();
  if (s.textRequired && !text) errors.text = s.text === 'reason' ? 'requests.step.reasonRequired' : 'requests.step.noteRequired';
  else if (text.length > TEXT_MAX) errors.text = 'requests.step.textTooLong';
  if (s.days && (!Number.isInteger(input.days) || input.days < 1 || input.days > MAX_EXTRA_DAYS)) errors.days = 'requests.step.daysRange';
  return errors;
}

/**
 * The errors still shown while the user corrects the form: a message goes as soon as its field is right (typing
 * the note clears "请填写说明"), and no new one appears before the next submit.
 */
export function errorsWhileEditing(kind: StepKind, input: StepInput, shown: { text?: string; days?: string }): { text?: string; days?: string } {
  const now = validateStep(kind, input);
  const left: { text?: string; days?: string } = {};
  if (shown.text && now.text) left.text = now.text;
  if (shown.days && now.days) left.days = now.days;
  return left;
}

/** Send the step and return the request as it now stands. */
export function sendStep(kind: StepKind, id: number, input: StepInput): Promise<RequestDetail> {
  const text = input.text.trim();
  const note = text || null;
  switch (kind) {
    case 'accept':
      return requestsApi.accept(id, {
        note,
        ...(input.categoryId !== null ? { categoryId: input.categoryId } : {}),
        ...(input.priority !== null ? { priority: input.priority } : {}),
      });
    case 'take':
      return requestsApi.take(id, { note });
    case 'progress':
      return requestsApi.progress(id, { note, photoIds: input.photoIds });
    case 'resolve':
      return requestsApi.resolve(id, { note, photoIds: input.photoIds });
    case 'return':
      return requestsApi.returnToDispatcher(id, { reason: text });
    case 'reject':
      return requestsApi.reject(id, { reason: text });
    case 'request_extension':
      return requestsApi.requestExtension(id, { extraWorkingDays: input.days, reason: text });
    case 'approve_extension':
      return requestsApi.approveExtension(id, { note });
    case 'deny_extension':
      return requestsApi.denyExtension(id, { note });
  }
}

/** The steps a caller is offered, in the order the buttons show, from the request's allowed actions. */
export function offeredSteps(allowed: readonly RequestAction[], kinds: readonly StepKind[]): StepKind[] {
  return kinds.filter((kind) => allowed.includes(STEP_SPECS[kind].action));
}
