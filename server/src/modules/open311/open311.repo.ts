import { and, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import { orgNodes } from '../../db/schema/org.js';
import { open311Tokens, requestCategories, requests, type RequestStatus } from '../../db/schema/requests.js';

export interface JurisdictionNode {
  id: number;
  name: string;
  path: string;
  kind: string;
  code: string | null;
}

const nodeFields = { id: orgNodes.id, name: orgNodes.name, path: orgNodes.path, kind: orgNodes.kind, code: orgNodes.code };

/** jurisdiction_id → org node: a division code ("150204"), or "n<id>" for nodes without one. */
export async function findJurisdiction(db: DbOrTx, jurisdictionId: string): Promise<JurisdictionNode | undefined> {
  const byId = /^n([1-9]\d{0,9})$/.exec(jurisdictionId);
  const [row] = await db
    .select(nodeFields)
    .from(orgNodes)
    .where(byId ? eq(orgNodes.id, Number(byId[1])) : eq(orgNodes.code, jurisdictionId))
    .limit(1);
  return row;
}

export async function findNodeById(db: DbOrTx, id: number): Promise<JurisdictionNode | undefined> {
  const [row] = await db.select(nodeFields).from(orgNodes).where(eq(orgNodes.id, id)).limit(1);
  return row;
}

const category = alias(requestCategories, 'category');
const assigneeNode = alias(orgNodes, 'assignee_node');
const mergedInto = alias(requests, 'merged_into');

export interface RequestFilter {
  /** Requests filed under this subtree (the key's node, narrowed by jurisdiction_id). */
  underPath: string;
  /** Request numbers (service_request_id); when given, the other filters are not applied. */
  numbers?: string[];
  codes?: string[];
  from?: Date;
  before?: Date;
  statuses?: readonly RequestStatus[];
  limit: number;
  /** The key asking: marks the requests it filed (their description is shown). */
  keyId: number;
}

function whereOf(f: RequestFilter): SQL {
  const conditions: (SQL | undefined)[] = [sql`${requests.orgNodeId} in (select n.id from ${orgNodes} n where n.path <@ ${f.underPath}::ltree)`];
  if (f.numbers) conditions.push(inArray(requests.number, f.numbers));
  else {
    if (f.codes?.length) conditions.push(inArray(category.code, f.codes));
    if (f.from) conditions.push(gte(requests.receivedAt, f.from));
    if (f.before) conditions.push(lt(requests.receivedAt, f.before));
    if (f.statuses?.length) conditions.push(inArray(requests.status, [...f.statuses]));
  }
  return and(...conditions)!;
}

/** Newest first, with what the GeoReport fields need; personal columns are not even read. */
export async function listRequests(db: DbOrTx, f: RequestFilter) {
  return db
    .select({
      id: requests.id,
      number: requests.number,
      status: requests.status,
      content: requests.content,
      categoryCode: category.code,
      categoryName: category.name,
      nodeName: orgNodes.name,
      assigneeNodeName: assigneeNode.name,
      mergedIntoNumber: mergedInto.number,
      address: requests.address,
      lng: requests.lng,
      lat: requests.lat,
      receivedAt: requests.receivedAt,
      updatedAt: requests.updatedAt,
      resolutionDueAt: requests.resolutionDueAt,
      // Qualified by hand: inside a subquery Drizzle would render the outer column unqualified.
      filedByKey: sql<boolean>`exists (select 1 from open311_tokens t where t.request_id = "requests"."id" and t.key_id = ${f.keyId})`,
      result: sql<string | null>`(select e.note from request_events e where e.request_id = "requests"."id"
        and e.action in ('resolve','self_resolve','reject','merge') order by e.at desc, e.id desc limit 1)`,
    })
    .from(requests)
    .innerJoin(orgNodes, eq(orgNodes.id, requests.orgNodeId))
    .leftJoin(category, eq(category.id, requests.categoryId))
    .leftJoin(assigneeNode, eq(assigneeNode.id, requests.assigneeNodeId))
    .leftJoin(mergedInto, eq(mergedInto.id, requests.mergedIntoId))
    .where(whereOf(f))
    .orderBy(desc(requests.receivedAt), desc(requests.id))
    .limit(f.limit);
}

export type Open311Row = Awaited<ReturnType<typeof listRequests>>[number];

export async function insertToken(db: DbOrTx, token: string, requestId: number, keyId: number, now: Date): Promise<void> {
  await db.insert(open311Tokens).values({ token, requestId, keyId, createdAt: now });
}

export async function findToken(db: DbOrTx, token: string) {
  const [row] = await db
    .select({ token: open311Tokens.token, number: requests.number })
    .from(open311Tokens)
    .innerJoin(requests, eq(requests.id, open311Tokens.requestId))
    .where(eq(open311Tokens.token, token))
    .limit(1);
  return row;
}
