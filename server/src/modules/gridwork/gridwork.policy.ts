import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { OrgKind } from '../../db/schema/org.js';
import { assertCan, assertVisible, inCommunitiesOf, inSubtrees, scopePaths, type Principal } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import type { Permission } from '../../platform/roles.js';
import { findNode, nodesByIds } from '../org/org.repo.js';

/**
 * Who may do what in grid work. Writing the log: `gridwork.log` over the place (grid workers in their grids,
 * community staff in their community). Reading logs, plans, coverage: `gridwork.read`. Rules: `registry.configure`.
 * Assignments: `registry.manage` or `users.manage` over the place. Outside the caller's subtrees everything is 404.
 */

export interface Place {
  id: number;
  kind: OrgKind;
  name: string;
  path: string;
  gridId: number | null;
  communityId: number | null;
}

export function pathIds(path: string): number[] {
  return path.split('.').map(Number);
}

/** A node with the grid and community above it (or itself); 404 when it does not exist. */
export async function loadPlace(db: DbOrTx, nodeId: number): Promise<Place> {
  const node = await findNode(db, nodeId);
  if (!node) throw errors.notFound();
  const chain = await nodesByIds(db, pathIds(node.path));
  return {
    id: node.id,
    kind: node.kind,
    name: node.name,
    path: node.path,
    gridId: chain.find((n) => n.kind === 'grid')?.id ?? null,
    communityId: chain.find((n) => n.kind === 'community')?.id ?? null,
  };
}

/** A place the caller holds `permission` over (404 outside their reach, 403 visible but not permitted). */
export async function placeFor(db: DbOrTx, p: Principal, permission: Permission, nodeId: number): Promise<Place> {
  const place = await loadPlace(db, nodeId);
  assertCan(p, permission, place.path);
  return place;
}

export function canAny(p: Principal, permissions: Permission[], path: string): boolean {
  return permissions.some((perm) => scopePaths(p, perm).some((s) => path === s || path.startsWith(`${s}.`)));
}

/** 404 outside the caller's reach, 403 when visible but none of the permissions is held over the path. */
export function assertAny(p: Principal, permissions: Permission[], path: string): void {
  if (canAny(p, permissions, path)) return;
  assertVisible(p, path);
  throw errors.forbidden();
}

/**
 * SQL condition on persons `p` living at node `hn` (their household's node) for the subtrees `paths`: first by the
 * persons' community column (indexed, never null), over the communities holding or lying in the subtrees, then exact
 * on the household node's path (a grid or building scope). So a grid is its community's people, never a region scan;
 * a single `in` over communities rather than ORed grid and community tests lets the planner start there.
 */
export function personsIn(paths: string[]): SQL {
  if (paths.length === 0) return sql`false`;
  return sql`${inCommunitiesOf(sql`p.community_id`, paths)} and ${inSubtrees(sql`hn.path`, paths)}`;
}
