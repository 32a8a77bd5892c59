import { describe, expect, it } from 'vitest';
import { bucketLabel, heatmapGrid, percent, topTeams, trendSeries, utilisationEmpty, utilisationRange } from './utilisationCharts';

describe('utilisation chart data', () => {
  it('covers the last four weeks or three months, up to the end of the current one', () => {
    expect(utilisationRange('week', '2026-11-25')).toEqual({ from: '2026-11-02', to: '2026-11-29' });
    expect(utilisationRange('month', '2026-02-10')).toEqual({ from: '2025-12-01', to: '2026-02-28' });
  });

  it('tells a range with no opening hours from one with no bookings', () => {
    const totals = { openHours: 0, bookedHours: 0, usedHours: 0, bookedRatio: null, usedRatio: null };
    expect(utilisationEmpty({ totals })).toBe('closed');
    expect(utilisationEmpty({ totals: { ...totals, openHours: 40, bookedRatio: 0, usedRatio: 0 } })).toBe('unbooked');
    expect(utilisationEmpty({ totals: { ...totals, openHours: 40, bookedHours: 4, bookedRatio: 0.1, usedRatio: 0 } })).toBeNull();
  });

  it('turns ratios into percentages and keeps never-open periods as gaps', () => {
    expect(percent(0.4567)).toBe(45.7);
    expect(percent(null)).toBeNull();
    const figures = { openHours: 80, bookedHours: 40, usedHours: 30, bookedRatio: 0.5, usedRatio: 0.375 };
    const s = trendSeries({
      period: 'week',
      buckets: [
        { key: '2026-11-16', from: '2026-11-16', to: '2026-11-22', ...figures },
        { key: '2026-11-23', from: '2026-11-23', to: '2026-11-29', ...figures, openHours: 0, bookedRatio: null, usedRatio: null },
      ],
    });
    expect(s).toEqual({ labels: ['11/16', '11/23'], booked: [50, null], used: [37.5, null], openHours: [80, 0] });
    expect(bucketLabel('2026-11', 'month')).toBe('2026-11');
  });

  it('fills the weekday × hour grid, widening it to the hours that were booked', () => {
    const g = heatmapGrid([
      { weekday: 2, hour: 19, bookedHours: 4 },
      { weekday: 6, hour: 7, bookedHours: 1.5 },
    ]);
    expect(g.hours[0]).toBe(7);
    expect(g.hours.at(-1)).toBe(21);
    expect(g.data).toHaveLength(7 * g.hours.length);
    expect(g.data).toContainEqual([12, 1, 4]);
    expect(g.data).toContainEqual([0, 5, 1.5]);
    expect(g.data).toContainEqual([0, 0, 0]);
    expect(g.max).toBe(4);
  });

  it('ranks teams by booked hours', () => {
    const team = (name: string, bookedHours: number) => ({ teamId: bookedHours, name, bookedHours, usedHours: 0, noShows: 0, bookings: 1 });
    expect(topTeams([team('合唱队', 2), team('心蕊舞蹈队', 8), team('棋牌队', 4)], 2).map((x) => x.name)).toEqual(['心蕊舞蹈队', '棋牌队']);
  });
});
