import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The shape rules of docs/ARCHITECTURE.md that a machine can check: no two files import each other, directly or
 * through others (type-only imports count too — a cycle of types is a cycle a newcomer must untangle), in the
 * server and in the web; and nothing under db/ reaches into the modules.
 */
const repo = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') out.push(...sourceFiles(full));
    } else if (/\.(ts|vue)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      out.push(full);
    }
  }
  return out;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'|(?:^|\n)\s*import\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

/** The files a source file imports inside the tree (relative specifiers, and `@/` on the web). */
function importsOf(file: string, alias: string | null): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3]!;
    let base: string;
    if (spec.startsWith('.')) base = path.resolve(path.dirname(file), spec);
    else if (alias && spec.startsWith('@/')) base = path.join(alias, spec.slice(2));
    else continue;
    const stem = base.replace(/\.js$/, '');
    const found = [base, `${stem}.ts`, `${stem}.vue`, path.join(stem, 'index.ts')].find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
    if (found) out.push(found);
  }
  return out;
}

/** Every cycle's smallest witness: a strongly connected component of more than one file, or a file importing itself. */
function cycles(files: string[], alias: string | null): string[][] {
  const graph = new Map(files.map((f) => [f, importsOf(f, alias)]));
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    order.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!order.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, order.get(w)!));
      }
    }
    if (low.get(v) === order.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.map((f) => path.relative(repo, f)).sort());
    }
  };
  for (const f of files) if (!order.has(f)) visit(f);
  return found;
}

describe('the shape of the code', () => {
  it('has no import cycles in the server', () => {
    const dir = path.join(repo, 'server/src');
    expect(cycles(sourceFiles(dir), null)).toEqual([]);
  });

  it('has no import cycles in the web', () => {
    const dir = path.join(repo, 'web/src');
    expect(cycles(sourceFiles(dir), dir)).toEqual([]);
  });

  it('finds a cycle when there is one (the check itself can fail)', () => {
    const dir = fs.mkdtempSync(path.join(repo, 'server/.cycle-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.ts'), "import { b } from './b.js';\nexport const a = b;\n");
      fs.writeFileSync(path.join(dir, 'b.ts'), "import type { a } from './a.js';\nexport const b = 1 as unknown as typeof a;\n");
      fs.writeFileSync(path.join(dir, 'c.ts'), "import { a } from './a.js';\nexport const c = a;\n");
      expect(cycles(sourceFiles(dir), null)).toEqual([[path.relative(repo, path.join(dir, 'a.ts')), path.relative(repo, path.join(dir, 'b.ts'))]]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps db/ to the client, schema and migrations: nothing there imports a module', () => {
    const dir = path.join(repo, 'server/src/db');
    const offenders = sourceFiles(dir).flatMap((f) => importsOf(f, null).filter((to) => to.includes(`${path.sep}modules${path.sep}`)).map((to) => `${path.relative(repo, f)} → ${path.relative(repo, to)}`));
    expect(offenders).toEqual([]);
  });
});
