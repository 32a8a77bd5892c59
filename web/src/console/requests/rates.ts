import { RATE_KEYS, type RateCounts, type RateKey, type RatesReply } from '@/shared/api/requestsApi';
import { shanghaiParts } from '@/shared/format';

/** The last `months` whole months up to the current one (Beijing time), as YYYY-MM. */
export function recentMonths(now: Date, months = 6): [string, string] {
  const { year, month } = shanghaiParts(now);
  const end = year * 12 + (month - 1);
  const start = end - (months - 1);
  const label = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  return [label(start), label(end)];
}

/** "96.5%", or a dash when there was nothing to divide by (no requests, no follow-up answers). */
export function formatRate(rate: number | null): string {
  if (rate === null) return '—';
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** Numerator and denominator of each rate, as the definitions state them. */
export function rateFraction(counts: RateCounts, key: RateKey): [number, number] {
  if (key === 'responseRate') return [counts.respondedOnTime, counts.received];
  if (key === 'resolutionRate') return [counts.solved, counts.followedUp];
  return [counts.satisfied + counts.basicallySatisfied, counts.followedUp];
}

const COLORS: Record<RateKey, string> = { responseRate: '#c8161e', resolutionRate: '#2563eb', satisfactionRate: '#16a34a' };

const pct = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

const axisPercent = { type: 'value' as const, min: 0, max: 100, axisLabel: { formatter: '{value}%' } };

/** Bar chart: the three rates side by side for each child node (grids of a community, communities of a street). */
export function byChildOption(reply: RatesReply, labels: Record<RateKey, string>, selfLabel: string) {
  const rows = reply.byChild;
  return {
    color: RATE_KEYS.map((k) => COLORS[k]),
    tooltip: { trigger: 'axis' as const, valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : `${String(v)}%`) },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: rows.length > 6 ? 64 : 32 },
    xAxis: {
      type: 'category' as const,
      data: rows.map((r) => (r.node.self ? selfLabel : r.node.name)),
      axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 },
    },
    yAxis: axisPercent,
    series: RATE_KEYS.map((key) => ({ name: labels[key], type: 'bar' as const, barMaxWidth: 22, data: rows.map((r) => pct(r[key])) })),
  };
}

/** Line chart: the three rates month by month; months without data leave a gap rather than a false zero. */
export function byMonthOption(reply: RatesReply, labels: Record<RateKey, string>) {
  return {
    color: RATE_KEYS.map((k) => COLORS[k]),
    tooltip: { trigger: 'axis' as const, valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : `${String(v)}%`) },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: 32 },
    xAxis: { type: 'category' as const, data: reply.byMonth.map((m) => m.month) },
    yAxis: axisPercent,
    series: RATE_KEYS.map((key) => ({
      name: labels[key],
      type: 'line' as const,
      smooth: true,
      connectNulls: false,
      symbolSize: 7,
      data: reply.byMonth.map((m) => pct(m[key])),
    })),
  };
}
