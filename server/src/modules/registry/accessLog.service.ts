import { sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import { inSubtrees, type Principal } from '../../platform/access.js';
import { toShanghaiIso } from '../../platform/calendarDays.js';
import type { AppContext } from '../../platform/context.js';
import { listPaths } from './scope.js';
import type { AccessLogQuery } from './tags.schema.js';

/**
 * Access review: who saw whose full record, when and why — the person.view_full audit rows of registry persons at
 * places the caller may review (audit.read or registry.configure).
 */
interface Row {
  id: number;
  at: Date;
  actorId: number | null;
  actorName: string | null;
  personId: number | null;
  personName: string | null;
  orgNodeId: number | null;
  orgNodeName: string | null;
  details: { reason?: string; fields?: string[] } | null;
  ip: string | null;
  total: number;
}

export async function accessLog(ctx: AppContext, principal: Principal, query: AccessLogQuery) {
  const paths = await listPaths(ctx.db, principal, ['audit.read', 'registry.configure'], query.nodeId);
  const where: SQL[] = [sql`a.action = 'person.view_full'`, sql`a.object_type = 'person'`, inSubtrees(sql`n.path`, paths)];
  if (query.from) where.push(sql`a.at >= (${query.from}::date)::timestamp at time zone 'Asia/Shanghai'`);
  if (query.to) where.push(sql`a.at < ((${query.to}::date + 1)::timestamp at time zone 'Asia/Shanghai')`);
  if (query.actorId) where.push(sql`a.actor_user_id = ${query.actorId}`);
  const rows = await queryRows<Row>(
    ctx.db,
    sql`select a.id, a.at, a.actor_user_id as "actorId", u.display_name as "actorName", p.id as "personId", p.name as "personName",
          a.org_node_id as "orgNodeId", n.name as "orgNodeName", a.details, a.ip, count(*) over ()::int as total
        from audit_log a
        join org_nodes n on n.id = a.org_node_id
        left join users u on u.id = a.actor_user_id
        left join persons p on p.id::text = a.object_id
        where ${sql.join(where, sql` and `)}
        order by a.at desc, a.id desc
        limit ${query.limit} offset ${query.offset}`,
  );
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      at: toShanghaiIso(new Date(r.at)),
      actorId: r.actorId,
      actorName: r.actorName,
      personId: r.personId,
      personName: r.personName,
      orgNodeId: r.orgNodeId,
      orgNodeName: r.orgNodeName,
      reason: typeof r.details?.reason === 'string' ? r.details.reason : null,
      fields: Array.isArray(r.details?.fields) ? r.details.fields.map(String) : [],
      ip: r.ip,
    })),
    total: Number(rows[0]?.total ?? 0),
  };
}
