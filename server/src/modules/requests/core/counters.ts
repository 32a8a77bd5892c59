import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.js';
import { requestCounters, type RequestStatus } from '../../../db/schema/requests.js';
import { shanghaiDate } from '../../../platform/calendar.js';

/**
 * The per-node, per-month counts behind the three rates (docs/requests-rates.md), kept in the transaction of
 * every change that moves one.
 *
 * Two kinds of count:
 * - **request counts** (received, responded on time, resolved, merged, rejected, escalated…) are a function of the
 *   request row, filed under its current node and the month it was received. A change adds the row's counts after
 *   it and subtracts those before it, so a transfer to another community or a merge moves or removes the request
 *   without any special case;
 * - **answer counts** (followed up, solved, satisfied…, no reply, reopened) are events: each follow-up answer or
 *   timeout adds one, under the node and the month it happened.
 */
export const COUNTER_FIELDS = [
  'received',
  'responded',
  'respondedOnTime',
  'resolved',
  'selfResolved',
  'merged',
  'rejected',
  'escalated',
  'followedUp',
  'solved',
  'satisfied',
  'basicallySatisfied',
  'unsatisfied',
  'noReply',
  'reopened',
] as const;
export type CounterField = (typeof COUNTER_FIELDS)[number];
export type Counts = Record<CounterField, number>;

export function zeroCounts(): Counts {
  return Object.fromEntries(COUNTER_FIELDS.map((f) => [f, 0])) as Counts;
}

/** The row fields request counts depend on. */
export interface CountedRequest {
  orgNodeId: number;
  receivedAt: Date;
  status: RequestStatus;
  respondedAt: Date | null;
  responseDueAt: Date;
  resolvedAt: Date | null;
  selfResolved: boolean;
  escalatedAt: Date | null;
}

/** First day of the China-time month of an instant, 'YYYY-MM-01'. */
export function monthOf(at: Date): string {
  return `${shanghaiDate(at).slice(0, 7)}-01`;
}

/** The request counts of one row. Merged and rejected requests leave the denominator (see the rates doc). */
export function requestCounts(r: CountedRequest): Partial<Counts> {
  if (r.status === 'merged') return { merged: 1 };
  if (r.status === 'rejected') return { rejected: 1 };
  const out: Partial<Counts> = { received: 1 };
  if (r.respondedAt) {
    out.responded = 1;
    if (r.respondedAt.getTime() <= r.responseDueAt.getTime()) out.respondedOnTime = 1;
  }
  if (r.resolvedAt && (r.status === 'resolved' || r.status === 'closed')) out.resolved = 1;
  if (r.selfResolved) out.selfResolved = 1;
  if (r.escalatedAt) out.escalated = 1;
  return out;
}

/** Deltas per (node, month), merged so that one statement touches each counter row once. */
export class CounterDelta {
  private readonly rows = new Map<string, { orgNodeId: number; month: string; counts: Counts }>();

  add(orgNodeId: number, month: string, counts: Partial<Counts>, sign = 1): this {
    const key = `${orgNodeId}|${month}`;
    let row = this.rows.get(key);
    if (!row) {
      row = { orgNodeId, month, counts: zeroCounts() };
      this.rows.set(key, row);
    }
    for (const [field, n] of Object.entries(counts) as [CounterField, number][]) row.counts[field] += sign * n;
    return this;
  }

  /** A request changed from `before` to `after` (null: did not exist / no longer counted). */
  change(before: CountedRequest | null, after: CountedRequest | null): this {
    if (before) this.add(before.orgNodeId, monthOf(before.receivedAt), requestCounts(before), -1);
    if (after) this.add(after.orgNodeId, monthOf(after.receivedAt), requestCounts(after), 1);
    return this;
  }

  /** One answer event (follow-up, timeout, reopen) at a node and instant. */
  event(orgNodeId: number, at: Date, counts: Partial<Counts>): this {
    return this.add(orgNodeId, monthOf(at), counts);
  }

