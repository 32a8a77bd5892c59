import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { queryRows, type DbOrTx } from '../../../db/client.js';
import { orgNodes } from '../../../db/schema/org.js';
import {
  OPEN_STATUSES,
  REQUEST_STATUSES,
  requestCategories,
  requests,
  type RequestChannel,
  type RequestPriority,
  type RequestStatus,
} from '../../../db/schema/requests.js';
import { users } from '../../../db/schema/users.js';
import { inSubtrees } from '../../../platform/access.js';
import { escapeLike } from '../../org/org.repo.js';
import type { LedgerSort } from './schema.js';

/** Counting stops here: an exact count over a million rows costs more than a page of them. */
export const LEDGER_COUNT_CAP = 10_000;

export interface LedgerKeyword {
  /** The keyword as typed, for title/content/address substrings. */
  text: string;
  /** Lower-case Latin letters when the keyword looks like pinyin: prefix of the full pinyin or of the initials. */
  pinyin: string | null;
}

export interface LedgerFilter {
  /** Subtrees the caller may read (access layer). */
  scopePaths: string[];
  /** Narrowed to this node's subtree. */
  nodePath?: string;
  categoryId?: number;
  statuses?: RequestStatus[];
  channels?: RequestChannel[];
  priorities?: RequestPriority[];
  from?: Date;
  /** Exclusive upper bound of received_at. */
  before?: Date;
  overdue?: boolean;
  escalated?: boolean;
  /** Resolution deadline within [from, before): one China-time day. */
  dueOn?: { from: Date; before: Date };
  keyword?: LedgerKeyword;
  /** "Now" for the overdue test of open requests. */
  now: Date;
}

export interface LedgerOrder {
  sort: LedgerSort;
  direction: 'asc' | 'desc';
}

/** Position after the last row of a page: its sort key (as PostgreSQL text) and id. */
export interface LedgerPosition {
  key: string;
  id: number;
}

const categories = requestCategories;
const parentCategories = alias(requestCategories, 'parent_category');
const assigneeNodes = alias(orgNodes, 'assignee_node');

const statusRank = sql`array_position(array[${sql.raw(REQUEST_STATUSES.map((s) => `'${s}'`).join(','))}]::text[], ${requests.status})`;
const openList = sql.raw(OPEN_STATUSES.map((s) => `'${s}'`).join(','));

/** When the request stopped the clock (resolved) or now while it is open; null for merged / rejected. */
export function overdueTest(now: Date): SQL {
  return sql`coalesce((case when ${requests.status} in ('resolved','closed') then ${requests.resolvedAt}
                            when ${requests.status} in (${openList}) then ${now.toISOString()}::timestamptz end) > ${requests.resolutionDueAt}, false)`;
}

function sortKey(sort: LedgerSort): SQL {
  if (sort === 'deadline') return sql`${requests.resolutionDueAt}`;
  if (sort === 'status') return statusRank;
  return sql`${requests.receivedAt}`;
}

function keyCast(sort: LedgerSort): SQL {
  return sort === 'status' ? sql`::int` : sql`::timestamptz`;
}

function keywordTest(k: LedgerKeyword): SQL {
  const like = `%${escapeLike(k.text)}%`;
  const tests: SQL[] = [
    sql`${requests.content} ilike ${like}`,
    sql`${requests.title} ilike ${like}`,
    sql`${requests.address} ilike ${like}`,
    sql`${requests.number} = ${k.text.toUpperCase()}`,
  ];
  if (/^[a-z]{0,4}\d{4,}$/i.test(k.text)) tests.push(sql`${requests.number} like ${`${escapeLike(k.text.toUpperCase())}%`}`);
  if (k.pinyin) {
    // reporter_name_pinyin holds "<full> <initials>": a prefix of either word.
    const prefix = escapeLike(k.pinyin);
    tests.push(sql`(${requests.reporterNamePinyin} like ${`${prefix}%`} or ${requests.reporterNamePinyin} like ${`% ${prefix}%`})`);
  }
  return sql`(${sql.join(tests, sql` or `)})`;
}

/** The scope on org_nodes aliased scope_node: the caller's subtrees, narrowed to the filter's node. */
function scopeNodes(f: LedgerFilter): SQL {
  const conditions = [inSubtrees(sql`scope_node.path`, f.scopePaths)];
  if (f.nodePath) conditions.push(sql`scope_node.path <@ ${f.nodePath}::ltree`);
  return and(...conditions)!;
}

