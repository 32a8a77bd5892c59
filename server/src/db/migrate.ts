import path from 'node:path';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { seedNationalCalendarFromPackage } from '../platform/nationalCalendarStore.js';
import { queryRows, type Database, type Db } from './client.js';

export const MIGRATIONS_DIR = path.join(import.meta.dirname, 'migrations');
/** Arbitrary constant: the key of the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK_KEY = 7_114_202_601;

/**
 * Apply the generated SQL migrations that have not run yet.
 *
 * Two server processes may start at once against one PostgreSQL: both take the same session-level advisory
 * lock on a dedicated connection, so the second waits and then finds nothing left to do. Each migration runs
 * in its own transaction together with its bookkeeping row. Then, under the same lock, the national calendar
 * years the `chinese-days` package has and the database has not are seeded (never overwriting a year already
 * there; see platform/nationalCalendarStore.ts) — data read from the installed package, not a data migration.
 */
export async function migrate(database: Database): Promise<{ applied: number; seededYears: number[] }> {
  const migrations = readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR });
  return database.withConnection(async (conn) => {
    await conn.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    try {
      const { applied } = await applyPending(conn, migrations);
      const seededYears = await seedNationalCalendarFromPackage(conn);
      return { applied, seededYears };
    } finally {
      await conn.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
    }
  });
}

async function applyPending(conn: Db, migrations: ReturnType<typeof readMigrationFiles>): Promise<{ applied: number }> {
  await conn.execute(sql`create table if not exists lianxin_migrations (
    hash text primary key,
    created_at bigint not null,
    applied_at timestamptz not null default now()
  )`);
  const done = await queryRows<{ hash: string }>(conn, sql`select hash from lianxin_migrations`);
  const applied = new Set(done.map((r) => r.hash));
  let count = 0;
  for (const m of migrations) {
    if (applied.has(m.hash)) continue;
    await conn.transaction(async (tx) => {
      for (const statement of m.sql) {
        if (statement.trim()) await tx.execute(sql.raw(statement));
      }
      await tx.execute(sql`insert into lianxin_migrations (hash, created_at) values (${m.hash}, ${m.folderMillis})`);
    });
    count++;
  }
  return { applied: count };
}

let shipped: string[] | undefined;

/**
 * How many of the migrations this build ships have not been applied to the database (for /readyz). A process
 * started from newer code against an older database answers "not ready" until `migrate` has run.
 */
export async function pendingMigrations(db: Db): Promise<number> {
  shipped ??= readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR }).map((m) => m.hash);
  const [exists] = await queryRows<{ table: string | null }>(db, sql`select to_regclass('lianxin_migrations')::text as table`);
  if (!exists?.table) return shipped.length;
  const done = await queryRows<{ hash: string }>(db, sql`select hash from lianxin_migrations`);
  const applied = new Set(done.map((r) => r.hash));
  return shipped.filter((hash) => !applied.has(hash)).length;
}
