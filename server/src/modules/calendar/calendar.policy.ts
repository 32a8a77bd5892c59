import { assertCan, assertVisible, can, type Principal } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import { roleHas } from '../../platform/roles.js';

/**
 * Who may do what with the working calendar. Anyone who can see a node can read its calendar (it is what
 * their deadlines are counted in); setting or removing a local rest day or workday needs `calendar.manage`
 * at the node the override is set at, and reaches that node's whole subtree.
 */
export function assertCanRead(principal: Principal, nodePath: string): void {
  assertVisible(principal, nodePath);
}

export function assertCanManage(principal: Principal, nodePath: string): void {
  assertCan(principal, 'calendar.manage', nodePath);
}

/** The actions the caller may take on an override set at a node, sent with it so the UI can hide buttons. */
export function overrideActions(principal: Principal, nodePath: string) {
  return { delete: can(principal, 'calendar.manage', nodePath) };
}

/** The actions the caller may take on a node's calendar. */
export function calendarActions(principal: Principal, nodePath: string) {
  return { manage: can(principal, 'calendar.manage', nodePath) };
}

/**
 * The national holiday schedule is one for the country: it is entered by someone holding `calendar.manage` at a
 * region — a root of the org tree (region_admin, system_admin). Everyone signed in can read it (their deadlines
 * are counted on it), so anyone else asking to change it is refused with 403, not 404.
 * Returns the region node the permission is held at: the audit row is filed there.
 */
export function nationalManagerNode(principal: Principal): number | null {
  const role = principal.roles.find((r) => !r.path.includes('.') && roleHas(r.role, 'calendar.manage'));
  return role ? role.orgNodeId : null;
}

export function assertCanManageNational(principal: Principal): number {
  const node = nationalManagerNode(principal);
  if (node === null) throw errors.forbidden();
  return node;
}

export function nationalActions(principal: Principal) {
  return { manage: nationalManagerNode(principal) !== null };
}
