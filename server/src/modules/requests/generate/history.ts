import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client.js';
import type { Satisfaction } from '../../../db/schema/requests.js';
import { WorkCalendar } from '../../../platform/calendar.js';
import { loadNationalCalendar } from '../../../platform/nationalCalendarStore.js';
import { seedDefaultCategories } from '../core/categories.js';
import { applyCounterDelta, CounterDelta } from '../core/counters.js';
import { Deadlines } from '../deadlines/compute.js';
import { COLUMNS, counted, eventsOf, makeRow, NAMES, prng, type EventRow, type Row } from './rows.js';
import { pinyinSearchKey } from '../intake/submission.js';
import { allocateRequestIds } from '../core/repo.js';

/**
 * Bulk data for benchmarks: requests spread over grids and a period, in every state of the workflow, with
 * consistent columns (deadlines on the national calendar in the database, response and resolution times, follow-up answers),
 * two timeline events each, and the rate counters added from the same rows — so the rates read from
 * request_counters equal a recount of the table. Rows go in with one INSERT … SELECT FROM unnest(arrays) per
 * column set and batch (thousands of rows per statement). Deterministic for a given seed.
 *
 * Not generated: photos, reopened histories, extensions, escalations; local calendar overrides are ignored.
 */
export interface GenerateOptions {
  total: number;
  /** Received between these instants. */
  from: Date;
  to: Date;
  /** "Now" for the states: nothing happens after it. Defaults to `to`. */
  now?: Date;
  /** Grids to spread over (default: every grid without child grids). */
  gridIds?: number[];
  /** Grid workers per grid: dispatched and later requests get one of them as assignee. */
  workersByGrid?: Map<number, number[]>;
  batchSize?: number;
  seed?: number;
  onProgress?: (progress: { done: number; total: number; seconds: number }) => void;
  /** Batches written at once on a PostgreSQL pool (default 1; PGlite is one connection anyway). */
  concurrency?: number;
}

export interface GenerateResult {
  inserted: number;
  events: number;
  seconds: number;
}

const INSERT_REQUESTS = (columns: unknown[][]) =>
  sql`insert into requests (${sql.raw(COLUMNS.map((c) => c[0]).join(', '))})
      select * from unnest(${sql.join(
        COLUMNS.map((c, i) => sql`${sql.param(columns[i])}::${sql.raw(c[1])}[]`),
        sql`, `,
      )})`;

export async function generateRequests(db: Db, opts: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const rand = prng(opts.seed ?? 20_261_001);
  const now = opts.now ?? opts.to;
  const batchSize = Math.max(1, Math.min(opts.batchSize ?? 5000, 20_000));
  await seedDefaultCategories(db);
  const grids =
    opts.gridIds ??
    (
      await queryRows<{ id: number }>(
        db,
        sql`select g.id from org_nodes g where g.kind = 'grid' and not exists (select 1 from org_nodes c where c.parent_id = g.id and c.kind = 'grid')`,
      )
    ).map((r) => Number(r.id));
  if (grids.length === 0) throw new Error('generateRequests: no grids to file requests under');
  const categories = await queryRows<{ id: number; name: string }>(
    db,
    sql`select id, name from request_categories where org_node_id is null and parent_id is not null and active`,
  );
  const people = NAMES.map((name) => ({ name, pinyin: pinyinSearchKey(name) }));
  const deadlines = new Deadlines(new WorkCalendar({ national: await loadNationalCalendar(db) }));
  const span = opts.to.getTime() - opts.from.getTime();
  let produced = 0;
  let inserted = 0;
  let events = 0;
  let failure: unknown = null;
  const inFlight = new Set<Promise<void>>();
  const concurrency = Math.max(1, Math.min(opts.concurrency ?? 1, 8));

  while (produced < opts.total && failure === null) {
    const n = Math.min(batchSize, opts.total - produced);
    produced += n;
    const ids = await allocateRequestIds(db, n);
    const rows: Row[] = [];
    const eventRows: EventRow[] = [];
    const delta = new CounterDelta();
    for (const id of ids) {
      const row = makeRow(id, rand, {
        grids,
        categories,
        people,
        deadlines,
        now,
        from: opts.from.getTime(),
        span,
        workers: opts.workersByGrid,
        previous: rows,
      });
      rows.push(row);
      addCounts(delta, row);
      eventRows.push(...eventsOf(row));
    }
    // Rows are built here, in order (the data set depends only on the seed); batches are written `concurrency` at a time.
    const write = writeBatch(db, rows, eventRows, delta).then(() => {
      inserted += n;
      events += eventRows.length;
      opts.onProgress?.({ done: inserted, total: opts.total, seconds: (performance.now() - started) / 1000 });
    });
    const tracked: Promise<void> = write
      .catch((err: unknown) => {
        failure ??= err;
      })
      .finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure !== null) throw failure;
  return { inserted, events, seconds: (performance.now() - started) / 1000 };
}
/** One batch in one transaction: requests, their events, and the counters of both. */
async function writeBatch(db: Db, rows: Row[], eventRows: EventRow[], delta: CounterDelta): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(INSERT_REQUESTS(COLUMNS.map(([name]) => rows.map((r) => r[name]))));
    await tx.execute(
      sql`insert into request_events (request_id, at, action, from_status, to_status, note, actor_user_id)
          select * from unnest(${sql.param(eventRows.map((e) => e[0]))}::bigint[], ${sql.param(eventRows.map((e) => e[1]))}::timestamptz[],
                               ${sql.param(eventRows.map((e) => e[2]))}::text[], ${sql.param(eventRows.map((e) => e[3]))}::text[],
                               ${sql.param(eventRows.map((e) => e[4]))}::text[], ${sql.param(eventRows.map((e) => e[5]))}::text[],
                               ${sql.param(eventRows.map((e) => e[6]))}::int[])`,
    );
    await applyCounterDelta(tx, delta);
  });
}

/** The request's counts, and its follow-up answer or timeout as an event (requests/core/counters.ts). */
function addCounts(delta: CounterDelta, row: Row): void {
  delta.change(null, counted(row));
  const node = row.org_node_id as number;
  if (row.follow_up_at) {
    const sat = row.satisfaction as Satisfaction;
    delta.event(node, row.follow_up_at as Date, {
      followedUp: 1,
      solved: row.follow_up_solved ? 1 : 0,
      satisfied: sat === 'satisfied' ? 1 : 0,
      basicallySatisfied: sat === 'basically_satisfied' ? 1 : 0,
      unsatisfied: sat === 'unsatisfied' ? 1 : 0,
    });
  } else if (row.close_reason === 'no_reply') {
    delta.event(node, row.closed_at as Date, { noReply: 1 });
  }
}
