import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client.js';

/**
 * What must hold of the points ledger and the store (docs/adr/0024), as lists of violations (empty when it holds):
 * used by the points tests after random operations and by the demo's invariants.
 */
export interface PointsViolation {
  check: string;
  detail: string;
}

const as = (check: string, rows: Record<string, unknown>[]): PointsViolation[] => rows.map((r) => ({ check, detail: JSON.stringify(r) }));

/** Every posting's entries sum to zero, and the posting's `points` is what its volunteer side says. */
export async function postingsBalance(db: DbOrTx): Promise<PointsViolation[]> {
  return as(
    'every posting sums to zero and matches its volunteer side',
    await queryRows(
      db,
      sql`select p.id, p.points, coalesce(sum(e.amount), 0)::int as total,
                 coalesce(sum(e.amount) filter (where a.kind = 'volunteer'), 0)::int as volunteer_side,
                 count(e.id)::int as entries
          from point_postings p
          left join point_entries e on e.posting_id = p.id
          left join point_accounts a on a.id = e.account_id
          group by p.id
          having coalesce(sum(e.amount), 0) <> 0
              or coalesce(sum(e.amount) filter (where a.kind = 'volunteer'), 0) <> p.points
              or count(e.id) not in (0, 2)
              or count(e.id) filter (where a.kind = 'volunteer' and a.volunteer_id = p.volunteer_id) <> (case when p.points = 0 then 0 else 1 end)`,
    ),
  );
}

/** Every account's cached balance is the sum of its entries; no volunteer's is negative. */
export async function balancesAreSums(db: DbOrTx): Promise<PointsViolation[]> {
  return as(
    'every balance is the sum of its entries, and none of a volunteer is negative',
    await queryRows(
      db,
      sql`select a.id, a.kind, a.balance, coalesce(s.total, 0)::int as total
          from point_accounts a
          left join (select account_id, sum(amount) as total from point_entries group by account_id) s on s.account_id = a.id
          where a.balance <> coalesce(s.total, 0) or (a.kind = 'volunteer' and a.balance < 0)`,
    ),
  );
}

/** Goods' stock is the sum of their stock movements and never negative; open or handed-over redemptions took stock. */
export async function stockIsLedger(db: DbOrTx): Promise<PointsViolation[]> {
  return as(
    'every goods stock is the sum of its movements',
    await queryRows(
      db,
      sql`select g.id, g.stock, coalesce(s.total, 0)::int as total
          from store_goods g
          left join (select goods_id, sum(quantity) as total from stock_movements group by goods_id) s on s.goods_id = g.id
          where g.stock <> coalesce(s.total, 0) or g.stock < 0`,
    ),
  );
}

/** A redemption's points were posted once and, when cancelled, refunded once. */
export async function redemptionsPosted(db: DbOrTx): Promise<PointsViolation[]> {
  return as(
    'every redemption is posted once, and refunded once when cancelled',
    await queryRows(
      db,
      sql`select r.id, r.status,
                 count(p.id) filter (where p.kind = 'redemption' and p.points = -r.points)::int as charged,
                 count(p.id) filter (where p.kind = 'refund' and p.points = r.points)::int as refunded
          from store_redemptions r left join point_postings p on p.redemption_id = r.id
          group by r.id
          having count(p.id) filter (where p.kind = 'redemption' and p.points = -r.points) <> 1
              or count(p.id) filter (where p.kind = 'refund' and p.points = r.points) <> (case when r.status = 'cancelled' then 1 else 0 end)`,
    ),
  );
}

export async function pointsViolations(db: DbOrTx): Promise<PointsViolation[]> {
  return [...(await postingsBalance(db)), ...(await balancesAreSums(db)), ...(await stockIsLedger(db)), ...(await redemptionsPosted(db))];
}
