import type { RequestStatus } from '../../../db/schema/requests.js';
import { AppError, type Message } from '../../../platform/errors.js';

/**
 * The state machine of the closed loop 接诉即办, in one place: which states each step may start from and which it
 * leads to. Who may take a step is the policy table in requests/core/policy.ts. Every step writes one timeline event
 * named after its action (see docs/adr/0007-requests-workflow.md for the diagram).
 *
 *   submitted   --accept-->    accepted
 *   submitted   --dispatch-->  dispatched          (accepting implicitly; also from accepted, and re-dispatch)
 *   dispatched  --take-->      in_progress         (progress notes and extension requests stay in_progress)
 *   in_progress --resolve-->   resolved
 *   resolved    --follow_up--> closed              (solved, satisfied or basically satisfied)
 *   resolved    --follow_up--> accepted            (not solved or unsatisfied: reopened, a new round)
 *   resolved    --close-->     closed              (no reply in time, or nobody to ask)
 *   dispatched | in_progress                     --return-->   accepted   (回退, with a reason)
 *   submitted | accepted | dispatched | in_progress --transfer--> submitted (another place) | dispatched (a unit)
 *   submitted | accepted | dispatched            --merge-->    merged     (a duplicate; the reporter is told)
 *   submitted | accepted                         --reject-->   rejected   (invalid, with a reason)
 * Self-resolving (自办自结) files a request and resolves it in one transaction (submit, then self_resolve).
 */

/** Steps a person takes on an existing request (routes, policy table, allowedActions). */
export const USER_ACTIONS = [
  'accept',
  'dispatch',
  'take',
  'progress',
  'resolve',
  'return',
  'transfer',
  'merge',
  'reject',
  'request_extension',
  'decide_extension',
  'follow_up',
] as const;
export type UserAction = (typeof USER_ACTIONS)[number];

/**
 * Steps the system takes (jobs) or that a user step implies; they appear on the timeline too. deadline_recompute:
 * the deadlines counted again after a year's national holiday schedule arrived (requests/recompute.ts).
 */
export const SYSTEM_ACTIONS = ['submit', 'self_resolve', 'reopen', 'close', 'remind', 'escalate', 'merged_in', 'deadline_recompute'] as const;
export type SystemAction = (typeof SYSTEM_ACTIONS)[number];

/** Timeline event names (extension steps are recorded as extension_request / extension_approve / extension_deny). */
export type EventAction =
  | Exclude<UserAction, 'request_extension' | 'decide_extension'>
  | SystemAction
  | 'extension_request'
  | 'extension_approve'
  | 'extension_deny';

interface Transition {
  from: readonly RequestStatus[];
  /** Possible resulting states; the step's input chooses among several (transfer, follow-up). */
  to: readonly RequestStatus[] | 'same';
}

const OPEN: readonly RequestStatus[] = ['submitted', 'accepted', 'dispatched', 'in_progress'];

export const TRANSITIONS: Record<UserAction | 'close' | 'remind' | 'escalate', Transition> = {
  accept: { from: ['submitted'], to: ['accepted'] },
  dispatch: { from: ['submitted', 'accepted', 'dispatched'], to: ['dispatched'] },
  take: { from: ['dispatched'], to: ['in_progress'] },
  progress: { from: ['in_progress'], to: 'same' },
  resolve: { from: ['in_progress'], to: ['resolved'] },
  return: { from: ['dispatched', 'in_progress'], to: ['accepted'] },
  transfer: { from: OPEN, to: ['submitted', 'dispatched'] },
  merge: { from: ['submitted', 'accepted', 'dispatched'], to: ['merged'] },
  reject: { from: ['submitted', 'accepted'], to: ['rejected'] },
  request_extension: { from: ['in_progress'], to: 'same' },
  decide_extension: { from: ['in_progress'], to: 'same' },
  follow_up: { from: ['resolved'], to: ['closed', 'accepted'] },
  close: { from: ['resolved'], to: ['closed'] },
  remind: { from: OPEN, to: 'same' },
  escalate: { from: OPEN, to: 'same' },
};

export function canStartFrom(action: keyof typeof TRANSITIONS, status: RequestStatus): boolean {
  return TRANSITIONS[action].from.includes(status);
}

/** The state a step leads to; `choice` picks among several targets and must be one of them. */
export function nextStatus(action: keyof typeof TRANSITIONS, status: RequestStatus, choice?: RequestStatus): RequestStatus {
  assertCanStart(action, status);
  const to = TRANSITIONS[action].to;
  if (to === 'same') return status;
  const target = choice ?? (to.length === 1 ? to[0] : undefined);
  if (!target || !to.includes(target)) throw new Error(`workflow: ${action} cannot lead to ${String(choice)}`);
  return target;
}

export const STATUS_LABELS: Record<RequestStatus, Message> = {
  submitted: { zh: '待受理', en: 'submitted' },
  accepted: { zh: '已受理', en: 'accepted' },
  dispatched: { zh: '已派单', en: 'dispatched' },
  in_progress: { zh: '办理中', en: 'in progress' },
  resolved: { zh: '已办结', en: 'resolved' },
  closed: { zh: '已回访结案', en: 'closed' },
  merged: { zh: '已合并', en: 'merged' },
  rejected: { zh: '无效', en: 'rejected' },
};

export const ACTION_LABELS: Record<UserAction | 'close' | 'remind' | 'escalate', Message> = {
  accept: { zh: '受理', en: 'accept' },
  dispatch: { zh: '派单', en: 'dispatch' },
  take: { zh: '接单', en: 'take' },
  progress: { zh: '记录办理进展', en: 'record progress' },
  resolve: { zh: '办结', en: 'resolve' },
  return: { zh: '回退', en: 'return' },
  transfer: { zh: '转办', en: 'transfer' },
  merge: { zh: '合并', en: 'merge' },
  reject: { zh: '作无效处理', en: 'reject' },
  request_extension: { zh: '申请延期', en: 'request an extension' },
  decide_extension: { zh: '审批延期', en: 'decide an extension' },
  follow_up: { zh: '回访', en: 'follow up' },
  close: { zh: '结案', en: 'close' },
  remind: { zh: '催办', en: 'remind' },
  escalate: { zh: '督办', en: 'escalate' },
};

/** 409 when the request's state does not allow the step, naming both. */
export function assertCanStart(action: keyof typeof TRANSITIONS, status: RequestStatus): void {
  if (canStartFrom(action, status)) return;
  const allowed = TRANSITIONS[action].from;
  throw new AppError(
    409,
    'request_invalid_state',
    {
      zh: `诉求当前状态为“${STATUS_LABELS[status].zh}”，不能${ACTION_LABELS[action].zh}（只能在${allowed.map((s) => `“${STATUS_LABELS[s].zh}”`).join('、')}时）`,
      en: `The request is ${STATUS_LABELS[status].en}; you cannot ${ACTION_LABELS[action].en} it (only when ${allowed.map((s) => STATUS_LABELS[s].en).join(', ')})`,
    },
    { status, action, allowedFrom: allowed },
  );
}
