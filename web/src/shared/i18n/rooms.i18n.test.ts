import { describe, expect, it } from 'vitest';
import { BOOKING_STATUSES, ROOM_KINDS, TEAM_KINDS } from '../api/roomsApi';
import en from './en';
import zhCN from './zh-CN';

type Tree = { [key: string]: string | Tree };

function has(tree: Tree, key: string): boolean {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return false;
    node = node[part];
  }
  return typeof node === 'string' && node.trim() !== '';
}

/**
 * The room pages pick many messages from lists (kinds, statuses) or keep keys in tables, which the general
 * completeness test cannot see. Every such key must exist in both languages.
 */
describe('room messages', () => {
  const dynamic = [
    ...ROOM_KINDS.map((k) => `rooms.kind.${k}`),
    ...TEAM_KINDS.map((k) => `rooms.teamKind.${k}`),
    ...BOOKING_STATUSES.map((s) => `rooms.status.${s}`),
    ...['waiting', 'promoted', 'left', 'expired'].map((s) => `rooms.waitlistStatus.${s}`),
    ...['closed', 'open', 'extended'].flatMap((k) => [`roomsAdmin.hours.exceptionKind.${k}`, `roomsAdmin.hours.exceptionHint.${k}`]),
  ];

  it('have every key picked from a list', () => {
    for (const key of dynamic) {
      expect(has(zhCN as unknown as Tree, key), key).toBe(true);
      expect(has(en as unknown as Tree, key), key).toBe(true);
    }
  });

  it('have every key the room pages name in a string', () => {
    const sources = import.meta.glob<string>(['/src/**/rooms/**/*.{ts,vue}', '!/src/**/*.test.ts'], { query: '?raw', import: 'default', eager: true });
    const keys = new Set<string>();
    for (const source of Object.values(sources)) {
      for (const match of source.matchAll(/'((?:rooms|roomsAdmin)\.[\w.]+)'/g)) keys.add(match[1]!);
    }
    expect(keys.size).toBeGreaterThan(150);
    const missing = [...keys].filter((key) => !has(zhCN as unknown as Tree, key) || !has(en as unknown as Tree, key));
    expect(missing).toEqual([]);
  });
});
