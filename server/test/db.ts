import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { testDatabaseUrl } from '../src/config.js';
import { openPglite, openPostgres, type Database } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';

/**
 * A fresh, migrated database for one test file.
 * - Default: PGlite in memory, migrated from scratch.
 * - TEST_DATABASE_URL set: a new database on that server, cloned from a template migrated once per run
 *   (Immich's pattern), dropped again on close.
 */
/** Per test run (set by globalSetup), so two runs against one server never share a template. */
export function templateDb(): string {
  const name = process.env.LIANXIN_TEST_TEMPLATE;
  if (!name) throw new Error('LIANXIN_TEST_TEMPLATE is not set: run the tests through vitest (globalSetup)');
  return name;
}

export async function openTestDatabase(): Promise<Database> {
  const url = testDatabaseUrl();
  if (!url) {
    const database = await openPglite(undefined);
    await migrate(database);
    return database;
  }
  const name = `lianxin_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(url, `create database ${name} template ${templateDb()}`);
  const database = await openPostgres(withDatabase(url, name), 5);
  return {
    ...database,
    async close() {
      await database.close();
      await dropWhenFree(url, name);
    },
  };
}

/**
 * Drop a test database once its pool's connections have gone. The pool's end() resolves when it has asked its
 * clients to end, not when their sockets have closed; `with (force)` at that moment makes the server kill a
 * session whose client is still ending, and that client then throws 57P01 with nobody listening. So: a plain drop,
 * retried while the last sessions leave, and force only as a last resort.
 */
async function dropWhenFree(url: string, name: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      await adminQuery(url, `drop database if exists ${name}`);
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== '55006') throw err; // object_in_use: sessions still connected
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await adminQuery(url, `drop database if exists ${name} with (force)`);
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
