import type { VolunteerStats } from '@/shared/api/volunteerStatsApi';

/** ECharts options of the statistics page: hours and people by month, and the children side by side. */

const RED = '#c8161e';
const BLUE = '#2563eb';
const AMBER = '#d97706';

export function monthOption(s: VolunteerStats, labels: { hours: string; participants: string; activities: string }) {
  return {
    color: [RED, BLUE, AMBER],
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 48, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: s.months.map((m) => m.month) },
    yAxis: [
      { type: 'value', name: labels.hours, minInterval: 1 },
      { type: 'value', name: labels.participants, minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      { name: labels.hours, type: 'bar', data: s.months.map((m) => m.confirmedHours), barMaxWidth: 28 },
      { name: labels.participants, type: 'line', yAxisIndex: 1, data: s.months.map((m) => m.participants), smooth: true },
      { name: labels.activities, type: 'line', yAxisIndex: 1, data: s.months.map((m) => m.activities), smooth: true },
    ],
  };
}

export function childOption(s: VolunteerStats, labels: { hours: string; volunteers: string }) {
  const rows = [...s.children].slice(0, 20).reverse();
  return {
    color: [RED, BLUE],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 120, right: 24, top: 36, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((c) => c.name) },
    series: [
      { name: labels.hours, type: 'bar', data: rows.map((c) => c.confirmedHours), barMaxWidth: 18 },
      { name: labels.volunteers, type: 'bar', data: rows.map((c) => c.volunteers), barMaxWidth: 18 },
    ],
  };
}
