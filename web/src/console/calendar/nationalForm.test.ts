import { describe, expect, it } from 'vitest';
import { datesInRange, holidayRange, isWeekend, MAX_RANGE_DAYS, withDays } from './nationalForm';

describe('the national schedule form', () => {
  it('turns a range from the notice into its days, across a month end', () => {
    expect(datesInRange('2027-01-30', '2027-02-02')).toEqual(['2027-01-30', '2027-01-31', '2027-02-01', '2027-02-02']);
    expect(datesInRange('2027-01-01', '2027-01-01')).toEqual(['2027-01-01']);
    expect(datesInRange('2027-01-03', '2027-01-01')).toEqual([]);
    expect(datesInRange('2027-01-01', '2027-03-01')).toEqual([]);
    expect(datesInRange('2027-01-01', '2027-01-31')).toHaveLength(MAX_RANGE_DAYS);
  });

  it('knows the weekend of a date whatever the browser’s time zone', () => {
    expect(isWeekend('2027-01-02')).toBe(true); // Saturday
    expect(isWeekend('2027-01-03')).toBe(true); // Sunday
    expect(isWeekend('2027-01-04')).toBe(false);
  });

  it('keeps one entry per date, the newest, in date order', () => {
    const newYear = holidayRange('2027-01-01', '2027-01-03', ' 元旦 ', '');
    expect(newYear[0]).toEqual({ date: '2027-01-01', kind: 'holiday', name: '元旦', nameEn: null });
    const list = withDays(newYear, [{ date: '2027-01-02', kind: 'workday', name: '元旦', nameEn: "New Year's Day" }]);
    expect(list.map((d) => [d.date, d.kind])).toEqual([
      ['2027-01-01', 'holiday'],
      ['2027-01-02', 'workday'],
      ['2027-01-03', 'holiday'],
    ]);
  });
});
