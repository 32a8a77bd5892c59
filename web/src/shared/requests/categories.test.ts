import { describe, expect, it } from 'vitest';
import { categoryName, categoryPath } from './categories';

describe('category names', () => {
  it('shows the English name when the page is in English, the Chinese one otherwise', () => {
    const light = { name: '路灯不亮', nameEn: 'Light out' };
    expect(categoryName(light, 'en')).toBe('Light out');
    expect(categoryName(light, 'zh-CN')).toBe('路灯不亮');
    expect(categoryName({ name: '自定义', nameEn: '' }, 'en')).toBe('自定义');
  });

  it('builds the path from a nested parent (requests) or flat parent names (suggestions, ledger rows)', () => {
    const nested = { name: '路灯不亮', nameEn: 'Light out', parent: { name: '路灯照明', nameEn: 'Street lights' } };
    const flat = { name: '路灯不亮', nameEn: 'Light out', parentName: '路灯照明', parentNameEn: 'Street lights' };
    for (const category of [nested, flat]) {
      expect(categoryPath(category, 'en')).toBe('Street lights / Light out');
      expect(categoryPath(category, 'zh-CN')).toBe('路灯照明 / 路灯不亮');
    }
    expect(categoryPath({ name: '路灯不亮', nameEn: 'Light out', parentName: null }, 'en')).toBe('Light out');
    expect(categoryPath(null, 'en')).toBe('');
  });
});
