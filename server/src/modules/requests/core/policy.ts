import type { RequestChannel, RequestStatus } from '../../../db/schema/requests.js';
import { can, isUnder, type Principal } from '../../../platform/access.js';
import { errors } from '../../../platform/errors.js';
import { roleHas, type Permission } from '../../../platform/roles.js';
import { assertCanStart, canStartFrom, USER_ACTIONS, type UserAction } from '../workflow/transitions.js';

/**
 * Who may do what to which request. Roles are held at org nodes and reach their subtree (platform/access.ts);
 * besides roles, a request has people attached to it: the reporter, whoever entered it, the current handler.
 *
 * Order of checks for a step: not visible → 404; visible but the state does not allow the step → 409;
 * state fine but the caller may not take it → 403.
 */
export interface RequestForPolicy {
  status: RequestStatus;
  /** ltree path of the request's org node. */
  nodePath: string;
  reporterUserId: number | null;
  createdBy: number | null;
  assigneeUserId: number | null;
  /** Path of the unit (department / partner unit) it is dispatched to, if any. */
  assigneeNodePath: string | null;
  /** The pending extension, if one is waiting for a decision. */
  pendingExtensionBy: number | null | undefined;
}

type Rule = (p: Principal, r: RequestForPolicy) => boolean;

/** Holds a permission over the request's node (a dispatcher of the community, an admin above it…). */
const holds =
  (permission: Permission): Rule =>
  (p, r) =>
    can(p, permission, r.nodePath);
const isAssignee: Rule = (p, r) => r.assigneeUserId !== null && r.assigneeUserId === p.userId;
/** A handler of the unit the request was dispatched to, while no one person there has it. */
const isUnitHandler: Rule = (p, r) =>
  r.assigneeUserId === null && r.assigneeNodePath !== null && can(p, 'requests.handle', r.assigneeNodePath);
const isReporter: Rule = (p, r) => r.reporterUserId !== null && r.reporterUserId === p.userId;

/**
 * The node above the handler approves extensions: the parent of the unit the request is dispatched to, or else of
 * the request's own node (a grid's community, a community's town). Anyone holding requests.supervise there or
 * higher up may decide, except whoever asked.
 */
export function extensionApproverPath(r: Pick<RequestForPolicy, 'nodePath' | 'assigneeNodePath'>): string | null {
  const handling = r.assigneeNodePath ?? r.nodePath;
  const cut = handling.lastIndexOf('.');
  return cut < 0 ? null : handling.slice(0, cut);
}

const isApproverAbove: Rule = (p, r) => {
  const above = extensionApproverPath(r);
  return above !== null && r.pendingExtensionBy != null && r.pendingExtensionBy !== p.userId && can(p, 'requests.supervise', above);
};

/** The policy table: for every step, who may take it (the states are in requests/workflow/transitions.ts). */
export const POLICY: Record<UserAction, { who: Rule; description: string }> = {
  accept: { who: holds('requests.dispatch'), description: 'requests.dispatch over the request node' },
  dispatch: { who: holds('requests.dispatch'), description: 'requests.dispatch over the request node' },
  transfer: { who: holds('requests.dispatch'), description: 'requests.dispatch over the request node' },
  merge: { who: holds('requests.dispatch'), description: 'requests.dispatch over the request node (and over the target)' },
  reject: { who: holds('requests.dispatch'), description: 'requests.dispatch over the request node' },
  take: { who: (p, r) => isAssignee(p, r) || isUnitHandler(p, r), description: 'the assignee, or a handler of the assigned unit' },
  progress: { who: isAssignee, description: 'the assignee' },
  resolve: { who: isAssignee, description: 'the assignee' },
  return: { who: (p, r) => isAssignee(p, r) || isUnitHandler(p, r), description: 'the assignee, or a handler of the assigned unit' },
  request_extension: { who: isAssignee, description: 'the assignee' },
  decide_extension: { who: isApproverAbove, description: 'requests.supervise at the node above the handler, not the one who asked' },
  follow_up: {
    // Staff record a phone call; the handler never rates their own work.
    who: (p, r) => isReporter(p, r) || (holds('requests.dispatch')(p, r) && !isAssignee(p, r)),
    description: 'the reporter, or requests.dispatch over the node unless the caller handled it',
  },
};

