import { describe, expect, it } from 'vitest';
import { i18n, setLocale } from '@/shared/i18n';
import { formatLimit, fromEditable, toEditable } from './limits';

const t = (key: string, values?: Record<string, unknown>) => i18n.global.t(key, values ?? {});

describe('time limits', () => {
  it('reads stored limits in hours and days', () => {
    setLocale('zh-CN');
    expect(formatLimit({ amount: 120, unit: 'calendar_minutes' }, t)).toBe('2 小时（自然）');
    expect(formatLimit({ amount: 1440, unit: 'calendar_minutes' }, t)).toBe('1 天（自然日）');
    expect(formatLimit({ amount: 120, unit: 'working_minutes' }, t)).toBe('2 个工作小时');
    expect(formatLimit({ amount: 90, unit: 'working_minutes' }, t)).toBe('90 工作分钟');
    expect(formatLimit({ amount: 5, unit: 'working_days' }, t)).toBe('5 个工作日');
  });

  it('edits hours and whole working days and stores minutes', () => {
    expect(toEditable({ amount: 120, unit: 'calendar_minutes' })).toEqual({ value: 2, unit: 'calendar_hours' });
    expect(toEditable({ amount: 5, unit: 'working_days' })).toEqual({ value: 5, unit: 'working_days' });
    expect(fromEditable(1.5, 'working_hours')).toEqual({ amount: 90, unit: 'working_minutes' });
    expect(fromEditable(2, 'calendar_hours')).toEqual({ amount: 120, unit: 'calendar_minutes' });
    expect(fromEditable(3, 'working_days')).toEqual({ amount: 3, unit: 'working_days' });
    expect(fromEditable(1.5, 'working_days')).toBeNull();
    expect(fromEditable(0, 'working_hours')).toBeNull();
    expect(fromEditable(undefined, 'working_hours')).toBeNull();
  });
});
