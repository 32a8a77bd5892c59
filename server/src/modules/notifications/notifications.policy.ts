import { assertCan, type Principal } from '../../platform/access.js';

/**
 * Everyone reads and marks only their own inbox (the repo filters by user, so another user's notification is
 * simply not found). Sending a notice to a subtree needs `notifications.send` over its top node.
 */
export function assertCanSendTo(principal: Principal, nodePath: string): void {
  assertCan(principal, 'notifications.send', nodePath);
}
