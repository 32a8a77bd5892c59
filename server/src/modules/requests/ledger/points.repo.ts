import { and, eq, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/client.js';
import { requestCategories, requests } from '../../../db/schema/requests.js';
import { overdueTest, whereOf, type LedgerFilter } from './repo.js';

/** Requests with a map point under the ledger's filter and scope, newest first, `limit` + 1 rows to tell a cut. */
export async function pointsMatching(db: DbOrTx, filter: LedgerFilter, limit: number) {
  return db
    .select({
      id: requests.id,
      number: requests.number,
      title: requests.title,
      status: requests.status,
      priority: requests.priority,
      overdue: sql<boolean>`${overdueTest(filter.now)}`,
      categoryId: requests.categoryId,
      categoryName: requestCategories.name,
      categoryNameEn: requestCategories.nameEn,
      lng: requests.lng,
      lat: requests.lat,
      receivedAt: requests.receivedAt,
    })
    .from(requests)
    .leftJoin(requestCategories, eq(requestCategories.id, requests.categoryId))
    .where(and(whereOf(filter), isNotNull(requests.lng), isNotNull(requests.lat)))
    .orderBy(sql`${requests.receivedAt} desc`, sql`${requests.id} desc`)
    .limit(limit + 1);
}

/** Matching requests without a point, counted up to `cap` (they cannot be drawn; the page says how many). */
export async function countWithoutPoint(db: DbOrTx, filter: LedgerFilter, cap: number): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(
    db,
    sql`select count(*) as n from (select 1 from ${requests} where ${and(whereOf(filter), or(isNull(requests.lng), isNull(requests.lat)))} limit ${cap + 1}) capped`,
  );
  return Math.min(Number(row?.n ?? 0), cap);
}
