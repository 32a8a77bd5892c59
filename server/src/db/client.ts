import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { lockDataDir } from './dataDirLock.js';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
/** The one database type every repo takes: PGlite and node-postgres both implement it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A repo method takes either the database or an open transaction. */
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
  /** Run one statement on a single dedicated connection (migrations, advisory locks). */
  withConnection<T>(fn: (conn: Db) => Promise<T>): Promise<T>;
  /**
   * PostgreSQL only: a new connection outside the pool, for a session that lives as long as the process
   * (LISTEN for live events, the job locks). The caller ends it.
   */
  connectDedicated?: () => Promise<pg.Client>;
  /** PostgreSQL only: the pool's connections right now (for /metrics). */
  poolStats?: () => PoolStats;
}

export interface PoolStats {
  max: number;
  total: number;
  idle: number;
  /** Queries waiting for a free connection. */
  waiting: number;
}

export const PGLITE_EXTENSIONS = { ltree, btree_gist, pg_trgm };

/** Embedded PGlite; `dataDir` undefined means in memory. */
export async function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<Database> {
  if (dataDir) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const unlock = dataDir ? lockDataDir(dataDir) : () => undefined;
  let client: PGlite;
  try {
    client = await PGlite.create({ dataDir, extensions: PGLITE_EXTENSIONS, loadDataDir });
  } catch (err) {
    unlock();
    throw err;
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    // PGlite is one connection in this process: every query already runs on it.
    withConnection: (fn) => fn(db),
    async close() {
      try {
        await client.close();
      } finally {
        unlock();
      }
    },
    get pglite() {
      return client;
    },
  } as Database & { pglite: PGlite };
}

export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  // Lianxin's queries are short and many. PostgreSQL's JIT compiles any plan whose estimate passes jit_above_cost — a
  // town's service statistics, say — and the compiling took longer than the query (docs/adr/0027: 110 ms with it,
  // about 40 without). Off for our connections, unless the URL sets options of its own.
  const options = new URL(url).searchParams.has('options') ? undefined : '-c jit=off';
  const pool = new pg.Pool({ connectionString: url, max: poolSize, ...(options ? { options } : {}) });
  // An idle connection the server ends (restart, failover, admin command) must not crash the process: the pool
  // drops that client and opens a new one on the next query.
  pool.on('error', (err) => process.emitWarning(`PostgreSQL idle connection lost: ${err.message}`));
  // Timestamps come back as ISO strings from both drivers' perspective via Drizzle; keep node-postgres defaults.
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    async withConnection(fn) {
      const client = await pool.connect();
      try {
        return await fn(drizzlePg({ client, schema }) as unknown as Db);
      } finally {
        client.release();
      }
    },
    async connectDedicated() {
      // Keepalive so a connection that silently died (network, failover) is noticed and reopened.
      const client = new pg.Client({ connectionString: url, keepAlive: true });
      try {
        await client.connect();
      } catch (err) {
        await client.end().catch(() => undefined);
        throw err;
      }
      return client;
    },
    poolStats: () => ({ max: poolSize, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      await pool.end();
    },
  };
}

export async function openDatabase(opts: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  return openPglite(path.join(opts.dataDir, 'pglite'));
}

/** Run raw SQL and return its rows; both drivers answer `{ rows }`. */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
