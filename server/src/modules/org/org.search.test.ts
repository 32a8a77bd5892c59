import { describe, expect, it } from 'vitest';
import { pinyinKeys } from '../../platform/pinyin.js';
import { pinyinRank, rankByPinyin } from './org.search.js';

const row = (name: string) => ({ name, namePinyin: pinyinKeys(name).full, nameInitials: pinyinKeys(name).initials });

describe('pinyin ranking', () => {
  it('puts whole-syllable matches before prefixes that end mid-syllable', () => {
    const rows = ['宝林村', '保利新华社区', '保利社区'].map(row);
    expect(rankByPinyin(rows, 'baoli', 10).map((r) => r.name)).toEqual(['保利新华社区', '保利社区', '宝林村']);
    expect(rankByPinyin(rows, 'baoli', 1).map((r) => r.name)).toEqual(['保利新华社区']);
  });

  it('grades exact, initials, leading, inner and other matches', () => {
    expect(pinyinRank(row('保利社区'), 'baolishequ')).toBe(1);
    expect(pinyinRank(row('保利社区'), 'blsq')).toBe(1);
    expect(pinyinRank(row('保利社区'), 'bl')).toBe(2);
    expect(pinyinRank(row('保利社区'), 'baolish')).toBe(3);
    expect(pinyinRank(row('保利社区'), 'shequ')).toBe(4);
    expect(pinyinRank(row('保利社区'), 'olis')).toBe(5);
  });
});
