import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, loginAs, type TestApp } from '../test/app.js';
import { createUser, TEST_PASSWORD } from '../test/factories.js';
import { operationsOf, type JsonSchema, type Operation } from '../test/openapi.js';
import { POINT, requestWorld, type World } from '../test/requests.js';

/**
 * Malformed input for every operation of the OpenAPI document, as an anonymous caller, a resident, community staff
 * and a system admin: ids beyond the database's range, Infinity, 1e309, hexadecimal and padded numbers, NUL bytes,
 * lone surrogates, wrong types, empty and unknown fields. Nothing may answer 5xx.
 */
let t: TestApp;
let w: World;
let requestId = 0;
const tokens: Record<string, string | null> = {};

const BAD_TEXT_VALUES = ['0', '-1', '2147483648', '9007199254740993', '1e3', '0x10', ' 1', 'Infinity', 'NaN', '1.5', 'abc', '%00', '%ED%A0%80', '1e309'];
const BAD_JSON_VALUES: unknown[] = [null, -1, 2147483648, 2 ** 60, 1e308, 1.5, '', 'x\u0000y', 'x\ud800', [], {}, true, 'a'.repeat(5000), ['x\u0000']];
/** The few that found most: for the callers whose sweep only needs to reach the checks, not every branch. */
const SHORT_TEXT_VALUES = ['2147483648', '0x10', 'Infinity', '%00', 'abc'];
const SHORT_JSON_VALUES: unknown[] = [2147483648, 1e308, 'x\u0000y', 'x\ud800', {}];
const RAW_BODIES = ['{"x": 1e400}', '{"id": 1e309}', '[1e400]', '{"a":"\\u0000"}', '{"a":"\\ud800"}', 'null', '"text"', '{', '{}'];

/** A plausible value for a schema (the happy path the bad values replace one field at a time). */
function sample(schema: JsonSchema | undefined, depth = 0): unknown {
  if (!schema || depth > 6) return null;
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (union) return sample(union[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? Math.max(schema.minimum, Math.min(requestId || 1, Number(schema.maximum ?? 1))) : 1;
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'date') return '2026-12-02';
      if (schema.format === 'date-time') return '2026-12-02T10:00:00+08:00';
      if (schema.format === 'uuid') return randomUUID();
      return '测试内容';
    case 'array': {
      const min = Number(schema.minItems ?? 0);
      return Array.from({ length: min }, () => sample((Array.isArray(schema.items) ? undefined : schema.items) as JsonSchema, depth + 1));
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
      for (const key of (schema.required as string[] | undefined) ?? Object.keys(props)) out[key] = sample(props[key], depth + 1);
      return out;
    }
    default:
      return null;
  }
}

interface Call {
  method: string;
  url: string;
  payload?: unknown;
  raw?: string;
}

function fillPath(path: string, value: (name: string) => string): string {
  return path.replace(/\{([^}]+)\}/g, (_m, name: string) => value(name));
}

/** Every malformed call for one operation; `short` uses the short lists. */
function callsFor(op: Operation, short: boolean): Call[] {
  const calls: Call[] = [];
  const BAD_TEXT = short ? SHORT_TEXT_VALUES : BAD_TEXT_VALUES;
  const BAD_JSON = short ? SHORT_JSON_VALUES : BAD_JSON_VALUES;
  const good = (name: string) => (name === 'file' ? `${requestId}.json` : String(requestId));
  const basePath = fillPath(op.path, good);
  for (const p of op.params.filter((x) => x.in === 'path')) {
    for (const bad of BAD_TEXT) calls.push({ method: op.method, url: fillPath(op.path, (n) => (n === p.name ? bad : good(n))) });
  }
  for (const p of op.params.filter((x) => x.in === 'query')) {
    for (const bad of [...BAD_TEXT, '']) calls.push({ method: op.method, url: `${basePath}?${p.name}=${bad}` });
    calls.push({ method: op.method, url: `${basePath}?${p.name}=1&${p.name}=2` });
  }
  if (op.body && op.bodyType === 'application/json') {
    const base = sample(op.body) as Record<string, unknown>;
    calls.push({ method: op.method, url: basePath, payload: {} }, { method: op.method, url: basePath, payload: { ...base, unknownField: 1 } });
    for (const key of Object.keys((op.body.properties ?? {}) as object)) {
      for (const bad of BAD_JSON) calls.push({ method: op.method, url: basePath, payload: { ...base, [key]: bad } });
    }
    for (const raw of short ? RAW_BODIES.slice(0, 3) : RAW_BODIES) calls.push({ method: op.method, url: basePath, raw });
  }
  if (calls.length === 0) calls.push({ method: op.method, url: basePath });
  return calls;
}

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-12-02T10:00:00+08:00');
  w = await requestWorld(t, 'Fz');
  const filed = await w.api('residentA', 'POST', '/requests', { content: '路灯不亮', location: { lng: POINT.gridA1[0], lat: POINT.gridA1[1] } });
  requestId = filed.json().id;
  await createUser(t.database.db, { username: 'fz.admin', homeNodeId: w.tree.region.id, roles: [{ role: 'system_admin', orgNodeId: w.tree.region.id }] });
  tokens.anonymous = null;
  tokens.resident = w.token.residentA;
  tokens.staff = w.token.staffA;
  tokens.admin = await loginAs(t.app, 'fz.admin', TEST_PASSWORD);
});
afterAll(() => t.close());

/**
 * How deep each caller's sweep goes: a system admin reaches every branch and gets every value; staff and residents
 * the short lists; an anonymous caller is refused before input is read (401), so two calls per operation prove it,
 * except on the operations anyone may call.
 */
const SWEEPS: { role: string; short: boolean }[] = [
  { role: 'admin', short: false },
  { role: 'staff', short: true },
  { role: 'resident', short: true },
  { role: 'anonymous', short: true },
];

describe('fuzzing every operation', () => {
  it.each(SWEEPS)('never answers 5xx to $role, whatever is sent', async ({ role, short }) => {
    // Signing out would end the session the rest of the sweep uses; an event stream stays open by design (its
    // input is checked by the same guards before it opens, in the notifications tests).
    const ops = operationsOf(t.app.swagger()).filter((op) => !op.path.startsWith('/api/v1/auth/logout') && !op.path.endsWith('/stream'));
    expect(ops.length).toBeGreaterThan(80);
    const token = tokens[role] ?? null;
    const failures: string[] = [];
    let sent = 0;
    for (const op of ops) {
      const calls = callsFor(op, short);
      for (const call of role === 'anonymous' && !op.anonymous ? calls.slice(0, 2) : calls) {
        const res = await t.app.inject({
          method: call.method as 'GET',
          url: call.url,
          headers: { ...(token ? bearer(token) : {}), ...(call.raw !== undefined ? { 'content-type': 'application/json' } : {}) },
          ...(call.raw !== undefined ? { payload: call.raw } : call.payload !== undefined ? { payload: call.payload as object } : {}),
        });
        sent++;
        if (res.statusCode >= 500) {
          const line = `${role} ${call.method} ${call.url} ${JSON.stringify(call.payload ?? call.raw ?? '')?.slice(0, 120)} → ${res.statusCode} ${res.body.slice(0, 200)}`;
          failures.push(line);
          console.log(line);
        }
      }
      // Rate limits answer 429 long before a sweep this size ends; start each operation with fresh windows
      // (the in-memory store forgets everything when closed, and keeps working).
      await t.app.ctx.counters.close();
    }
    console.log(`fuzz as ${role}: ${sent} requests over ${ops.length} operations, ${failures.length} answered 5xx`);
    expect(failures).toEqual([]);
  }, 300_000);
});
