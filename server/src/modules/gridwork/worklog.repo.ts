import { and, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { workLogPersons, workLogs } from '../../db/schema/gridwork.js';
import { orgNodes } from '../../db/schema/org.js';
import { households, persons } from '../../db/schema/registry.js';
import { requests } from '../../db/schema/requests.js';
import { users } from '../../db/schema/users.js';
import { inSubtrees } from '../../platform/access.js';

export type WorkLogRow = typeof workLogs.$inferSelect;

export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** Persons with their household and the household's node path (for scope checks). */
export async function personsWithPlace(db: DbOrTx, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: persons.id, name: persons.name, householdId: persons.householdId, path: orgNodes.path, nodeId: households.nodeId })
    .from(persons)
    .innerJoin(households, eq(households.id, persons.householdId))
    .innerJoin(orgNodes, eq(orgNodes.id, households.nodeId))
    .where(inArray(persons.id, ids));
}

export async function householdWithPlace(db: DbOrTx, id: number) {
  const [row] = await db
    .select({ id: households.id, nodeId: households.nodeId, path: orgNodes.path, communityId: households.communityId, gridId: households.gridId })
    .from(households)
    .innerJoin(orgNodes, eq(orgNodes.id, households.nodeId))
    .where(eq(households.id, id));
  return row;
}

export async function insertLog(db: DbOrTx, row: typeof workLogs.$inferInsert, personIds: number[]): Promise<WorkLogRow> {
  const [saved] = await db.insert(workLogs).values(row).returning();
  if (personIds.length) {
    await db
      .insert(workLogPersons)
      .values(personIds.map((personId) => ({ workLogId: saved!.id, personId, kind: saved!.kind, occurredAt: saved!.occurredAt })));
  }
  return saved!;
}

export interface LogFilter {
  paths: string[];
  nodePath?: string;
  kind?: string;
  authorId?: number;
  from?: Date;
  to?: Date;
  ids?: number[];
  householdIds?: number[];
  personIds?: number[];
}

function logWhere(f: LogFilter): SQL {
  const conds: SQL[] = [inSubtrees(orgNodes.path, f.paths)];
  if (f.nodePath) conds.push(sql`${orgNodes.path} <@ ${f.nodePath}::ltree`);
  if (f.kind) conds.push(sql`${workLogs.kind} = ${f.kind}`);
  if (f.authorId) conds.push(eq(workLogs.createdBy, f.authorId));
  if (f.from) conds.push(gte(workLogs.occurredAt, f.from));
  if (f.to) conds.push(lt(workLogs.occurredAt, f.to));
  if (f.ids) conds.push(f.ids.length ? inArray(workLogs.id, f.ids) : sql`false`);
  if (f.householdIds || f.personIds) {
    const hh = f.householdIds?.length ? inArray(workLogs.householdId, f.householdIds) : sql`false`;
    const pp = f.personIds?.length
      ? sql`${workLogs.id} in (select wp.work_log_id from work_log_persons wp where wp.person_id in (${sql.join(
          f.personIds.map((id) => sql`${id}`),
          sql`, `,
        )}))`
      : sql`false`;
    conds.push(sql`(${hh} or ${pp})`);
  }
  return and(...conds)!;
}

const logFields = {
  log: workLogs,
  nodeName: orgNodes.name,
  authorName: users.displayName,
  requestNumber: requests.number,
};

export async function listLogs(db: DbOrTx, f: LogFilter, limit: number, offset: number) {
  const where = logWhere(f);
  const rows = await db
    .select(logFields)
    .from(workLogs)
    .innerJoin(orgNodes, eq(orgNodes.id, workLogs.orgNodeId))
    .innerJoin(users, eq(users.id, workLogs.createdBy))
    .leftJoin(requests, eq(requests.id, workLogs.requestId))
    .where(where)
    .orderBy(desc(workLogs.occurredAt), desc(workLogs.id))
    .limit(limit)
    .offset(offset);
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(workLogs)
    .innerJoin(orgNodes, eq(orgNodes.id, workLogs.orgNodeId))
    .where(where);
  return { rows, total: count?.n ?? 0 };
}

export type LogListRow = Awaited<ReturnType<typeof listLogs>>['rows'][number];

export async function personsOfLogs(db: DbOrTx, logIds: number[]) {
  if (logIds.length === 0) return [];
  return db
    .select({ workLogId: workLogPersons.workLogId, id: persons.id, name: persons.name })
    .from(workLogPersons)
    .innerJoin(persons, eq(persons.id, workLogPersons.personId))
    .where(inArray(workLogPersons.workLogId, logIds));
}

export async function logWithPath(db: DbOrTx, id: number) {
  const [row] = await db
    .select({ id: workLogs.id, path: orgNodes.path })
    .from(workLogs)
    .innerJoin(orgNodes, eq(orgNodes.id, workLogs.orgNodeId))
    .where(eq(workLogs.id, id));
  return row;
}

/** Members of a household now, with their linked accounts. */
export async function membersOf(db: DbOrTx, householdId: number) {
  return db.select({ id: persons.id, userId: persons.userId }).from(persons).where(eq(persons.householdId, householdId));
}

/** Requests reported by these accounts, in the caller's reach. */
export async function requestsBy(db: DbOrTx, userIds: number[], paths: string[]) {
  if (userIds.length === 0) return [];
  return db
    .select({ id: requests.id, number: requests.number, title: requests.title, status: requests.status, channel: requests.channel, receivedAt: requests.receivedAt })
    .from(requests)
    .innerJoin(orgNodes, eq(orgNodes.id, requests.orgNodeId))
    .where(and(inArray(requests.reporterUserId, userIds), inSubtrees(orgNodes.path, paths)))
    .orderBy(desc(requests.receivedAt))
    .limit(200);
}

/** Entries by kind, grouped by grid and by author, under a node: by the communities' index, never a region scan. */
export async function countByKind(db: DbOrTx, nodePath: string, from: Date, to: Date) {
  return db
    .select({ gridId: workLogs.gridId, authorId: workLogs.createdBy, kind: workLogs.kind, n: sql<number>`count(*)::int` })
    .from(workLogs)
    .innerJoin(orgNodes, eq(orgNodes.id, workLogs.orgNodeId))
    .where(
      and(
        sql`${workLogs.communityId} in (select c.id from org_nodes c where c.kind = 'community' and (c.path <@ ${nodePath}::ltree or c.path @> ${nodePath}::ltree))`,
        sql`${orgNodes.path} <@ ${nodePath}::ltree`,
        gte(workLogs.occurredAt, from),
        lt(workLogs.occurredAt, to),
      ),
    )
    .groupBy(workLogs.gridId, workLogs.createdBy, workLogs.kind);
}
