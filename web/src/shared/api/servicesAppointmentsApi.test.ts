import { describe, expect, it } from 'vitest';
import { clockOf, nextDays } from './servicesAppointmentsApi';

describe('appointment helpers', () => {
  it('reads the China time of day of an instant', () => {
    expect(clockOf('2026-03-03T09:30:00+08:00')).toBe('09:30');
    expect(clockOf('2026-03-03T01:30:00Z')).toBe('09:30');
  });
  it('lists the next days across a month end', () => {
    expect(nextDays('2026-02-27', 4)).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });
});