/** Whether the caller may see the request at all (everything else answers 404 otherwise). */
export function canSee(p: Principal, r: Omit<RequestForPolicy, 'status' | 'pendingExtensionBy'>): boolean {
  return (
    can(p, 'requests.read', r.nodePath) ||
    (r.assigneeUserId !== null && r.assigneeUserId === p.userId) ||
    (r.assigneeNodePath !== null && can(p, 'requests.handle', r.assigneeNodePath)) ||
    (r.reporterUserId !== null && r.reporterUserId === p.userId) ||
    (r.createdBy !== null && r.createdBy === p.userId)
  );
}

export function assertCanSee(p: Principal, r: Omit<RequestForPolicy, 'status' | 'pendingExtensionBy'>): void {
  if (!canSee(p, r)) throw errors.notFound();
}

/** Extra state conditions a step has besides the request status (a pending extension, …). */
function extraStateProblem(action: UserAction, r: RequestForPolicy): 'extension_pending' | 'no_pending_extension' | null {
  if (action === 'request_extension' && r.pendingExtensionBy != null) return 'extension_pending';
  if (action === 'decide_extension' && r.pendingExtensionBy == null) return 'no_pending_extension';
  return null;
}

/** 404, 409 or 403 — in that order — unless the caller may take the step now. */
export function authorize(action: UserAction, p: Principal, r: RequestForPolicy): void {
  assertCanSee(p, r);
  assertCanStart(action, r.status);
  const problem = extraStateProblem(action, r);
  if (problem === 'extension_pending') {
    throw errors.conflict('extension_pending', '已有待审批的延期申请', 'An extension request is already waiting for a decision');
  }
  if (problem === 'no_pending_extension') {
    throw errors.conflict('no_pending_extension', '没有待审批的延期申请', 'There is no extension request waiting for a decision');
  }
  if (!POLICY[action].who(p, r)) throw errors.forbidden();
}

/** What the caller may do now, so the UI shows only those buttons. */
export function allowedActions(p: Principal, r: RequestForPolicy): UserAction[] {
  return USER_ACTIONS.filter((a) => canStartFrom(a, r.status) && extraStateProblem(a, r) === null && POLICY[a].who(p, r));
}

/** Seeing the reporter's full name and phone: personal.view_full over the node, or the handler who must call them. */
export function canViewContact(p: Principal, r: Omit<RequestForPolicy, 'status' | 'pendingExtensionBy'>): boolean {
  return can(p, 'personal.view_full', r.nodePath) || (r.assigneeUserId !== null && r.assigneeUserId === p.userId);
}

/** Channels a signed-in person may report through (hotline work orders may also be keyed in by staff). */
export const USER_CHANNELS: readonly RequestChannel[] = ['resident', 'staff', 'patrol', 'building_leader', 'mobile_grid_worker', 'hotline'];

/**
 * May the caller file a request through `channel` at the node? Residents report for themselves anywhere; staff,
 * patrols and hotline orders need requests.intake over the node; building leaders and mobile grid workers report
 * on their own branch (the node lies above or below where they hold requests.intake). Open311 is for partner systems.
 */
export function canSubmitAt(p: Principal, channel: RequestChannel, nodePath: string): boolean {
  switch (channel) {
    case 'resident':
      return true;
    case 'staff':
    case 'patrol':
    case 'hotline':
      return can(p, 'requests.intake', nodePath);
    case 'building_leader':
    case 'mobile_grid_worker':
      return p.roles.some((r) => roleHas(r.role, 'requests.intake') && (isUnder(nodePath, r.path) || isUnder(r.path, nodePath)));
    case 'open311':
      return false;
  }
}

/** Self-resolving (自办自结) needs requests.handle over the node: the grid worker of that grid, community staff. */
export function canSelfResolveAt(p: Principal, nodePath: string): boolean {
  return can(p, 'requests.handle', nodePath);
}
