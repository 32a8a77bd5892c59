import { describe, expect, it } from 'vitest';
import type { CalendarDay } from '@/shared/api/endpoints';
import { badgeFor, dayName, estimatedYears, summarizeMonth, visibleRange } from './month';

describe('work calendar month view', () => {
  it('fetches a range that covers every cell of a six-row grid', () => {
    expect(visibleRange(2026, 10)).toEqual({ from: '2026-09-24', to: '2026-11-14' });
    expect(visibleRange(2026, 1)).toEqual({ from: '2025-12-25', to: '2026-02-14' });
  });

  it('counts workdays and lists holidays and make-up workdays of the month only', () => {
    const days: CalendarDay[] = [
      { date: '2026-09-30', workday: true, reason: 'weekday' },
      { date: '2026-10-01', workday: false, reason: 'holiday', name: '国庆节', nameEn: 'National Day' },
      { date: '2026-10-04', workday: false, reason: 'weekend' },
      { date: '2026-10-10', workday: true, reason: 'makeup_workday', name: '国庆节' },
      { date: '2026-10-12', workday: true, reason: 'weekday' },
      { date: '2026-10-20', workday: false, reason: 'local_rest', note: '那达慕' },
    ];
    const summary = summarizeMonth(days, 2026, 10);
    expect(summary.workdays).toBe(2);
    expect(summary.restDays).toBe(3);
    expect(summary.special.map((d) => d.date)).toEqual(['2026-10-01', '2026-10-10', '2026-10-20']);
    expect(days.map(badgeFor)).toEqual([null, 'rest', null, 'work', null, 'rest']);
    expect(dayName(days[1]!, 'en')).toBe('National Day');
    expect(dayName(days[1]!, 'zh-CN')).toBe('国庆节');
    expect(dayName(days[5]!, 'zh-CN')).toBe('那达慕');
    expect(dayName(days[0]!, 'zh-CN')).toBe('');
    expect(summary.estimated).toBe(0);
    expect(estimatedYears(days)).toEqual([]);
  });

  it('December 2026 reaches into 2027, whose schedule is not entered: real counts, estimated days marked', () => {
    const days: CalendarDay[] = [
      { date: '2026-12-30', workday: true, reason: 'weekday' },
      { date: '2026-12-31', workday: true, reason: 'weekday' },
      { date: '2027-01-01', workday: true, reason: 'weekday', estimated: true },
      { date: '2027-01-02', workday: false, reason: 'weekend', estimated: true },
      { date: '2027-01-04', workday: true, reason: 'weekday', estimated: true },
    ];
    expect(summarizeMonth(days, 2026, 12)).toMatchObject({ workdays: 2, restDays: 0, estimated: 0 });
    expect(summarizeMonth(days, 2027, 1)).toMatchObject({ workdays: 2, restDays: 1, estimated: 3 });
    expect(estimatedYears(days)).toEqual([2027]);
  });
});
