import { sql } from 'drizzle-orm';
import { parseDay } from '../../../platform/calendarDays.js';
import type { Principal } from '../../../platform/access.js';
import type { AppContext } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { centerFor } from '../common/center.js';
import { rowsOf } from './tickets.service.js';
import type { WaitsQuery } from './queue.schema.js';

/**
 * Waiting-time figures 等候时长 of a center over a period, per item and per hour of the day (China time, the hour
 * the ticket began to wait). Wait = called_at − max(taken_at, queued_at) (an appointment waits from its slot's
 * start, or from its check-in when later); service = done_at − (serving_at, else called_at).
 */
export const MAX_WAITS_DAYS = 366;

interface Figures {
  tickets: number;
  avgWaitMinutes: number | null;
  p90WaitMinutes: number | null;
  avgServiceMinutes: number | null;
}
type Row = {
  key: number | null;
  name: string | null;
  tickets: number;
  avg_wait: number | null;
  p90_wait: number | null;
  avg_service: number | null;
};
const round = (n: number | null) => (n == null ? null : Math.round(Number(n) * 10) / 10);
const figures = (r: Row): Figures => ({ tickets: r.tickets, avgWaitMinutes: round(r.avg_wait), p90WaitMinutes: round(r.p90_wait), avgServiceMinutes: round(r.avg_service) });

export async function waitFigures(ctx: AppContext, principal: Principal, q: WaitsQuery) {
  await centerFor(ctx.db, principal, q.centerId, 'services.serve');
  const from = parseDay(q.from);
  const to = parseDay(q.to);
  if (from > to) throw errors.badRequest('range_invalid', '开始日期晚于结束日期', 'from is after to');
  if (to - from >= MAX_WAITS_DAYS) throw errors.badRequest('range_too_long', `时间段不能超过${MAX_WAITS_DAYS}天`, `The period is at most ${MAX_WAITS_DAYS} days`);
  const base = sql`
    with w as (
      select t.item_id, i.name as item_name,
             extract(hour from (greatest(t.taken_at, t.queued_at) at time zone 'Asia/Shanghai'))::int as hour,
             extract(epoch from (t.called_at - greatest(t.taken_at, t.queued_at))) / 60.0 as wait,
             case when t.done_at is not null then extract(epoch from (t.done_at - coalesce(t.serving_at, t.called_at))) / 60.0 end as service
        from queue_tickets t left join service_items i on i.id = t.item_id
       where t.service_center_id = ${q.centerId} and t.day between ${q.from}::date and ${q.to}::date and t.called_at is not null
    )`;
  const agg = sql`count(*)::int as tickets, avg(greatest(wait, 0))::float8 as avg_wait,
    percentile_cont(0.9) within group (order by greatest(wait, 0))::float8 as p90_wait, avg(service)::float8 as avg_service`;
  const [total, byItem, byHour] = await Promise.all([
    ctx.db.execute(sql`${base} select null::int as key, null::text as name, ${agg} from w`),
    ctx.db.execute(sql`${base} select item_id as key, item_name as name, ${agg} from w group by item_id, item_name order by count(*) desc, item_id`),
    ctx.db.execute(sql`${base} select hour as key, null::text as name, ${agg} from w group by hour order by hour`),
  ]);
  return {
    centerId: q.centerId,
    from: q.from,
    to: q.to,
    total: figures(rowsOf<Row>(total)[0]!),
    byItem: rowsOf<Row>(byItem).map((r) => ({ itemId: r.key, itemName: r.name, ...figures(r) })),
    byHour: rowsOf<Row>(byHour).map((r) => ({ hour: r.key!, ...figures(r) })),
  };
}
