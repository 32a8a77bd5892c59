import { Writable } from 'node:stream';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, loginAs } from '../../test/app.js';
import { openTestDatabase } from '../../test/db.js';
import { createOrgTree, createUser, TEST_PASSWORD } from '../../test/factories.js';
import { buildApp, type App } from '../app.js';
import { loadConfig } from '../config.js';
import type { Database } from '../db/client.js';
import { users } from '../db/schema/users.js';
import { TestClock } from './clock.js';
import { loggerOptions, scrubLine, scrubUrl, serializeError, statementName } from './logging.js';
import { hashPassword } from './password.js';

const MOBILE = '13912345678';
const ID_NUMBER = '110105194912310021';
/** Anything that looks like personal data or a secret in a log line. */
const LEAKS = [/(?<![0-9])1[3-9][0-9]{9}(?![0-9])/, /(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])/, /scrypt\$/, /Test@2026x/, /Bearer /];

describe('log lines', () => {
  it('name query parameters without their values', () => {
    expect(scrubUrl('/open311/v2/requests.json?api_key=demo-open311-key&status=open')).toBe('/open311/v2/requests.json?api_key=…&status=…');
    expect(scrubUrl(`/api/v1/users?q=${MOBILE}#x`)).toBe('/api/v1/users?q=…');
    expect(scrubUrl('/api/v1/requests/12')).toBe('/api/v1/requests/12');
  });

  it('turn a failed statement into its code, kind and table, without the parameters', () => {
    const pgError = Object.assign(new Error(`duplicate key value violates unique constraint "users_mobile_key"`), {
      code: '23505',
      constraint: 'users_mobile_key',
      table: 'users',
      detail: `Key (mobile)=(${MOBILE}) already exists.`,
    });
    const err = new DrizzleQueryError('insert into "users" ("username", "mobile", "password_hash") values ($1, $2, $3)', ['a', MOBILE, 'scrypt$16384$8$1$c2FsdA==$aGFzaA=='], pgError);
    const out = serializeError(err);
    expect(out).toMatchObject({ type: 'DatabaseError', code: '23505', statement: 'insert into users', constraint: 'users_mobile_key' });
    const text = JSON.stringify(out);
    for (const leak of LEAKS) expect(text).not.toMatch(leak);
    expect(statementName('  UPDATE "requests" set x = $1')).toBe('update requests');
  });

  it('scrub phone numbers, ID numbers and password hashes as a last net', () => {
    expect(scrubLine(`call ${MOBILE}, id ${ID_NUMBER}, hash scrypt$16384$8$1$c2FsdA==$aGFzaA==`)).toBe(
      'call [redacted-mobile], id [redacted-id], hash [redacted-hash]',
    );
    // Times in milliseconds and long ids are not phone numbers.
    expect(scrubLine('{"time":1764662400000,"id":"139123456789"}')).toBe('{"time":1764662400000,"id":"139123456789"}');
  });
});

describe('the server log, while people sign in, file requests and a statement fails', () => {
  const lines: string[] = [];
  let app: App;
  let database: Database;
  let tree: Awaited<ReturnType<typeof createOrgTree>>;

  beforeAll(async () => {
    database = await openTestDatabase();
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    // Without the last-net scrubber: the lines must be built clean, not cleaned afterwards.
    const { hooks: _net, ...options } = loggerOptions('trace');
    app = await buildApp({
      config: loadConfig({ NODE_ENV: 'test', DATA_DIR: `/tmp/lianxin-test-${process.pid}` }),
      database,
      clock: new TestClock(),
      logger: { ...options, stream },
    });
    // A route whose statement fails with personal data in its parameters (a NOT NULL violation).
    app.post('/api/test/failing-insert', { schema: { hide: true } }, async () => {
      await database.db.insert(users).values({ username: null as never, mobile: MOBILE, displayName: ID_NUMBER, passwordHash: await hashPassword('x'), homeNodeId: tree.region.id });
    });
    await app.ready();
    tree = await createOrgTree(database.db, 'LOG');
    await createUser(database.db, { username: 'log.admin', homeNodeId: tree.region.id, roles: [{ role: 'system_admin', orgNodeId: tree.region.id }] });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('holds no phone number, ID number, password, hash or token', async () => {
    await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: MOBILE, password: 'wrong-password1' } });
    const token = await loginAs(app, 'log.admin', TEST_PASSWORD);
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(token),
      payload: { username: 'log.user', displayName: '王芳', mobile: MOBILE, password: 'Newpass2026', homeNodeId: tree.communityA.id, roles: [] },
    });
    expect(created.statusCode).toBe(201);
    await app.inject({ method: 'GET', url: `/api/v1/users?q=${MOBILE}`, headers: bearer(token) });
    await app.inject({ method: 'PATCH', url: `/api/v1/users/${created.json().id}`, headers: bearer(token), payload: { password: 'Other2026pass' } });
    const failed = await app.inject({ method: 'POST', url: '/api/test/failing-insert', headers: bearer(token) });
    expect(failed.statusCode).toBe(500);
    expect(failed.body).not.toContain(MOBILE);

    const log = lines.join('');
    expect(log).toContain('"code":"23502"');
    expect(log).toContain('"statement":"insert into users"');
    expect(log).toMatch(/"reqId":"[^"]+"/);
    for (const leak of LEAKS) expect(log).not.toMatch(leak);
  });
});
