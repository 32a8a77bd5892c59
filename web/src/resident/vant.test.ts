import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every Vant component a phone page imports has its style imported in vant.ts (the pages import components one by
 * one, so a forgotten style shows as an unstyled widget: stars stacked in a column, a progress bar with no bar).
 */
const dir = import.meta.dirname;

function files(d: string): string[] {
  return fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(d, e.name)) : /\.(vue|ts)$/.test(e.name) ? [path.join(d, e.name)] : []));
}

const kebab = (name: string) => name.replace(/(?<!^)([A-Z])/g, '-$1').toLowerCase();

describe('vant styles', () => {
  it('are imported for every component the phone pages use', () => {
    const styled = new Set([...fs.readFileSync(path.join(dir, 'vant.ts'), 'utf8').matchAll(/vant\/es\/([a-z-]+)\/style\/index/g)].map((m) => m[1]));
    const used = new Set<string>();
    for (const f of files(dir)) {
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/\b([A-Z][A-Za-z]+) as Van[A-Za-z]+/g)) used.add(kebab(m[1]!));
    }
    expect(used.size).toBeGreaterThan(20);
    expect([...used].filter((c) => !styled.has(c)).sort()).toEqual([]);
  });
});
