import { can, isVisible, rankAt, type Principal } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import { roleDefinition, type Permission, type RoleDefinition } from '../../platform/roles.js';
import type { UserAction } from './users.schema.js';

/**
 * Who may do what to which user account.
 * - See: `users.read` over the user's home node or over any node where the user holds a role; otherwise 404.
 * - Manage (edit, disable, unlock, reset password, grant, revoke): `users.manage` over the home node, and a
 *   rank over it strictly above every role the user holds, so staff cannot take over their secretary's account.
 *   Nobody manages their own account here, except a system admin. Visible but not manageable is 403.
 * - Grant / revoke at a node: the node follows platform/access (404 invisible, 403 without `users.manage`),
 *   the role must fit the node's kind (400), and rank strictly below the caller's rank over that node (403).
 *   A system admin is exempt from the rank rules but never revokes their own system_admin.
 */
export interface UserSubject {
  id: number;
  homePath: string;
  roles: { role: string; path: string }[];
}

export const SYSTEM_ADMIN = 'system_admin';

export function isSystemAdmin(principal: Principal): boolean {
  return principal.roles.some((r) => r.role === SYSTEM_ADMIN);
}

function reaches(principal: Principal, permission: Permission, user: UserSubject): boolean {
  return can(principal, permission, user.homePath) || user.roles.some((r) => can(principal, permission, r.path));
}

function highestRank(user: UserSubject): number {
  return Math.max(0, ...user.roles.map((r) => roleDefinition(r.role)?.rank ?? 0));
}

/** Why the caller may not manage the user, or null when they may. Assumes the user is visible. */
function manageRefusal(principal: Principal, user: UserSubject) {
  if (!can(principal, 'users.manage', user.homePath)) return errors.forbidden();
  if (isSystemAdmin(principal)) return null;
  if (user.id === principal.userId) {
    return errors.forbidden(undefined, {
      zh: '不能在账号管理中修改自己的账号，请联系上级管理员',
      en: 'You cannot manage your own account here; ask an administrator above you',
    });
  }
  if (rankAt(principal, user.homePath) <= highestRank(user)) {
    return errors.forbidden(undefined, {
      zh: '不能管理与自己同级或更高级别的账号',
      en: 'You cannot manage an account whose role is as high as yours or higher',
    });
  }
  return null;
}

export function canReadUser(principal: Principal, user: UserSubject): boolean {
  return reaches(principal, 'users.read', user);
}

export function assertReadUser(principal: Principal, user: UserSubject | undefined): asserts user is UserSubject {
  if (!user || !canReadUser(principal, user)) throw errors.notFound();
}

export function assertManageUser(principal: Principal, user: UserSubject | undefined): asserts user is UserSubject {
  assertReadUser(principal, user);
  const refusal = manageRefusal(principal, user);
  if (refusal) throw refusal;
}

/** Full contact details: `personal.view_full` wherever the user is visible from. */
export function assertViewContact(principal: Principal, user: UserSubject | undefined): asserts user is UserSubject {
  assertReadUser(principal, user);
  if (!reaches(principal, 'personal.view_full', user)) throw errors.forbidden();
}

export function allowedActions(principal: Principal, user: UserSubject): UserAction[] {
  if (manageRefusal(principal, user)) return [];
  const actions: UserAction[] = ['edit', 'grant'];
  if (user.id !== principal.userId) actions.push('disable');
  return actions;
}

export function knownRole(role: string): RoleDefinition {
  const def = roleDefinition(role);
  if (!def) {
    throw errors.badRequest('unknown_role', `没有名为“${role}”的角色`, `There is no role named "${role}"`, { role });
  }
  return def;
}

const KIND_LABELS: Record<string, string> = {
  region: '自治区',
  city: '盟市',
  county: '旗县区',
  town: '街道/镇/苏木',
  community: '社区/村/嘎查',
  grid: '网格',
  building: '楼栋',
  unit: '单元',
  department: '部门/共建单位',
};

/** A node the caller manages users at: 404 when unknown or invisible, 403 when visible without `users.manage`. */
export function assertNodeManageable(principal: Principal, node: { path: string } | undefined): asserts node is { path: string } {
  assertNodeReach(principal, 'users.manage', node);
}

/** Same rule as platform/access assertCan, with messages that name the org node rather than the account. */
export function assertNodeReach(
  principal: Principal,
  permission: Permission,
  node: { path: string } | undefined,
): asserts node is { path: string } {
  if (!node || !isVisible(principal, node.path)) {
    throw errors.notFound(undefined, { zh: '找不到该组织节点', en: 'No such org node' });
  }
  if (!can(principal, permission, node.path)) {
    throw errors.forbidden({ permission }, { zh: '没有在该组织节点执行此操作的权限', en: 'You are not allowed to do this at that org node' });
  }
}

function assertRankBelowCaller(principal: Principal, def: RoleDefinition, nodePath: string): void {
  if (isSystemAdmin(principal) || def.rank < rankAt(principal, nodePath)) return;
  throw errors.forbidden(
    { role: def.role },
    {
      zh: `只能授予或撤销低于自己级别的角色，不能处理“${def.label.zh}”`,
      en: `You can only grant or revoke roles ranked below your own, not "${def.label.en}"`,
    },
  );
}

/** May the caller hand out `def` at this node? Order: node reach (404/403), node kind (400), rank (403). */
export function assertGrantable(
  principal: Principal,
  def: RoleDefinition,
  node: { kind: string; path: string } | undefined,
): asserts node is { kind: string; path: string } {
  assertNodeManageable(principal, node);
  if (!(def.nodeKinds as string[]).includes(node.kind)) {
    throw errors.badRequest(
      'role_node_kind',
      `“${def.label.zh}”只能设在${def.nodeKinds.map((k) => KIND_LABELS[k] ?? k).join('、')}节点上，不能设在${KIND_LABELS[node.kind] ?? node.kind}节点上`,
      `The role "${def.label.en}" can only be held at a ${def.nodeKinds.join(' or ')} node, not at a ${node.kind} node`,
      { role: def.role, allowedKinds: def.nodeKinds, nodeKind: node.kind },
    );
  }
  assertRankBelowCaller(principal, def, node.path);
}

/** May the caller take back this assignment? Node reach (404/403), never one's own system_admin, rank (403). */
export function assertRevocable(principal: Principal, userId: number, assignment: { role: string; path: string }): void {
  assertNodeManageable(principal, assignment);
  if (assignment.role === SYSTEM_ADMIN && userId === principal.userId) {
    throw errors.forbidden(undefined, {
      zh: '不能撤销自己的系统管理员角色',
      en: 'You cannot revoke your own system admin role',
    });
  }
  // A role no longer in the catalogue ranks nothing; anyone managing the node may clear it.
  const def = roleDefinition(assignment.role);
  if (def) assertRankBelowCaller(principal, def, assignment.path);
}
