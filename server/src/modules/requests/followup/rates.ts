import { sql } from 'drizzle-orm';
import { queryRows } from '../../../db/client.js';
import { assertCan, type Principal } from '../../../platform/access.js';
import type { AppContext } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { COUNTER_FIELDS, zeroCounts, type Counts } from '../core/counters.js';
import { findNode, nodesByIds } from '../core/repo.js';

/**
 * The three rates 三率 of a node's subtree over whole months (docs/requests-rates.md):
 *   response rate     = responded on time / received          (merged and rejected requests are not received)
 *   resolution rate   = answered "solved" / follow-up answers  (no reply is not an answer; counted apart)
 *   satisfaction rate = (satisfied + basically satisfied) / follow-up answers
 * Read from the counters, never from the requests: in a town or below from request_counters (O(nodes in the
 * subtree × months) rows), above the towns from request_rollup_counters (O(towns × months) rows) — grouped by child
 * node and month, whatever the number of requests.
 */
export const RATE_DEFINITIONS = {
  responseRate: {
    zh: '响应率 = 期内受理诉求中在响应时限内响应的件数 ÷ 期内受理诉求件数（合并、无效的不计）',
    en: 'Response rate = requests received in the period that were responded to within the response limit ÷ requests received in the period (merged and rejected excluded)',
  },
  resolutionRate: {
    zh: '解决率 = 期内回访答复为“已解决”的次数 ÷ 期内回访答复次数（未答复的不计）',
    en: 'Resolution rate = follow-up answers in the period saying "solved" ÷ follow-up answers in the period (no reply excluded)',
  },
  satisfactionRate: {
    zh: '满意率 = 期内回访答复为“满意”或“基本满意”的次数 ÷ 期内回访答复次数（未答复的不计）',
    en: 'Satisfaction rate = follow-up answers in the period saying satisfied or basically satisfied ÷ follow-up answers in the period (no reply excluded)',
  },
};

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MAX_MONTHS = 60;

function monthIndex(value: string, field: string): number {
  const m = MONTH.exec(value);
  if (!m)
    throw errors.badRequest('invalid_month', `${field} 应为 YYYY-MM 格式的月份`, `${field} must be a month written YYYY-MM`, {
      field,
      value,
    });
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

const monthLabel = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;

const ratio = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);

export function withRates(c: Counts) {
  return {
    ...c,
    responseRate: ratio(c.respondedOnTime, c.received),
    resolutionRate: ratio(c.solved, c.followedUp),
    satisfactionRate: ratio(c.satisfied + c.basicallySatisfied, c.followedUp),
  };
}

function add(into: Counts, from: Counts): void {
  for (const f of COUNTER_FIELDS) into[f] += from[f];
}

const COLUMNS = sql.raw(
  COUNTER_FIELDS.map((f) => `sum(c.${f.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`)})::int as "${f}"`).join(', '),
);

export async function rates(ctx: AppContext, p: Principal, query: { nodeId: number; from: string; to: string }) {
  const node = await findNode(ctx.db, query.nodeId);
  if (!node) throw errors.notFound();
  assertCan(p, 'requests.read', node.path);
  const from = monthIndex(query.from, 'from');
  const to = monthIndex(query.to, 'to');
  if (to < from)
    throw errors.badRequest(
      'invalid_range',
      `结束月份 ${query.to} 早于开始月份 ${query.from}`,
      `The end month ${query.to} is before the start month ${query.from}`,
    );
  if (to - from + 1 > MAX_MONTHS) {
    throw errors.badRequest('range_too_long', `统计区间最多 ${MAX_MONTHS} 个月`, `The period is at most ${MAX_MONTHS} months`, {
      maxMonths: MAX_MONTHS,
    });
  }
  const levels = node.depth + 1;
  // Above the towns (county, city, region) the town roll-ups hold every request once: O(towns × months) rows.
  // In a town or below, the per-node counters give the breakdown by community and grid.
  const [place] = await queryRows<{ in_town: boolean }>(
    ctx.db,
    sql`select exists (select 1 from org_nodes t where t.kind = 'town' and t.path @> ${node.path}::ltree) as in_town`,
  );
  const table = place?.in_town ? sql`request_counters` : sql`request_rollup_counters`;
  const rows = await queryRows<Record<string, number | string>>(
    ctx.db,
    sql`select case when nlevel(n.path) > ${levels} then ltree2text(subpath(n.path, ${levels}, 1))::int else n.id end as child_id,
               to_char(c.month, 'YYYY-MM') as month, ${COLUMNS}
        from ${table} c join org_nodes n on n.id = c.org_node_id
        where n.path <@ ${node.path}::ltree and c.month >= ${`${monthLabel(from)}-01`}::date and c.month <= ${`${monthLabel(to)}-01`}::date
        group by 1, 2`,
  );
  const totals = zeroCounts();
  const byChild = new Map<number, Counts>();
  const byMonth = new Map<string, Counts>();
  for (let i = from; i <= to; i++) byMonth.set(monthLabel(i), zeroCounts());
  for (const row of rows) {
    const counts = zeroCounts();
    for (const f of COUNTER_FIELDS) counts[f] = Number(row[f] ?? 0);
    add(totals, counts);
    const child = Number(row.child_id);
    if (!byChild.has(child)) byChild.set(child, zeroCounts());
    add(byChild.get(child)!, counts);
    add(byMonth.get(String(row.month))!, counts);
  }
  const names = new Map((await nodesByIds(ctx.db, [...byChild.keys()])).map((n) => [n.id, n]));
  return {
    node: { id: node.id, name: node.name, kind: node.kind },
    from: monthLabel(from),
    to: monthLabel(to),
    totals: withRates(totals),
    byChild: [...byChild.entries()]
      .map(([id, c]) => ({
        node: { id, name: names.get(id)?.name ?? '', kind: names.get(id)?.kind ?? node.kind, self: id === node.id },
        ...withRates(c),
      }))
      .sort((a, b) => b.received - a.received || a.node.id - b.node.id),
    byMonth: [...byMonth.entries()].map(([month, c]) => ({ month, ...withRates(c) })),
    definitions: RATE_DEFINITIONS,
  };
}