/** Every filter except the scope. */
function filtersOf(f: LedgerFilter): SQL[] {
  const conditions: (SQL | undefined)[] = [
    f.categoryId === undefined
      ? undefined
      : sql`${requests.categoryId} in (select c.id from ${categories} c where c.id = ${f.categoryId} or c.parent_id = ${f.categoryId})`,
    f.statuses?.length ? inArray(requests.status, f.statuses) : undefined,
    f.channels?.length ? inArray(requests.channel, f.channels) : undefined,
    f.priorities?.length ? inArray(requests.priority, f.priorities) : undefined,
    f.from ? sql`${requests.receivedAt} >= ${f.from.toISOString()}::timestamptz` : undefined,
    f.before ? sql`${requests.receivedAt} < ${f.before.toISOString()}::timestamptz` : undefined,
    f.overdue === undefined ? undefined : f.overdue ? overdueTest(f.now) : sql`not ${overdueTest(f.now)}`,
    f.escalated === undefined ? undefined : f.escalated ? sql`${requests.escalatedAt} is not null` : sql`${requests.escalatedAt} is null`,
    f.dueOn
      ? sql`${requests.resolutionDueAt} >= ${f.dueOn.from.toISOString()}::timestamptz and ${requests.resolutionDueAt} < ${f.dueOn.before.toISOString()}::timestamptz`
      : undefined,
    f.keyword ? keywordTest(f.keyword) : undefined,
  ];
  return conditions.filter((c): c is SQL => c !== undefined);
}

export function whereOf(f: LedgerFilter): SQL {
  return and(sql`${requests.orgNodeId} in (select scope_node.id from ${orgNodes} scope_node where ${scopeNodes(f)})`, ...filtersOf(f))!;
}

/**
 * How the newest rows of a subtree are read. Node by node (each node's newest rows through (org_node_id,
 * received_at), merged) reads about nodes × rows-per-page entries whatever the table holds — far better for a
 * community or a grid, whose rows are a sliver of all requests. received_at read backwards reads about
 * rows-per-page ÷ share-of-all-requests entries — better for a county and up. Node by node is used while
 * nodes × (offset + limit) stays within this budget (measured on 1 million requests: a grid's first page reads
 * 684 buffers node by node against 56,110 backwards; a county's 700 backwards).
 */
export const PER_NODE_BUDGET = 20_000;

/** Nodes in the filter's scope, counted up to `cap` (to pick the plan). */
export async function scopeNodeCount(db: DbOrTx, f: LedgerFilter, cap: number): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(
    db,
    sql`select count(*) as n from (select 1 from ${orgNodes} scope_node where ${scopeNodes(f)} limit ${cap + 1}) as capped`,
  );
  return Number(row?.n ?? 0);
}

function afterPosition(order: LedgerOrder, position: LedgerPosition): SQL {
  const op = order.direction === 'asc' ? sql`>` : sql`<`;
  return sql`(${sortKey(order.sort)}, ${requests.id}) ${op} (${position.key}${keyCast(order.sort)}, ${position.id}::bigint)`;
}

/** 办理结果: the note of the step that ended the handling (resolution, or rejection / merge as invalid or duplicate). */
// Qualified by hand: inside a subquery Drizzle would render the outer column unqualified.
const resultNote = sql<string | null>`(select e.note from request_events e
  where e.request_id = "requests"."id" and e.action in ('resolve','self_resolve','reject','merge')
  order by e.at desc, e.id desc limit 1)`;

/**
 * 承办人: who handled the request to its end, the actor of its latest resolution step. A request dispatched to a
 * unit has no assigned person, and one that was reopened and reassigned names its new handler.
 */
const handlerOf = (column: 'id' | 'display_name') =>
  sql.raw(`(select u.${column} from request_events e join users u on u.id = e.actor_user_id
  where e.request_id = "requests"."id" and e.action in ('resolve','self_resolve')
  order by e.at desc, e.id desc limit 1)`);

function rowFields(now: Date) {
  return {
    id: requests.id,
    number: requests.number,
    channel: requests.channel,
    status: requests.status,
    priority: requests.priority,
    title: requests.title,
    content: requests.content,
    categoryId: requests.categoryId,
    categoryCode: categories.code,
    categoryName: categories.name,
    categoryNameEn: categories.nameEn,
    parentCategoryName: parentCategories.name,
    parentCategoryNameEn: parentCategories.nameEn,
    orgNodeId: requests.orgNodeId,
    orgNodeName: orgNodes.name,
    address: requests.address,
    reporterName: requests.reporterName,
    reporterPhone: requests.reporterPhone,
    assigneeUserId: requests.assigneeUserId,
    assigneeUserName: users.displayName,
    assigneeNodeId: requests.assigneeNodeId,
    assigneeNodeName: assigneeNodes.name,
    receivedAt: requests.receivedAt,
    responseDueAt: requests.responseDueAt,
    resolutionDueAt: requests.resolutionDueAt,
    respondedAt: requests.respondedAt,
    resolvedAt: requests.resolvedAt,
    closedAt: requests.closedAt,
    closeReason: requests.closeReason,
    followUpAt: requests.followUpAt,
    followUpSolved: requests.followUpSolved,
    satisfaction: requests.satisfaction,
    followUpComment: requests.followUpComment,
    escalatedAt: requests.escalatedAt,
    deadlineEstimated: requests.deadlineEstimated,
    result: resultNote,
    handlerUserId: sql<number | null>`${handlerOf('id')}`,
    handlerName: sql<string | null>`${handlerOf('display_name')}`,
    overdue: sql<boolean>`${overdueTest(now)}`,
  };
}

