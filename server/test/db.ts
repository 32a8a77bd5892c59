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
      await adminQuery(url, `drop database if exists ${name} with (force)`);
    },
  };
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
