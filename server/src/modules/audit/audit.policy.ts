import { assertCan, isVisible, scopePaths, type Principal } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';

/**
 * Which audit entries a caller may read: those whose org node lies in a subtree where they hold `audit.read`.
 * Entries filed at no node (sign-ins of unknown users, system jobs) are for system admins only.
 * A `nodeId` filter outside the caller's reach is 404; visible without `audit.read` is 403.
 */
export function auditScope(
  principal: Principal,
  node: { path: string } | undefined | null,
): { paths: string[]; includeUnscoped: boolean } {
  if (node !== null) {
    if (!node || !isVisible(principal, node.path)) {
      throw errors.notFound(undefined, { zh: '找不到该组织节点', en: 'No such org node' });
    }
    assertCan(principal, 'audit.read', node.path);
    return { paths: [node.path], includeUnscoped: false };
  }
  const paths = scopePaths(principal, 'audit.read');
  if (paths.length === 0) throw errors.forbidden();
  return { paths, includeUnscoped: principal.roles.some((r) => r.role === 'system_admin') };
}
