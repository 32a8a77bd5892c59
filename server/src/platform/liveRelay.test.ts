import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/db.js';
import type { Database } from '../db/client.js';
import { EventBus, type LiveEvent } from './events.js';
import { MAX_RELAYED_EVENT_BYTES, MAX_SINGLE_PAYLOAD_BYTES, PgLiveRelay, type RelayLogger } from './liveRelay.js';

const quiet: RelayLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A process's bus and relay; `got` collects what this process's pages of user 7 receive. */
function processOn(notify: (channel: string, payloads: string[]) => Promise<void>, connect?: Database['connectDedicated'], log = quiet) {
  const bus = new EventBus();
  const relay = new PgLiveRelay({
    bus,
    connect: connect ?? (() => Promise.reject(new Error('no database'))),
    notify,
    log,
    reconnectDelayMs: () => 50,
  });
  bus.setRelay(relay);
  const got: LiveEvent[] = [];
  bus.subscribeUser(7, (event) => got.push(event));
  let resyncs = 0;
  bus.onResync(() => resyncs++);
  return { bus, relay, got, resyncs: () => resyncs };
}

async function until(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

/** A notice with a long Chinese body: over PostgreSQL's 8000-byte NOTIFY limit several times. */
const bigEvent: LiveEvent = { type: 'notification', data: { id: 42, title: '停水通知', body: '因管网维修，明日停水。'.repeat(2_000) + '😀' } };

describe('the live event envelope (no database)', () => {
  it('sends a small event in one payload, and splits a large one into pieces under the NOTIFY limit', () => {
    const a = processOn(async () => undefined);
    const small = a.relay.encode(7, { type: 'notification', data: { id: 1, title: '会议通知' } })!;
    expect(small).toHaveLength(1);
    const pieces = a.relay.encode(7, bigEvent)!;
    expect(Buffer.byteLength(JSON.stringify(bigEvent))).toBeGreaterThan(60_000);
    expect(pieces.length).toBeGreaterThan(10);
    for (const p of pieces) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(MAX_SINGLE_PAYLOAD_BYTES);
  });

  it('puts pieces back together in any order, delivers once, and ignores its own echo', () => {
    const a = processOn(async () => undefined);
    const b = processOn(async () => undefined);
    const pieces = a.relay.encode(7, bigEvent)!;
    for (const p of [...pieces].reverse()) b.relay.receive(p);
    b.relay.receive(pieces[0]!); // a repeated piece after completion starts nothing new
    expect(b.got).toEqual([bigEvent]);
    for (const p of pieces) a.relay.receive(p);
    a.relay.receive(a.relay.encode(7, { type: 'notification', data: { id: 2 } })![0]!);
    expect(a.got).toEqual([]);
  });

  it('refuses to relay an event over the cap, and survives junk on the channel', () => {
    const warnings: string[] = [];
    const a = processOn(async () => undefined, undefined, { ...quiet, warn: (_o: unknown, msg?: string) => void warnings.push(msg ?? '') });
    expect(a.relay.encode(7, { type: 'x', data: 'x'.repeat(MAX_RELAYED_EVENT_BYTES) })).toBeNull();
    a.relay.receive('not json');
    a.relay.receive('{"o":"someone","u":"7","e":{"type":"x"}}');
    expect(a.got).toEqual([]);
    expect(warnings).toEqual(['live event too large to relay to the other processes', 'unreadable live event on the channel']);
  });
});

const onPostgres = !!process.env.TEST_DATABASE_URL;

describe.skipIf(!onPostgres)('LISTEN/NOTIFY between two processes on one PostgreSQL', () => {
  let database: Database;
  let a: ReturnType<typeof processOn>;
  let b: ReturnType<typeof processOn>;
  const notify = async (channel: string, payloads: string[]) => {
    await database.db.transaction(async (tx) => {
      for (const p of payloads) await tx.execute(sql`select pg_notify(${channel}, ${p})`);
    });
  };

  beforeAll(async () => {
    database = await openTestDatabase();
    a = processOn(notify, database.connectDedicated);
    b = processOn(notify, database.connectDedicated);
    await a.relay.start();
    await b.relay.start();
  });
  afterAll(async () => {
    await a?.relay.stop();
    await b?.relay.stop();
    await database?.close();
  });

  it('delivers a small and a large event to the other process once, and to the publisher’s own pages once', async () => {
    const small: LiveEvent = { type: 'notification', data: { id: 1, title: '今晚社区电影' } };
    a.bus.publishToUser(7, small);
    a.bus.publishToUser(7, bigEvent);
    await until(() => b.got.length === 2, 'both events on B');
    expect(b.got).toEqual([small, bigEvent]);
    // A's pages got each event once, straight from its bus; the echo from PostgreSQL is ignored.
    await new Promise((r) => setTimeout(r, 200));
    expect(a.got).toEqual([small, bigEvent]);
    expect(b.got).toHaveLength(2);
  });

  it('reconnects after the server ends the LISTEN session, tells open pages to catch up, and relays again', async () => {
    const before = b.relay.backendPid!;
    expect(before).toBeTypeOf('number');
    await database.db.execute(sql`select pg_terminate_backend(${before})`);
    await until(() => b.relay.connected && b.relay.backendPid !== before, 'B to listen again');
    expect(b.resyncs()).toBe(1);
    b.got.length = 0;
    a.bus.publishToUser(7, { type: 'notification', data: { id: 3 } });
    await until(() => b.got.length === 1, 'the event after the reconnect');
    expect(b.got[0]!.data).toEqual({ id: 3 });
  });
});
