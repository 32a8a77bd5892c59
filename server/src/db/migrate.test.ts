import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../config.js';
import { adminQuery, withDatabase } from '../../test/db.js';
import { openPglite, openPostgres, queryRows, type Database } from './client.js';
import { migrate } from './migrate.js';

const opened: Database[] = [];
afterAll(async () => {
  for (const d of opened) await d.close();
});

async function tableCount(database: Database): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from information_schema.tables where table_schema = 'public'`,
  );
  return row!.n;
}

describe('migrations', () => {
  it('run twice on PGlite without harm', async () => {
    const database = await openPglite(undefined);
    opened.push(database);
    const first = await migrate(database);
    expect(first.applied).toBeGreaterThan(1);
    const tables = await tableCount(database);
    expect(tables).toBeGreaterThan(8);
    const second = await migrate(database);
    expect(second.applied).toBe(0);
    expect(await tableCount(database)).toBe(tables);
    // the extensions the schema relies on are there
    const ext = await queryRows<{ extname: string }>(database.db, sql`select extname from pg_extension order by extname`);
    expect(ext.map((e) => e.extname)).toEqual(expect.arrayContaining(['btree_gist', 'ltree', 'pg_trgm']));
  });

  const url = testDatabaseUrl();
  it.skipIf(!url)('run twice, and from two processes at once, on PostgreSQL', async () => {
    const name = `lianxin_mig_${process.pid}_${Date.now()}`;
    await adminQuery(url!, `create database ${name}`);
    try {
      // Two independent pools, as two server processes starting together would have.
      const a = await openPostgres(withDatabase(url!, name), 2);
      const b = await openPostgres(withDatabase(url!, name), 2);
      try {
        const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
        // exactly one of them did the work; the other waited on the advisory lock and found nothing to do
        expect([ra.applied, rb.applied].sort()).toEqual([0, expect.any(Number)].sort());
        expect(ra.applied + rb.applied).toBeGreaterThan(1);
        expect(Math.min(ra.applied, rb.applied)).toBe(0);
        expect((await migrate(a)).applied).toBe(0);
      } finally {
        await a.close();
        await b.close();
      }
    } finally {
      await adminQuery(url!, `drop database if exists ${name} with (force)`);
    }
  });
});
