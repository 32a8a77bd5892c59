import type { ServiceStats } from '@/shared/api/servicesStatsApi';

/** ECharts options of the service statistics page. */

const RED = '#c8161e';
const BLUE = '#2563eb';
const AMBER = '#d97706';
const GREEN = '#059669';

export function monthOption(s: ServiceStats, labels: { visits: string; appointments: string; wait: string }) {
  return {
    color: [RED, BLUE, AMBER],
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 48, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: s.months.map((m) => m.month) },
    yAxis: [
      { type: 'value', name: labels.visits, minInterval: 1 },
      { type: 'value', name: labels.wait, splitLine: { show: false } },
    ],
    series: [
      { name: labels.visits, type: 'bar', data: s.months.map((m) => m.visits), barMaxWidth: 28 },
      { name: labels.appointments, type: 'bar', data: s.months.map((m) => m.appointments), barMaxWidth: 28 },
      { name: labels.wait, type: 'line', yAxisIndex: 1, data: s.months.map((m) => m.avgWaitMinutes), smooth: true, connectNulls: true },
    ],
  };
}

/** Ratings by level, worst to best: the two bad levels in red shades, the good ones in green. */
export function levelOption(s: ServiceStats, names: string[]) {
  const colors = [RED, '#f87171', AMBER, '#34d399', GREEN];
  return {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['40%', '68%'],
        data: s.totals.ratingLevels.map((value, i) => ({ value, name: names[i], itemStyle: { color: colors[i] } })),
        label: { formatter: '{b}: {c}' },
      },
    ],
  };
}

export function childOption(s: ServiceStats, labels: { visits: string; noShows: string }) {
  const rows = [...s.children].slice(0, 20).reverse();
  return {
    color: [RED, BLUE],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 120, right: 24, top: 36, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((c) => c.nodeName) },
    series: [
      { name: labels.visits, type: 'bar', data: rows.map((c) => c.visits), barMaxWidth: 18 },
      { name: labels.noShows, type: 'bar', data: rows.map((c) => c.noShows), barMaxWidth: 18 },
    ],
  };
}

/** Share as a percentage with one decimal, or null. */
export function percent(rate: number | null): string | null {
  return rate === null ? null : `${Math.round(rate * 1000) / 10}%`;
}

export function keptRate(f: { kept: number; appointments: number }): number | null {
  return f.appointments > 0 ? f.kept / f.appointments : null;
}
