import { can, isUnder, scopePaths, type Principal } from '../../platform/access.js';
import type { DbOrTx } from '../../db/client.js';
import { errors } from '../../platform/errors.js';
import type { Permission } from '../../platform/roles.js';
import { findNode } from '../org/org.repo.js';

/**
 * The subtrees a registry list covers: where the caller holds `permission`, narrowed to `nodeId` when given. A node
 * above the caller's reach narrows to the parts of it they do reach; a node outside it is 404.
 */
export async function listPaths(db: DbOrTx, principal: Principal, permissions: Permission[], nodeId?: number): Promise<string[]> {
  const scope = [...new Set(permissions.flatMap((perm) => scopePaths(principal, perm)))];
  if (nodeId === undefined) {
    if (scope.length === 0) throw errors.forbidden();
    return scope;
  }
  const node = await findNode(db, nodeId);
  if (!node) throw errors.notFound();
  if (permissions.some((perm) => can(principal, perm, node.path))) return [node.path];
  const inside = scope.filter((p) => isUnder(p, node.path));
  if (inside.length === 0) throw errors.notFound();
  return inside;
}
