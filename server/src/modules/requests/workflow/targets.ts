import { and, asc, desc, eq, inArray, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../../db/client.js';
import { orgNodes, type OrgKind } from '../../../db/schema/org.js';
import { roleAssignments, users } from '../../../db/schema/users.js';
import { can, inSubtrees, isUnder, isVisible, scopePaths, type Principal } from '../../../platform/access.js';
import type { AppContext } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { looksLikePinyin } from '../../../platform/pinyin.js';
import { roleHas } from '../../../platform/roles.js';
import { escapeLike } from '../../org/org.repo.js';
import { parentPath, pathIds, unitHandlers, type Handler } from '../core/notify.js';
import { authorize } from '../core/policy.js';
import { policyView } from '../core/present.js';
import { findNode, findView, holdersAt, rolesWith, userWithRoles, type NodeInfo } from '../core/repo.js';

/**
 * Whom a request may be dispatched to (派单): a person holding requests.handle over the request's place (the grid
 * worker of its grid, staff of its community), or a unit — a department / partner unit node — hanging on the
 * request's place or one of its ancestors (the street's sanitation office, the district housing bureau), or lying
 * in the dispatcher's own reach. A person who handles for such a unit is dispatched to as that unit's member.
 */
function unitIsEligible(principal: Principal, requestPath: string, unit: { kind: string; path: string }): boolean {
  if (unit.kind !== 'department') return false;
  const hangsOn = parentPath(unit.path);
  return (hangsOn !== null && isUnder(requestPath, hangsOn)) || can(principal, 'requests.dispatch', unit.path);
}

export async function checkUnit(db: DbOrTx, principal: Principal, requestPath: string, unitId: number): Promise<NodeInfo> {
  const unit = await findNode(db, unitId);
  if (!unit || unit.kind !== 'department') {
    throw errors.badRequest(
      'unit_invalid',
      '办理单位不存在或不是部门/共建单位',
      'The unit does not exist or is not a department or partner unit',
      { unitId },
    );
  }
  if (!unitIsEligible(principal, requestPath, unit)) {
    throw errors.badRequest(
      'unit_not_available',
      `“${unit.name}”不能办理此处的诉求`,
      `${unit.name} does not handle requests from this place`,
      { unitId },
    );
  }
  if ((await unitHandlers(db, unit.id)).length === 0) {
    throw errors.badRequest('unit_has_no_handlers', `“${unit.name}”还没有办理人员`, `${unit.name} has no handlers yet`, { unitId });
  }
  return unit;
}

/** Who a dispatch goes to: a person (with the role they handle by, and their unit if any) or a unit as a whole. */
export interface DispatchTarget extends Handler {
  userId: number | null;
  unitNodeId: number | null;
}

/** A person to dispatch to, and the unit they handle for (null for a grid worker or community staff). */
export async function checkAssignee(
  db: DbOrTx,
  principal: Principal,
  requestPath: string,
  userId: number,
): Promise<DispatchTarget & { userId: number }> {
  const user = await userWithRoles(db, userId);
  const handling = (user?.roles ?? []).filter((r) => roleHas(r.role, 'requests.handle'));
  // Someone the dispatcher cannot see is answered like someone who does not exist: no name, no hint.
  const known = handling.some((r) => isVisible(principal, r.path) || unitIsEligible(principal, requestPath, r));
  if (!user || user.disabled || !known) {
    throw errors.badRequest(
      'assignee_invalid',
      '该人员不存在、已停用或不是办理人员',
      'That person does not exist, is disabled or does not handle requests',
      { userId },
    );
  }
  const local = handling.find((r) => isUnder(requestPath, r.path));
  if (local) return { userId, name: user.displayName, role: local.role, unitNodeId: null, unitName: null };
  const unit = handling.find((r) => unitIsEligible(principal, requestPath, r));
  if (unit) return { userId, name: user.displayName, role: unit.role, unitNodeId: unit.orgNodeId, unitName: unit.name };
  throw errors.badRequest(
    'assignee_not_available',
    `${user.displayName} 不负责此处的诉求`,
    `${user.displayName} does not handle requests from this place`,
    { userId },
  );
}

/** The people and units a dispatcher may choose from, for the dispatch dialog. */
export async function dispatchTargets(ctx: AppContext, principal: Principal, id: number) {
  const view = await findView(ctx.db, id);
  if (!view) throw errors.notFound();
  authorize('dispatch', principal, policyView(view));
  const ancestors = pathIds(view.nodePath);
  const [people, units] = await Promise.all([
    ctx.db
      .selectDistinct({
        userId: users.id,
        name: users.displayName,
        role: roleAssignments.role,
        nodeId: orgNodes.id,
        nodeName: orgNodes.name,
        depth: orgNodes.depth,
      })
      .from(roleAssignments)
      .innerJoin(users, eq(users.id, roleAssignments.userId))
      .innerJoin(orgNodes, eq(orgNodes.id, roleAssignments.orgNodeId))
      .where(
        and(
          inArray(roleAssignments.orgNodeId, ancestors),
          inArray(roleAssignments.role, rolesWith('requests.handle')),
          eq(users.disabled, false),
        ),
      )
      .orderBy(sql`${orgNodes.depth} desc`, asc(users.displayName)),
    ctx.db
      .select({ id: orgNodes.id, name: orgNodes.name, subkind: orgNodes.subkind, path: orgNodes.path })
      .from(orgNodes)
      .where(
        and(
          eq(orgNodes.kind, 'department'),
          or(inArray(orgNodes.parentId, ancestors), inSubtrees(orgNodes.path, scopePaths(principal, 'requests.dispatch'))),
        ),
      )
      .orderBy(asc(orgNodes.depth), asc(orgNodes.name))
      .limit(200),
  ]);
  // A unit nobody handles for cannot take a dispatch (dispatch answers unit_has_no_handlers): say so up front.
  const handlers = new Map<number, number>();
  for (const h of await holdersAt(ctx.db, units.map((u) => u.id), 'requests.handle')) handlers.set(h.orgNodeId, (handlers.get(h.orgNodeId) ?? 0) + 1);
  return {
    people: people.map((p) => ({ userId: p.userId, name: p.name, role: p.role, node: { id: p.nodeId, name: p.nodeName } })),
    units: units.map((u) => ({ id: u.id, name: u.name, subkind: u.subkind, handlers: handlers.get(u.id) ?? 0 })),
  };
}

/** Kinds of place a request may be transferred to (besides a unit): the divisions and grids. */
export const PLACE_KINDS: readonly OrgKind[] = ['region', 'city', 'county', 'town', 'community', 'grid'];

export interface TransferTargetsQuery {
  q?: string;
  limit?: number;
}

/** Name contains the text; Latin letters also match the name's pinyin or initials. */
function nameMatches(q: string): SQL | undefined {
  if (!q) return undefined;
  const conditions = [sql`${orgNodes.name} like ${`%${escapeLike(q)}%`}`];
  if (looksLikePinyin(q)) {
    const pinyin = escapeLike(q.toLowerCase().replace(/[\s']+/g, ''));
    conditions.push(sql`${orgNodes.namePinyin} like ${`%${pinyin}%`}`, sql`${orgNodes.nameInitials} like ${`${pinyin}%`}`);
  }
  return or(...conditions);
}

const parentNode = alias(orgNodes, 'parent_node');
const targetFields = {
  id: orgNodes.id,
  name: orgNodes.name,
  kind: orgNodes.kind,
  subkind: orgNodes.subkind,
  parentName: parentNode.name,
};

/**
 * Where the transfer dialog may send a request (转办), by the rules transfer() applies: a unit eligible for the
 * request's place that has handlers; a place above the request (to be routed from there); or a place in the
 * caller's own dispatch reach. Units and places within reach are capped at `limit` (`more` says there are more;
 * narrow with `q`, a name or its pinyin).
 */
export async function transferTargets(ctx: AppContext, principal: Principal, id: number, query: TransferTargetsQuery) {
  const view = await findView(ctx.db, id);
  if (!view) throw errors.notFound();
  authorize('transfer', principal, policyView(view));
  const limit = query.limit ?? 50;
  const ancestors = pathIds(view.nodePath);
  const reach = scopePaths(principal, 'requests.dispatch');
  const match = nameMatches((query.q ?? '').trim());
  const hasHandlers = sql`exists (select 1 from ${roleAssignments} ra join ${users} u on u.id = ra.user_id
    where ra.org_node_id = ${orgNodes.id} and u.disabled = false
      and ra.role in (${sql.join(rolesWith('requests.handle').map((r) => sql`${r}`), sql`, `)}))`;
  const targets = () => ctx.db.select(targetFields).from(orgNodes).leftJoin(parentNode, eq(parentNode.id, orgNodes.parentId));
  const [units, above, within] = await Promise.all([
    targets()
      .where(
        and(
          eq(orgNodes.kind, 'department'),
          or(inArray(orgNodes.parentId, ancestors), inSubtrees(orgNodes.path, reach)),
          hasHandlers,
          match,
        ),
      )
      .orderBy(asc(orgNodes.depth), asc(orgNodes.name), asc(orgNodes.id))
      .limit(limit + 1),
    targets()
      .where(and(inArray(orgNodes.id, ancestors), ne(orgNodes.id, view.request.orgNodeId), inArray(orgNodes.kind, [...PLACE_KINDS]), match))
      .orderBy(desc(orgNodes.depth)),
    targets()
      .where(and(inArray(orgNodes.kind, [...PLACE_KINDS]), inSubtrees(orgNodes.path, reach), notInArray(orgNodes.id, ancestors), match))
      .orderBy(asc(orgNodes.depth), asc(orgNodes.sortOrder), asc(orgNodes.name), asc(orgNodes.id))
      .limit(limit + 1),
  ]);
  const place = (n: (typeof above)[number], isAbove: boolean) => ({
    id: n.id,
    name: n.name,
    kind: n.kind,
    subkind: n.subkind,
    parentName: n.parentName,
    above: isAbove,
  });
  return {
    units: units.slice(0, limit).map((u) => ({ id: u.id, name: u.name, subkind: u.subkind, parentName: u.parentName })),
    places: [...above.map((n) => place(n, true)), ...within.slice(0, limit).map((n) => place(n, false))],
    more: units.length > limit || within.length > limit,
  };
}
