import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { orgNodes } from '../../db/schema/org.js';
import { roleAssignments, users } from '../../db/schema/users.js';
import { can, inSubtrees, isUnder, scopePaths, type Principal } from '../../platform/access.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { roleHas } from '../../platform/roles.js';
import { parentPath, pathIds, unitHandlers } from './requests.notify.js';
import { authorize } from './requests.policy.js';
import { policyView } from './requests.present.js';
import { findNode, findView, rolesWith, userWithRoles, type NodeInfo } from './requests.repo.js';

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

/** A person to dispatch to, and the unit they handle for (null for a grid worker or community staff). */
export async function checkAssignee(
  db: DbOrTx,
  principal: Principal,
  requestPath: string,
  userId: number,
): Promise<{ userId: number; name: string; unitNodeId: number | null }> {
  const user = await userWithRoles(db, userId);
  const handling = (user?.roles ?? []).filter((r) => roleHas(r.role, 'requests.handle'));
  if (!user || user.disabled || handling.length === 0) {
    throw errors.badRequest(
      'assignee_invalid',
      '该人员不存在、已停用或不是办理人员',
      'That person does not exist, is disabled or does not handle requests',
      { userId },
    );
  }
  if (handling.some((r) => isUnder(requestPath, r.path))) return { userId, name: user.displayName, unitNodeId: null };
  const unit = handling.find((r) => unitIsEligible(principal, requestPath, r));
  if (unit) return { userId, name: user.displayName, unitNodeId: unit.orgNodeId };
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
  return {
    people: people.map((p) => ({ userId: p.userId, name: p.name, role: p.role, node: { id: p.nodeId, name: p.nodeName } })),
    units: units.map((u) => ({ id: u.id, name: u.name, subkind: u.subkind })),
  };
}