  /** Non-zero rows, in key order (so concurrent transactions lock counter rows in the same order). */
  entries(): { orgNodeId: number; month: string; counts: Counts }[] {
    return [...this.rows.values()]
      .filter((r) => COUNTER_FIELDS.some((f) => r.counts[f] !== 0))
      .sort((a, b) => a.orgNodeId - b.orgNodeId || a.month.localeCompare(b.month));
  }
}

const increment = Object.fromEntries(
  COUNTER_FIELDS.map((f) => [f, sql`${requestCounters[f]} + excluded.${sql.identifier(requestCounters[f].name)}`]),
);

/** Rows per upsert statement (17 parameters each, under PostgreSQL's 65,535). */
const UPSERT_CHUNK = 2000;

const column = (f: CounterField) => requestCounters[f].name;
const ROLLUP_COLUMNS = sql.raw(COUNTER_FIELDS.map(column).join(', '));
const ROLLUP_SUMS = sql.raw(COUNTER_FIELDS.map((f) => `sum(d.${column(f)})`).join(', '));
const ROLLUP_NONZERO = sql.raw(COUNTER_FIELDS.map((f) => `sum(d.${column(f)}) <> 0`).join(' or '));
const ROLLUP_INCREMENT = sql.raw(COUNTER_FIELDS.map((f) => `${column(f)} = request_rollup_counters.${column(f)} + excluded.${column(f)}`).join(', '));

/**
 * The town a node's counts roll up to (the deepest town above or at it), or the node itself when it lies in no
 * town. Kept in one place: the migration that created request_rollup_counters backfills with the same rule.
 */
const ROLLUP_NODE = sql`coalesce((select t.id from org_nodes t where t.kind = 'town' and t.path @> n.path order by t.depth desc limit 1), n.id)`;

/** Add the deltas: one upsert per table for a workflow step; chunks of them for the bulk generator. */
export async function applyCounterDelta(db: DbOrTx, delta: CounterDelta): Promise<void> {
  const rows = delta.entries();
  for (let i = 0; i < rows.length; i += UPSERT_CHUNK) {
    const chunk = rows.slice(i, i + UPSERT_CHUNK);
    await db
      .insert(requestCounters)
      .values(chunk.map((r) => ({ orgNodeId: r.orgNodeId, month: r.month, ...r.counts })))
      .onConflictDoUpdate({ target: [requestCounters.orgNodeId, requestCounters.month], set: increment });
    await db.execute(sql`
      insert into request_rollup_counters (org_node_id, month, ${ROLLUP_COLUMNS})
      select r.node, d.month, ${ROLLUP_SUMS}
      from unnest(${sql.param(chunk.map((r) => r.orgNodeId))}::int[], ${sql.param(chunk.map((r) => r.month))}::date[],
                  ${sql.join(
                    COUNTER_FIELDS.map((f) => sql`${sql.param(chunk.map((r) => r.counts[f]))}::int[]`),
                    sql`, `,
                  )}) as d(node, month, ${ROLLUP_COLUMNS})
      join org_nodes n on n.id = d.node
      cross join lateral (select ${ROLLUP_NODE} as node) r
      group by r.node, d.month
      having ${ROLLUP_NONZERO}
      order by r.node, d.month
      on conflict (org_node_id, month) do update set ${ROLLUP_INCREMENT}`);
  }
}

/**
 * Recompute every roll-up row from the per-node counters: after nodes move between towns (the division import
 * can move a community), the roll-ups they left and joined are stale. One statement; run it in the move's transaction.
 */
export async function rebuildRollups(db: DbOrTx): Promise<void> {
  await db.execute(sql`delete from request_rollup_counters`);
  await db.execute(sql`
    insert into request_rollup_counters (org_node_id, month, ${ROLLUP_COLUMNS})
    select r.node, d.month, ${ROLLUP_SUMS}
    from request_counters d
    join org_nodes n on n.id = d.org_node_id
    cross join lateral (select ${ROLLUP_NODE} as node) r
    group by r.node, d.month
    having ${ROLLUP_NONZERO}`);
}
