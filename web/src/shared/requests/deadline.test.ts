import { describe, expect, it } from 'vitest';
import { i18n, setLocale } from '../i18n';
import { deadlineInfo, deadlineText, durationParts, formatDuration } from './deadline';

const t = (key: string, values?: Record<string, unknown>) => i18n.global.t(key, values ?? {});
const NOW = new Date('2026-10-09T02:00:00Z');

describe('deadlines in words', () => {
  it('classifies a deadline as on track, due soon, overdue or done', () => {
    expect(deadlineInfo('2026-10-10T02:00:00Z', NOW)).toEqual({ state: 'on_track', ms: 24 * 3600_000 });
    expect(deadlineInfo('2026-10-09T05:00:00Z', NOW).state).toBe('due_soon');
    expect(deadlineInfo('2026-10-09T01:30:00Z', NOW)).toEqual({ state: 'overdue', ms: 30 * 60_000 });
    // Finished work is judged against when it finished, not against now.
    expect(deadlineInfo('2026-10-08T00:00:00Z', NOW, '2026-10-07T23:00:00Z')).toEqual({ state: 'done', ms: 3600_000 });
  });

  it('splits a span into days, hours and minutes, never showing zero minutes', () => {
    expect(durationParts(((2 * 24 + 3) * 60 + 15) * 60_000)).toEqual({ days: 2, hours: 3, minutes: 15 });
    expect(durationParts(10_000)).toEqual({ days: 0, hours: 0, minutes: 1 });
  });

  it('writes the two largest units in Chinese and English', () => {
    setLocale('zh-CN');
    expect(formatDuration(((2 * 24 + 3) * 60 + 15) * 60_000, t)).toBe('2天3小时');
    expect(formatDuration(48 * 3600_000, t)).toBe('2天');
    expect(formatDuration(95 * 60_000, t)).toBe('1小时35分');
    expect(deadlineText(deadlineInfo('2026-10-09T01:15:00Z', NOW), t)).toBe('已超期 45分钟');
    expect(deadlineText(deadlineInfo('2026-10-09T05:00:00Z', NOW), t)).toBe('剩余 3小时');
    expect(deadlineText(deadlineInfo('2026-10-09T05:00:00Z', NOW, '2026-10-09T01:00:00Z'), t)).toBe('');
    setLocale('en');
    expect(deadlineText(deadlineInfo('2026-10-11T05:00:00Z', NOW), t)).toBe('2 d 3 h left');
    expect(deadlineText(deadlineInfo('2026-10-09T01:15:00Z', NOW), t)).toBe('45 min overdue');
    setLocale('zh-CN');
  });
});
