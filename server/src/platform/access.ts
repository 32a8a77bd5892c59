import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { errors } from './errors.js';
import { roleDefinition, roleHas, type Permission } from './roles.js';

/**
 * The one access layer every module uses. A caller's reach is the union of the subtrees of the nodes where
 * they hold roles. Objects outside every subtree do not exist for them (404); visible but not permitted is 403.
 */
export interface RoleAtNode {
  id: number;
  role: string;
  orgNodeId: number;
  /** ltree path of the node, e.g. "1.12.305" */
  path: string;
}

export interface Principal {
  userId: number;
  username: string;
  displayName: string;
  homeNodeId: number;
  sessionId: number;
  roles: RoleAtNode[];
}

/** true when `path` is `ancestor` or lies below it. */
export function isUnder(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}.`);
}

/** The smallest set of paths covering the given ones (drops paths lying under another). */
export function minimalPaths(paths: string[]): string[] {
  const sorted = [...new Set(paths)].sort((a, b) => a.split('.').length - b.split('.').length);
  const out: string[] = [];
  for (const p of sorted) if (!out.some((o) => isUnder(p, o))) out.push(p);
  return out;
}

/** Paths of the subtrees where the principal holds a role granting `permission` (any role when omitted). */
export function scopePaths(principal: Principal, permission?: Permission): string[] {
  return minimalPaths(principal.roles.filter((r) => !permission || roleHas(r.role, permission)).map((r) => r.path));
}

export function isVisible(principal: Principal, nodePath: string): boolean {
  return principal.roles.some((r) => isUnder(nodePath, r.path));
}

export function can(principal: Principal, permission: Permission, nodePath: string): boolean {
  return principal.roles.some((r) => isUnder(nodePath, r.path) && roleHas(r.role, permission));
}

/** 404 when the node is outside the caller's reach. */
export function assertVisible(principal: Principal, nodePath: string): void {
  if (!isVisible(principal, nodePath)) throw errors.notFound();
}

/** 404 when invisible, 403 when visible but the permission is not held over that node. */
export function assertCan(principal: Principal, permission: Permission, nodePath: string): void {
  assertVisible(principal, nodePath);
  if (!can(principal, permission, nodePath)) throw errors.forbidden();
}

/** The highest role rank the principal holds over a node (0 when none). */
export function rankAt(principal: Principal, nodePath: string): number {
  let rank = 0;
  for (const r of principal.roles) {
    if (isUnder(nodePath, r.path)) rank = Math.max(rank, roleDefinition(r.role)?.rank ?? 0);
  }
  return rank;
}

/**
 * SQL condition "column lies in one of these subtrees", for list queries filtered in the database.
 * `column` must be an ltree column (usually org_nodes.path). No paths means nothing is visible.
 */
export function inSubtrees(column: AnyPgColumn | SQL, paths: string[]): SQL {
  if (paths.length === 0) return sql`false`;
  // `path <@ any(array)` rather than `path <@ array`: the same meaning, but only the first uses the GiST index on path.
  return sql`${column} <@ any(array[${sql.join(
    paths.map((p) => sql`${p}::ltree`),
    sql`, `,
  )}])`;
}

/**
 * SQL condition "this community id column is one of the communities that hold, or lie inside, these subtrees".
 * Redundant next to a path test, but it lets a table with an indexed `community_id` start from the caller's
 * communities instead of the whole region (a search in one community then costs the same at any region size).
 * Only for rows whose community is never null.
 */
export function inCommunitiesOf(column: AnyPgColumn | SQL, paths: string[]): SQL {
  if (paths.length === 0) return sql`false`;
  const list = sql`array[${sql.join(
    paths.map((p) => sql`${p}::ltree`),
    sql`, `,
  )}]`;
  return sql`${column} in (select c.id from org_nodes c where c.kind = 'community' and (c.path <@ any(${list}) or c.path @> any(${list})))`;
}
