import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, validateException, validateHoursRules, validateQuotas, validateRoomRules } from './validation';

const keys = (problems: { key: string }[]) => problems.map((p) => p.key);

describe('staff form checks', () => {
  it('accepts the default room rules and refuses lengths off the grid or upside down', () => {
    expect(validateRoomRules(DEFAULT_RULES)).toEqual([]);
    expect(keys(validateRoomRules({ ...DEFAULT_RULES, slotMinutes: 25 }))).toContain('roomsAdmin.errors.slot');
    expect(keys(validateRoomRules({ ...DEFAULT_RULES, minBookingMinutes: 120, maxBookingMinutes: 60 }))).toEqual(['roomsAdmin.errors.maxBelowMin']);
    expect(keys(validateRoomRules({ ...DEFAULT_RULES, maxBookingMinutes: 100 }))).toEqual(['roomsAdmin.errors.lengthOffGrid']);
  });

  it('checks each weekday rule and says which row is wrong', () => {
    // The seeds' example: rooms open until 22:00 and on weekends, one longer summer evening.
    const seeds = [
      { weekdays: [1, 2, 3, 4, 5], opens: '08:30', closes: '22:00' },
      { weekdays: [6, 7], opens: '09:00', closes: '22:00', validFrom: '2026-06-01', validTo: '2026-08-31' },
    ];
    expect(validateHoursRules(seeds)).toEqual([]);
    const bad = [seeds[0]!, { weekdays: [], opens: '22:00', closes: '09:00', validFrom: '2026-09-01', validTo: '2026-06-01' }];
    expect(validateHoursRules(bad)).toEqual([
      { key: 'roomsAdmin.errors.weekdays', params: { row: 2 } },
      { key: 'roomsAdmin.errors.closesBeforeOpens', params: { row: 2 } },
      { key: 'roomsAdmin.errors.validRange', params: { row: 2 } },
    ]);
    expect(keys(validateHoursRules([{ weekdays: [1], opens: '8:30', closes: '24:00' }]))).toEqual(['roomsAdmin.errors.clock']);
  });

  it('keeps a rule set together: same end date, no overlapping stretches on a weekday', () => {
    // A morning and an evening stretch on the same days are fine; the demo's hall changes on 2020-10-22.
    const split = [
      { weekdays: [1, 2, 3, 4, 5], opens: '08:30', closes: '12:00', validFrom: '2020-10-22' },
      { weekdays: [1, 2, 3, 4, 5], opens: '14:00', closes: '18:30', validFrom: '2020-10-22' },
      { weekdays: [1, 2, 3, 4, 5], opens: '08:30', closes: '17:30', validTo: '2020-10-21' },
    ];
    expect(validateHoursRules(split)).toEqual([]);
    const overlap = [split[0]!, { weekdays: [5, 6], opens: '11:00', closes: '13:00', validFrom: '2020-10-22' }];
    expect(validateHoursRules(overlap)).toEqual([{ key: 'roomsAdmin.errors.ruleOverlap', params: { row: 2 } }]);
    const mismatch = [split[0]!, { ...split[1]!, validTo: '2021-01-01' }];
    expect(validateHoursRules(mismatch)).toEqual([{ key: 'roomsAdmin.errors.ruleSetMismatch', params: { row: 2 } }]);
  });

  it('needs hours for special and extended openings, both or neither for a closure', () => {
    expect(validateException({ dateFrom: '2026-10-01', dateTo: '2026-10-07', kind: 'closed' })).toEqual([]);
    expect(validateException({ dateFrom: '2026-07-01', kind: 'extended', opens: '21:00', closes: '22:00' })).toEqual([]);
    expect(keys(validateException({ dateFrom: '2026-07-01', kind: 'open' }))).toEqual(['roomsAdmin.errors.hoursNeeded']);
    expect(keys(validateException({ dateFrom: '2026-07-01', kind: 'closed', opens: '12:00' }))).toEqual(['roomsAdmin.errors.bothOrNeither']);
    expect(keys(validateException({ dateFrom: '2026-07-05', dateTo: '2026-07-01', kind: 'closed' }))).toEqual(['roomsAdmin.errors.dateRange']);
  });

  it('allows one quota per room or center and subject, in quarter hours', () => {
    expect(validateQuotas([{ roomId: null, subject: 'team', hoursPerWeek: 6 }, { roomId: 3, subject: 'team', hoursPerWeek: 4.5 }])).toEqual([]);
    expect(validateQuotas([{ roomId: null, subject: 'team', hoursPerWeek: 6 }, { roomId: null, subject: 'team', hoursPerWeek: 2 }])).toEqual([
      { key: 'roomsAdmin.errors.quotaDuplicate', params: { row: 2 } },
    ]);
    expect(keys(validateQuotas([{ roomId: null, subject: 'resident', hoursPerWeek: 1.1 }]))).toEqual(['roomsAdmin.errors.quotaHours']);
  });
});
