import { and, desc, eq, gte, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client.js';
import { orgNodes } from '../../db/schema/org.js';
import { auditLog } from '../../db/schema/platform.js';
import { users } from '../../db/schema/users.js';
import { inSubtrees } from '../../platform/access.js';

export interface AuditFilter {
  /** Entries whose org node lies in one of these subtrees. */
  paths: string[];
  /** Also entries with no org node (system admins only). */
  includeUnscoped: boolean;
  action?: string;
  actorId?: number;
  objectType?: string;
  objectId?: string;
  from?: Date;
  /** Exclusive upper bound. */
  before?: Date;
}

/** Counting stops here: an exact count over millions of rows costs more than a page of them. */
export const AUDIT_COUNT_CAP = 10_000;

function whereOf(filter: AuditFilter): SQL {
  // A semi-join on the node ids lets the planner pick either index: (org_node_id, at) for a small subtree,
  // (at) read backwards for a large one.
  const inScope = sql`${auditLog.orgNodeId} in (select scope_node.id from ${orgNodes} scope_node where ${inSubtrees(sql`scope_node.path`, filter.paths)})`;
  const conditions: (SQL | undefined)[] = [
    filter.includeUnscoped ? or(inScope, isNull(auditLog.orgNodeId)) : inScope,
    filter.action === undefined ? undefined : eq(auditLog.action, filter.action),
    filter.actorId === undefined ? undefined : eq(auditLog.actorUserId, filter.actorId),
    filter.objectType === undefined ? undefined : eq(auditLog.objectType, filter.objectType),
    filter.objectId === undefined ? undefined : eq(auditLog.objectId, filter.objectId),
    filter.from === undefined ? undefined : gte(auditLog.at, filter.from),
    filter.before === undefined ? undefined : lt(auditLog.at, filter.before),
  ];
  return and(...conditions)!;
}

/**
 * What the object is called today, for the objects people know by a name or number (a request's number, a user's
 * name, a room's name); null for the rest, whose details say enough. Ids are checked to be numbers before the cast.
 */
const objectLabel = sql<string | null>`case when ${auditLog.objectId} ~ '^[0-9]{1,9}$' then case ${auditLog.objectType}
  when 'request' then (select o.number from requests o where o.id = ${auditLog.objectId}::bigint)
  when 'user' then (select o.display_name from users o where o.id = ${auditLog.objectId}::int)
  when 'org_node' then (select o.name from org_nodes o where o.id = ${auditLog.objectId}::int)
  when 'service_center' then (select n.name from service_centers o join org_nodes n on n.id = o.org_node_id where o.id = ${auditLog.objectId}::int)
  when 'room' then (select o.name from rooms o where o.id = ${auditLog.objectId}::int)
  when 'team' then (select o.name from teams o where o.id = ${auditLog.objectId}::int)
  when 'request_category' then (select o.name from request_categories o where o.id = ${auditLog.objectId}::int)
  when 'booking' then (select r.name from bookings o join rooms r on r.id = o.room_id where o.id = ${auditLog.objectId}::int)
  when 'booking_series' then (select r.name from booking_series o join rooms r on r.id = o.room_id where o.id = ${auditLog.objectId}::int)
  end end`;

export async function listEntries(db: DbOrTx, filter: AuditFilter, limit: number, offset: number) {
  const where = whereOf(filter);
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorId: auditLog.actorUserId,
      actorName: users.displayName,
      action: auditLog.action,
      objectType: auditLog.objectType,
      objectId: auditLog.objectId,
      objectLabel,
      orgNodeId: auditLog.orgNodeId,
      orgNodeName: orgNodes.name,
      ip: auditLog.ip,
      details: auditLog.details,
    })
    .from(auditLog)
    .leftJoin(orgNodes, eq(orgNodes.id, auditLog.orgNodeId))
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(where)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit)
    .offset(offset);
  const [counted] = await queryRows<{ n: number | string }>(
    db,
    sql`select count(*) as n from (select 1 from ${auditLog} where ${where} limit ${AUDIT_COUNT_CAP + 1}) as capped`,
  );
  const n = Number(counted?.n ?? 0);
  return { rows, total: Math.min(n, AUDIT_COUNT_CAP), totalCapped: n > AUDIT_COUNT_CAP };
}

export async function findNodePath(db: DbOrTx, id: number): Promise<{ path: string } | undefined> {
  const [row] = await db.select({ path: orgNodes.path }).from(orgNodes).where(eq(orgNodes.id, id)).limit(1);
  return row;
}
