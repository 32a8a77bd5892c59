import { describe, expect, it } from 'vitest';
import { KNOWN_AUDIT_ACTIONS, actionMessageKey } from '@/console/audit/actions';
import { RESIDENT_MODULES } from '@/resident/home/modules';
import { ORG_KINDS } from '../api/endpoints';
import en from './en';
import { i18n, localized, setLocale, storedLocale } from './index';
import zhCN from './zh-CN';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const zh = flatten(zhCN as unknown as Tree);
const english = flatten(en as unknown as Tree);

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

describe('message files', () => {
  it('have the same keys in Chinese and English', () => {
    expect([...english.keys()].filter((k) => !zh.has(k))).toEqual([]);
    expect([...zh.keys()].filter((k) => !english.has(k))).toEqual([]);
  });

  it('use the same placeholders in both languages and leave no text empty', () => {
    for (const [key, text] of zh) {
      expect(text.trim(), key).not.toBe('');
      expect(english.get(key)?.trim(), key).not.toBe('');
      expect(placeholders(english.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });

  it('avoid characters vue-i18n would read as syntax', () => {
    for (const [key, text] of [...zh, ...english]) expect(text, key).not.toMatch(/[@|]/);
  });

  it('contain every key the code asks for', () => {
    const sources = import.meta.glob<string>(['/src/**/*.vue', '/src/**/*.ts', '!/src/**/*.test.ts'], {
      query: '?raw',
      import: 'default',
      eager: true,
    });
    const used = new Set<string>();
    for (const source of Object.values(sources)) {
      for (const match of source.matchAll(/\bte?\(\s*'([a-zA-Z][\w.-]*)'/g)) used.add(match[1] ?? '');
      // Keys picked by a condition: t(flag ? 'a.b' : 'a.c')
      for (const match of source.matchAll(/\bt\(\s*\w+\s*\?\s*'([\w.]+)'\s*:\s*'([\w.]+)'/g)) {
        used.add(match[1] ?? '');
        used.add(match[2] ?? '');
      }
    }
    // Keys built at run time, from the lists that drive them.
    for (const kind of ORG_KINDS) used.add(`org.kind.${kind}`);
    for (const module of RESIDENT_MODULES) used.add(`modules.${module.key}.title`).add(`modules.${module.key}.desc`);
    for (const reason of ['weekday', 'weekend', 'holiday', 'makeup_workday', 'local_rest', 'local_work']) {
      used.add(`calendar.reason.${reason}`);
    }
    for (const part of ['morning', 'noon', 'afternoon', 'evening']) used.add(`greeting.${part}`);
    for (const action of KNOWN_AUDIT_ACTIONS) used.add(actionMessageKey(action));

    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((key) => !zh.has(key)).sort()).toEqual([]);
  });
});

describe('locale switching', () => {
  it('defaults to Chinese, remembers the choice and translates', () => {
    localStorage.clear();
    expect(storedLocale()).toBe('zh-CN');
    expect(i18n.global.t('nav.org')).toBe('组织架构');
    setLocale('en');
    expect(storedLocale()).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(i18n.global.t('nav.org')).toBe('Organisation');
    expect(localized({ zh: '社区工作者', en: 'Community staff' })).toBe('Community staff');
    setLocale('zh-CN');
    expect(localized({ zh: '社区工作者', en: 'Community staff' })).toBe('社区工作者');
  });

  it('ignores a stored value that is not a supported language', () => {
    localStorage.setItem('lianxin.locale', 'fr');
    expect(storedLocale()).toBe('zh-CN');
  });
});
