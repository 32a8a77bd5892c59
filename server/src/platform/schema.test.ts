import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { operationsOf, type JsonSchema } from '../../test/openapi.js';

/**
 * Every input of every route has bounds: an integer without a maximum reaches PostgreSQL as 2147483648, a text
 * without a length limit can be megabytes, a list without a size limit can be millions of items.
 */
function unbounded(schema: unknown, where: string, out: string[]): void {
  if (!schema || typeof schema !== 'object') return;
  const s = schema as JsonSchema;
  const types = Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : [];
  if ((types.includes('integer') || types.includes('number')) && (s.minimum === undefined || s.maximum === undefined)) {
    out.push(`${where}: number without minimum/maximum`);
  }
  if (types.includes('string') && s.maxLength === undefined && s.enum === undefined && s.const === undefined && s.format === undefined) {
    out.push(`${where}: text without maxLength`);
  }
  if (types.includes('array') && s.maxItems === undefined && !Array.isArray(s.items)) out.push(`${where}: list without maxItems`);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    (s[key] as unknown[] | undefined)?.forEach((b, i) => unbounded(b, `${where}|${i}`, out));
  }
  if (Array.isArray(s.items)) s.items.forEach((item, i) => unbounded(item, `${where}[${i}]`, out));
  else if (s.items) unbounded(s.items, `${where}[]`, out);
  for (const [name, prop] of Object.entries((s.properties ?? {}) as Record<string, unknown>)) unbounded(prop, `${where}.${name}`, out);
}

describe('input schemas', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('bound every integer, text and list a caller can send', () => {
    const problems: string[] = [];
    for (const op of operationsOf(t.app.swagger())) {
      const name = `${op.method} ${op.path}`;
      for (const p of op.params) unbounded(p.schema, `${name} ${p.in}:${p.name}`, problems);
      if (op.body && op.bodyType === 'application/json') unbounded(op.body, `${name} body`, problems);
    }
    expect(problems).toEqual([]);
  });

  it('ask for at least one field in every PATCH body', () => {
    const empty = operationsOf(t.app.swagger())
      .filter((op) => op.method === 'PATCH' && op.body && !(Number(op.body.minProperties) >= 1))
      .map((op) => op.path);
    expect(empty).toEqual([]);
  });
});
