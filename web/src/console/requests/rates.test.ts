import { describe, expect, it } from 'vitest';
import type { RateCounts, RatesReply } from '@/shared/api/requestsApi';
import { byChildOption, byMonthOption, formatRate, rateFraction, recentMonths } from './rates';

const counts = (over: Partial<RateCounts> = {}): RateCounts => ({
  received: 10,
  responded: 9,
  respondedOnTime: 8,
  resolved: 7,
  selfResolved: 1,
  merged: 0,
  rejected: 0,
  escalated: 1,
  followedUp: 5,
  solved: 4,
  satisfied: 3,
  basicallySatisfied: 1,
  unsatisfied: 1,
  noReply: 1,
  reopened: 1,
  responseRate: 0.8,
  resolutionRate: 0.8,
  satisfactionRate: 0.8,
  ...over,
});

describe('three rates', () => {
  it('defaults to the last six whole months in Beijing time', () => {
    expect(recentMonths(new Date('2026-03-31T17:00:00Z'))).toEqual(['2025-11', '2026-04']);
    expect(recentMonths(new Date('2026-12-15T00:00:00Z'), 12)).toEqual(['2026-01', '2026-12']);
  });

  it('shows each rate with the numbers it divides', () => {
    expect(formatRate(0.9652)).toBe('96.5%');
    expect(formatRate(1)).toBe('100.0%');
    expect(formatRate(null)).toBe('—');
    const c = counts();
    expect(rateFraction(c, 'responseRate')).toEqual([8, 10]);
    expect(rateFraction(c, 'resolutionRate')).toEqual([4, 5]);
    expect(rateFraction(c, 'satisfactionRate')).toEqual([4, 5]);
  });

  it('charts percentages by child and by month, leaving gaps where nothing was counted', () => {
    const reply: RatesReply = {
      node: { id: 1, name: '保利社区', kind: 'community' },
      from: '2026-09',
      to: '2026-10',
      totals: counts(),
      byChild: [
        { node: { id: 2, name: '第一网格', kind: 'grid', self: false }, ...counts() },
        { node: { id: 1, name: '保利社区', kind: 'community', self: true }, ...counts({ responseRate: 0.5 }) },
      ],
      byMonth: [
        { month: '2026-09', ...counts({ responseRate: null, resolutionRate: null, satisfactionRate: null }) },
        { month: '2026-10', ...counts() },
      ],
      definitions: { responseRate: { zh: '', en: '' }, resolutionRate: { zh: '', en: '' }, satisfactionRate: { zh: '', en: '' } },
    };
    const labels = { responseRate: 'R', resolutionRate: 'S', satisfactionRate: 'M' };
    const child = byChildOption(reply, labels, '本级');
    expect(child.xAxis.data).toEqual(['第一网格', '本级']);
    expect(child.series[0]).toMatchObject({ name: 'R', type: 'bar', data: [80, 50] });
    const month = byMonthOption(reply, labels);
    expect(month.xAxis.data).toEqual(['2026-09', '2026-10']);
    expect(month.series[2]).toMatchObject({ name: 'M', type: 'line', data: [null, 80] });
  });
});