export type LedgerRow = Awaited<ReturnType<typeof ledgerPage>>['rows'][number];

/**
 * One page in the requested order; `after` continues after a previous page (keyset), `offset` jumps within the
 * first pages. `perNode` reads the newest rows of each node in scope and merges them (received order only, see
 * PER_NODE_BUDGET). Returns the position of the last row for the next call.
 */
export async function ledgerPage(
  db: DbOrTx,
  filter: LedgerFilter,
  order: LedgerOrder,
  page: { limit: number; offset?: number; after?: LedgerPosition; perNode?: boolean },
) {
  const offset = page.offset ?? 0;
  const direction = order.direction === 'asc' ? sql`asc` : sql`desc`;
  const keyset = page.after ? [afterPosition(order, page.after)] : [];
  let where: SQL;
  if (page.perNode && order.sort === 'received') {
    // Inside the lateral subquery "requests" is the inner table, so the filters apply per node.
    const newest = sql`select top.id from ${orgNodes} scope_node cross join lateral (
        select ${requests.id} as id, ${requests.receivedAt} as received_at from ${requests}
        where ${and(sql`${requests.orgNodeId} = scope_node.id`, ...filtersOf(filter), ...keyset)}
        order by ${requests.receivedAt} ${direction}, ${requests.id} ${direction} limit ${page.limit + offset}) top
      where ${scopeNodes(filter)}
      order by top.received_at ${direction}, top.id ${direction} limit ${page.limit} offset ${offset}`;
    where = sql`${requests.id} in (${newest})`;
  } else {
    where = and(whereOf(filter), ...keyset)!;
  }
  const query = db
    .select({ ...rowFields(filter.now), sortKey: sql<string>`${sortKey(order.sort)}::text` })
    .from(requests)
    .innerJoin(orgNodes, eq(orgNodes.id, requests.orgNodeId))
    .leftJoin(categories, eq(categories.id, requests.categoryId))
    .leftJoin(parentCategories, eq(parentCategories.id, categories.parentId))
    .leftJoin(assigneeNodes, eq(assigneeNodes.id, requests.assigneeNodeId))
    .leftJoin(users, eq(users.id, requests.assigneeUserId))
    .where(where)
    .orderBy(sql`${sortKey(order.sort)} ${direction}`, sql`${requests.id} ${direction}`);
  const rows = page.perNode && order.sort === 'received' ? await query : await query.limit(page.limit).offset(offset);
  const last = rows.at(-1);
  return { rows, last: last ? { key: String(last.sortKey), id: Number(last.id) } : null };
}

/**
 * Matching rows counted up to `cap`, node by node through (org_node_id, received_at): the count reads at most the
 * rows of the subtree, and stops at the cap.
 */
export async function countMatching(db: DbOrTx, filter: LedgerFilter, cap: number): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(
    db,
    sql`select count(*) as n from (select 1 from ${orgNodes} scope_node cross join lateral (
          select 1 from ${requests} where ${and(sql`${requests.orgNodeId} = scope_node.id`, ...filtersOf(filter))} limit ${cap + 1}) hit
        where ${scopeNodes(filter)} limit ${cap + 1}) as capped`,
  );
  return Number(row?.n ?? 0);
}

export async function findNodePath(db: DbOrTx, id: number): Promise<string | undefined> {
  const [row] = await db.select({ path: orgNodes.path }).from(orgNodes).where(eq(orgNodes.id, id)).limit(1);
  return row?.path;
}

/** A category the caller's filter may name: any category (names are not personal data), or undefined. */
export async function findCategory(db: DbOrTx, id: number) {
  const [row] = await db.select({ id: categories.id }).from(categories).where(eq(categories.id, id)).limit(1);
  return row;
}

/**
 * Matching requests counted per community (社区/村/嘎查) of the filter's scope, every community listed even with
 * none: the same scope and filters as the ledger (whereOf), grouped by the community each request's node lies in.
 * The ledger narrowed to one of these communities counts the same number (ledger.test / home.test check it).
 */
export async function countByCommunity(db: DbOrTx, filter: LedgerFilter, communityIds: number[]): Promise<Map<number, number>> {
  if (communityIds.length === 0) return new Map();
  const rows = await queryRows<{ id: number | string; n: number | string }>(
    db,
    sql`select c.id, count(*) as n
        from ${orgNodes} c
        join ${orgNodes} rn on rn.path <@ c.path
        join ${requests} on ${requests.orgNodeId} = rn.id
        where c.id in (${sql.join(communityIds.map((id) => sql`${id}`), sql`, `)}) and ${whereOf(filter)}
        group by c.id`,
  );
  return new Map(rows.map((r) => [Number(r.id), Number(r.n)]));
}
