import { assertCan, assertVisible, can, type Principal } from '../../platform/access.js';

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
