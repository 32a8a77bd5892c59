import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import type { EventBus, EventRelay, LiveEvent } from './events.js';

/** The PostgreSQL channel every server process LISTENs on. */
export const LIVE_CHANNEL = 'lianxin_live';
/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; an event this size or smaller goes in one. */
export const MAX_SINGLE_PAYLOAD_BYTES = 7_000;
/** Bytes of the event's JSON per piece when it has to be split (base64 makes 6,668 characters of them). */
const PIECE_BYTES = 5_000;
/** Larger events are not relayed (a notice is a few hundred bytes); pages on other processes catch up on reconnect. */
export const MAX_RELAYED_EVENT_BYTES = 1_048_576;
/** Pieces of a split event whose rest never came are dropped after this long. */
const PARTIAL_TTL_MS = 60_000;

/** What goes over the channel: the whole event, or one piece of a large one. `o` is the sending process. */
type Envelope =
  | { o: string; u: number; e: LiveEvent }
  | { o: string; u: number; m: string; i: number; n: number; b: string };

export type RelayLogger = Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;

export interface LiveRelayOptions {
  bus: EventBus;
  /** Opens the dedicated LISTEN connection (a session outside the pool). */
  connect: () => Promise<pg.Client>;
  /** Sends the NOTIFYs, all in one transaction so the pieces of one event arrive together. */
  notify: (channel: string, payloads: string[]) => Promise<void>;
  log: RelayLogger;
  /** Wait before reconnecting, given how many attempts failed in a row. */
  reconnectDelayMs?: (failures: number) => number;
}

/** 0.5 s, 1 s, 2 s, … capped at 15 s. */
function defaultReconnectDelay(failures: number): number {
  return Math.min(500 * 2 ** failures, 15_000);
}

/**
 * Carries live events between server processes on one PostgreSQL with LISTEN/NOTIFY — no other server needed.
 *
 * The publishing process delivers to its own pages directly (EventBus.publishToUser) and NOTIFYs the rest;
 * every envelope names its origin, so the echo that comes back to the publisher is ignored and no page gets an
 * event twice. An event too large for one NOTIFY is split into numbered pieces sent in one transaction.
 *
 * The LISTEN connection reconnects after the server drops it. Events sent while it was down are lost to this
 * process, so after reconnecting it asks the bus to resync: open streams end, and each page reconnects with
 * Last-Event-ID and is sent the notices it missed from its inbox.
 */
export class PgLiveRelay implements EventRelay {
  /** This process's id in the envelopes. */
  readonly origin = randomUUID();
  private client: pg.Client | null = null;
  private stopped = false;
  private everConnected = false;
  private failures = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private readonly pending = new Set<Promise<void>>();
  private readonly partial = new Map<string, { userId: number; pieces: (string | undefined)[]; got: number; at: number }>();
  private readonly reconnectDelayMs: (failures: number) => number;

  constructor(private readonly opts: LiveRelayOptions) {
    this.reconnectDelayMs = opts.reconnectDelayMs ?? defaultReconnectDelay;
  }

  /** Whether the LISTEN connection is up (for /metrics). */
  get connected(): boolean {
    return this.client !== null;
  }

  /** The server-side process id of the LISTEN session (tests end it to check the reconnect). */
  get backendPid(): number | null {
    return (this.client as (pg.Client & { processID?: number }) | null)?.processID ?? null;
  }

