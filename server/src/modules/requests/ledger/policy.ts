import { assertCan, isVisible, scopePaths, type Principal } from '../../../platform/access.js';
import { errors } from '../../../platform/errors.js';

/**
 * Who reads the ledger: roles holding `requests.read`, each over its own subtree (a grid worker: their grid;
 * community staff: the community; admins: their town, county, city...). The rows are filtered in SQL to these
 * subtrees. A `nodeId` filter outside the caller's reach is 404; visible without `requests.read` is 403.
 */
export function ledgerScope(principal: Principal, node: { path: string } | null | undefined): { scopePaths: string[]; nodePath?: string } {
  const paths = scopePaths(principal, 'requests.read');
  if (node === null) {
    if (paths.length === 0) throw errors.forbidden();
    return { scopePaths: paths };
  }
  if (!node || !isVisible(principal, node.path)) {
    throw errors.notFound(undefined, { zh: '找不到该组织节点', en: 'No such org node' });
  }
  assertCan(principal, 'requests.read', node.path);
  return { scopePaths: paths, nodePath: node.path };
}

/** An export or import belongs to the person who started it: anyone else gets 404, as if it did not exist. */
export function ownedTask<T extends { userId: number; kind: string }>(principal: Principal, task: T | null, kind: T['kind']): T {
  if (!task || task.kind !== kind || task.userId !== principal.userId) throw errors.notFound();
  return task;
}
