import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { OrgKind } from '../../db/schema/org.js';
import { orgNodes } from '../../db/schema/org.js';
import { households, placeAssignments, type PlaceDuty } from '../../db/schema/registry.js';
import { roleAssignments, users } from '../../db/schema/users.js';
import { assertVisible, isVisible, rankAt, type Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { roleDefinition } from '../../platform/roles.js';
import { pgErrorCode } from '../org/org.service.js';
import { canAny, loadPlace } from './gridwork.policy.js';
import type { AssignBody, AssignmentQuery } from './gridwork.schema.js';

/**
 * 网格员、楼栋长、单元长、联户长 of places, with history: assigning opens a row, ending sets ended_at, a new
 * assignment is a new row. The duty comes with the role of the same name at the node (granted when the person
 * lacks it); ending the last open duty of that kind at the node removes that role there too, so the duty and the
 * reach it gives end together. Who may: registry.manage or users.manage over the node, and a role ranked above the
 * duty's (a grid worker names building leaders in their grid, not other grid workers).
 */

const DUTY_KINDS: Record<PlaceDuty, OrgKind[]> = {
  grid_worker: ['grid'],
  building_leader: ['building'],
  unit_leader: ['unit'],
  household_leader: ['building', 'unit'],
};

async function placeToManage(ctx: AppContext, p: Principal, nodeId: number, duty?: PlaceDuty) {
  const place = await loadPlace(ctx.db, nodeId);
  assertVisible(p, place.path);
  if (!canAny(p, ['registry.manage', 'users.manage'], place.path)) throw errors.forbidden();
  if (duty && rankAt(p, place.path) <= (roleDefinition(duty)?.rank ?? 0)) throw errors.forbidden();
  return place;
}

const fields = {
  a: placeAssignments,
  nodeName: orgNodes.name,
  userName: users.displayName,
};

function present(row: { a: typeof placeAssignments.$inferSelect; nodeName: string; userName: string }, roleGranted = false) {
  const a = row.a;
  return {
    id: a.id,
    node: { id: a.nodeId, name: row.nodeName },
    duty: a.duty,
    user: { id: a.userId, name: row.userName },
    householdIds: a.householdIds,
    startedAt: a.startedAt.toISOString(),
    endedAt: a.endedAt ? a.endedAt.toISOString() : null,
    note: a.note,
    roleGranted,
  };
}

export async function listAssignments(ctx: AppContext, p: Principal, q: AssignmentQuery) {
  const place = await loadPlace(ctx.db, q.nodeId);
  if (!canAny(p, ['registry.read', 'users.read', 'gridwork.read'], place.path)) {
    assertVisible(p, place.path);
    throw errors.forbidden();
  }
  const where = and(
    sql`${orgNodes.path} <@ ${place.path}::ltree`,
    q.duty ? eq(placeAssignments.duty, q.duty) : undefined,
    q.includeEnded ? undefined : isNull(placeAssignments.endedAt),
  );
  const rows = await ctx.db
    .select(fields)
    .from(placeAssignments)
    .innerJoin(orgNodes, eq(orgNodes.id, placeAssignments.nodeId))
    .innerJoin(users, eq(users.id, placeAssignments.userId))
    .where(where)
    .orderBy(desc(placeAssignments.startedAt), desc(placeAssignments.id))
    .limit(q.limit)
    .offset(q.offset);
  const [count] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(placeAssignments)
    .innerJoin(orgNodes, eq(orgNodes.id, placeAssignments.nodeId))
    .where(where);
  return { items: rows.map((r) => present(r)), total: count?.n ?? 0 };
}

export async function assign(ctx: AppContext, p: Principal, actor: ActorContext, body: AssignBody) {
  const place = await placeToManage(ctx, p, body.nodeId, body.duty);
  if (!DUTY_KINDS[body.duty].includes(place.kind)) {
    throw errors.badRequest('assignment_place_invalid', '该职责不能设在这种地点', 'This duty cannot be held at this kind of place', {
      kinds: DUTY_KINDS[body.duty],
    });
  }
  const householdIds = body.duty === 'household_leader' ? [...new Set(body.householdIds ?? [])] : [];
  if (body.duty !== 'household_leader' && body.householdIds?.length) {
    throw errors.badRequest('assignment_households_invalid', '只有联户长需要选择户', 'Only a household leader links households');
  }
  if (householdIds.length) {
    const found = await ctx.db
      .select({ id: households.id, path: orgNodes.path })
      .from(households)
      .innerJoin(orgNodes, eq(orgNodes.id, households.nodeId))
      .where(inArray(households.id, householdIds));
    if (found.length !== householdIds.length || found.some((h) => !(h.path === place.path || h.path.startsWith(`${place.path}.`)))) {
      throw errors.notFound();
    }
  }
  const [user] = await ctx.db.select({ id: users.id, homePath: orgNodes.path }).from(users).innerJoin(orgNodes, eq(orgNodes.id, users.homeNodeId)).where(eq(users.id, body.userId));
  if (!user || !isVisible(p, user.homePath)) throw errors.notFound();
  const now = ctx.clock.now();
  const result = await ctx.db
    .transaction(async (tx) => {
      const [row] = await tx
        .insert(placeAssignments)
        .values({ nodeId: place.id, duty: body.duty, userId: user.id, householdIds, startedAt: now, assignedBy: p.userId, note: body.note?.trim() || null })
        .returning();
      const granted = await tx
        .insert(roleAssignments)
        .values({ userId: user.id, role: body.duty, orgNodeId: place.id, grantedBy: p.userId, createdAt: now })
        .onConflictDoNothing()
        .returning({ id: roleAssignments.id });
      await recordAudit(tx, actor, now, {
        action: 'place_assignment.assign',
        objectType: 'place_assignment',
        objectId: row!.id,
        orgNodeId: place.id,
        details: { duty: body.duty, userId: user.id, households: householdIds.length },
      });
      if (granted[0]) {
        await recordAudit(tx, actor, now, {
          action: 'role.grant',
          objectType: 'user',
          objectId: user.id,
          orgNodeId: place.id,
          details: { assignmentId: granted[0].id, role: body.duty, placeAssignmentId: row!.id },
        });
      }
      return { row: row!, granted: !!granted[0] };
    })
    .catch((err: unknown) => {
      if (pgErrorCode(err) === '23505') {
        throw errors.conflict('assignment_exists', '此人已担任该职责', 'This person already holds this duty here');
      }
      throw err;
    });
  const [detail] = await ctx.db.select(fields).from(placeAssignments).innerJoin(orgNodes, eq(orgNodes.id, placeAssignments.nodeId)).innerJoin(users, eq(users.id, placeAssignments.userId)).where(eq(placeAssignments.id, result.row.id));
  return present(detail!, result.granted);
}

export async function endAssignment(ctx: AppContext, p: Principal, actor: ActorContext, id: number, note?: string) {
  const [found] = await ctx.db.select({ a: placeAssignments }).from(placeAssignments).where(eq(placeAssignments.id, id));
  if (!found) throw errors.notFound();
  await placeToManage(ctx, p, found.a.nodeId, found.a.duty);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [ended] = await tx
      .update(placeAssignments)
      .set({ endedAt: now, note: note?.trim() || found.a.note })
      .where(and(eq(placeAssignments.id, id), isNull(placeAssignments.endedAt)))
      .returning({ id: placeAssignments.id });
    if (!ended) throw errors.conflict('assignment_ended', '该职责已结束', 'This assignment has already ended');
    const revoked = await tx
      .delete(roleAssignments)
      .where(and(eq(roleAssignments.userId, found.a.userId), eq(roleAssignments.role, found.a.duty), eq(roleAssignments.orgNodeId, found.a.nodeId)))
      .returning({ id: roleAssignments.id });
    await recordAudit(tx, actor, now, {
      action: 'place_assignment.end',
      objectType: 'place_assignment',
      objectId: id,
      orgNodeId: found.a.nodeId,
      details: { duty: found.a.duty, userId: found.a.userId, roleRevoked: revoked.length > 0 },
    });
    for (const r of revoked) {
      await recordAudit(tx, actor, now, {
        action: 'role.revoke',
        objectType: 'user',
        objectId: found.a.userId,
        orgNodeId: found.a.nodeId,
        details: { assignmentId: r.id, role: found.a.duty, placeAssignmentId: id },
      });
    }
  });
  const [detail] = await ctx.db.select(fields).from(placeAssignments).innerJoin(orgNodes, eq(orgNodes.id, placeAssignments.nodeId)).innerJoin(users, eq(users.id, placeAssignments.userId)).where(eq(placeAssignments.id, id));
  return present(detail!);
}