  /** Open the LISTEN connection. Never throws: a failure is logged and retried in the background. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  /** Stop listening; NOTIFYs still being sent are waited for. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    await Promise.allSettled([...this.pending]);
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }

  forward(userId: number, event: LiveEvent): void {
    const payloads = this.encode(userId, event);
    if (!payloads) return;
    const sending = this.opts
      .notify(LIVE_CHANNEL, payloads)
      .catch((err: unknown) => this.opts.log.warn({ err, userId }, 'live event not relayed to the other server processes'));
    this.pending.add(sending);
    void sending.finally(() => this.pending.delete(sending));
  }

  /** The NOTIFY payloads for one event: one, or several numbered pieces when it is large. */
  encode(userId: number, event: LiveEvent): string[] | null {
    const single = JSON.stringify({ o: this.origin, u: userId, e: event } satisfies Envelope);
    if (Buffer.byteLength(single) <= MAX_SINGLE_PAYLOAD_BYTES) return [single];
    const bytes = Buffer.from(JSON.stringify(event));
    if (bytes.length > MAX_RELAYED_EVENT_BYTES) {
      this.opts.log.warn({ userId, type: event.type, bytes: bytes.length }, 'live event too large to relay to the other processes');
      return null;
    }
    const id = randomUUID();
    const n = Math.ceil(bytes.length / PIECE_BYTES);
    const payloads: string[] = [];
    for (let i = 0; i < n; i++) {
      const b = bytes.subarray(i * PIECE_BYTES, (i + 1) * PIECE_BYTES).toString('base64');
      payloads.push(JSON.stringify({ o: this.origin, u: userId, m: id, i, n, b } satisfies Envelope));
    }
    return payloads;
  }

  /** Hand an envelope from the channel to this process's pages (public for tests). */
  receive(payload: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(payload) as Envelope;
    } catch {
      this.opts.log.warn({ bytes: payload.length }, 'unreadable live event on the channel');
      return;
    }
    if (envelope.o === this.origin || typeof envelope.u !== 'number') return;
    if ('e' in envelope) {
      if (typeof envelope.e?.type === 'string') this.opts.bus.deliverLocal(envelope.u, envelope.e);
      return;
    }
    this.receivePiece(envelope);
  }

  private receivePiece(piece: Extract<Envelope, { m: string }>): void {
    const now = Date.now();
    for (const [id, p] of this.partial) if (now - p.at > PARTIAL_TTL_MS) this.partial.delete(id);
    if (!Number.isInteger(piece.n) || piece.n < 1 || piece.n > MAX_RELAYED_EVENT_BYTES / PIECE_BYTES + 1) return;
    const entry = this.partial.get(piece.m) ?? { userId: piece.u, pieces: new Array<string | undefined>(piece.n), got: 0, at: now };
    this.partial.set(piece.m, entry);
    if (piece.i < 0 || piece.i >= entry.pieces.length || entry.pieces[piece.i] !== undefined) return;
    entry.pieces[piece.i] = piece.b;
    entry.got++;
    if (entry.got < entry.pieces.length) return;
    this.partial.delete(piece.m);
    try {
      const json = Buffer.concat(entry.pieces.map((b) => Buffer.from(b!, 'base64'))).toString('utf8');
      const event = JSON.parse(json) as LiveEvent;
      if (typeof event?.type === 'string') this.opts.bus.deliverLocal(entry.userId, event);
    } catch (err) {
      this.opts.log.warn({ err }, 'a split live event could not be put back together');
    }
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    let client: pg.Client | null = null;
    try {
      client = await this.opts.connect();
      const listening = client;
      listening.on('notification', (msg) => {
        if (msg.channel === LIVE_CHANNEL && msg.payload) this.receive(msg.payload);
      });
      listening.on('error', (err) => this.lost(listening, err));
      listening.on('end', () => this.lost(listening, null));
      await listening.query(`listen ${LIVE_CHANNEL}`);
    } catch (err) {
      await client?.end().catch(() => undefined);
      this.opts.log.warn({ err, failures: this.failures + 1 }, 'live event listener could not connect; retrying');
      this.scheduleReconnect();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    if (this.everConnected) {
      this.opts.log.info({}, 'live event listener reconnected; open pages will catch up');
      this.opts.bus.resync();
    }
    this.everConnected = true;
  }

  private lost(client: pg.Client, err: Error | null): void {
    if (this.client !== client) return;
    this.client = null;
    if (this.stopped) return;
    this.opts.log.warn({ err }, 'live event listener connection lost; reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    const delay = this.reconnectDelayMs(this.failures++);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, delay);
    this.reconnectTimer.unref();
  }
}
