import { describe, expect, it } from 'vitest';
import { groupCode, looksLikeCode, parseCheckinCode } from './checkinCode';
import { weekdaysText } from './labels';

describe('check-in codes', () => {
  it('takes a typed code without the spaces it is printed with, keeping - and _', () => {
    expect(parseCheckinCode(' aB3d eF-_ 9xYz ')).toBe('aB3deF-_9xYz');
    expect(groupCode('aB3deF-_9xYz')).toBe('aB3d eF-_ 9xYz');
  });

  it('takes the token out of a pasted check-in link', () => {
    expect(parseCheckinCode('https://lianxin.example/m/rooms/checkin?token=Zx9_-abcdEFGH12')).toBe('Zx9_-abcdEFGH12');
  });

  it('takes the six digits an older person types, with or without the space they are printed with', () => {
    expect(parseCheckinCode(' 123 456 ')).toBe('123456');
    expect(groupCode('123456')).toBe('123 456');
    expect(looksLikeCode('123456')).toBe(true);
    expect(looksLikeCode('12345')).toBe(false);
  });

  it('knows what a code looks like', () => {
    expect(looksLikeCode('Zx9_-abcdEFGH12')).toBe(true);
    expect(looksLikeCode('short')).toBe(false);
    expect(looksLikeCode('有中文的码有中文的码有中文')).toBe(false);
  });
});

describe('weekday runs', () => {
  it('joins consecutive weekdays into ranges', () => {
    expect(weekdaysText([1, 2, 3, 4, 5], 'zh-CN')).toBe('周一–周五');
    expect(weekdaysText([6, 7, 1], 'zh-CN')).toBe('周一、周六、周日');
    expect(weekdaysText([2, 4], 'en')).toBe('Tue, Thu');
  });
});
