import type { FastifyReply, FastifyRequest } from 'fastify';
import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { queueTickets, serviceItems, serviceWindowItems, serviceWindows } from '../../../db/schema/services.js';
import { shanghaiDate, toShanghaiIso } from '../../../platform/calendarDays.js';
import type { AppContext } from '../../../platform/context.js';
import { publicCenter } from '../common/center.js';
import { subscribeQueue, type QueueEvent } from './live.js';
import type { DisplayReply } from './queue.schema.js';
import { hallOpenAt } from './tickets.service.js';

/**
 * The hall's screen 叫号屏 and the kiosk's menu: public, so only numbers, windows and counts — never a name.
 */
export const RECENT_CALLS = 8;

export async function displaySnapshot(ctx: AppContext, centerId: number): Promise<DisplayReply> {
  const center = await publicCenter(ctx.db, centerId);
  const now = ctx.clock.now();
  const day = shanghaiDate(now);
  const called = await ctx.db
    .select({
      number: queueTickets.number,
      status: queueTickets.status,
      calledAt: queueTickets.calledAt,
      callCount: queueTickets.callCount,
      windowId: queueTickets.windowId,
      windowNumber: serviceWindows.number,
      windowName: serviceWindows.name,
    })
    .from(queueTickets)
    .innerJoin(serviceWindows, eq(serviceWindows.id, queueTickets.windowId))
    .where(and(eq(queueTickets.serviceCenterId, centerId), eq(queueTickets.day, day), isNotNull(queueTickets.calledAt), inArray(queueTickets.status, ['called', 'serving', 'done', 'no_show'])))
    .orderBy(desc(queueTickets.calledAt), desc(queueTickets.id))
    .limit(200);
  const call = (c: (typeof called)[number]) => ({
    number: c.number,
    windowNumber: c.windowNumber,
    windowName: c.windowName,
    status: c.status,
    calledAt: toShanghaiIso(c.calledAt!),
    callCount: c.callCount,
  });
  const seen = new Set<number>();
  const current = called
    .filter((c) => (c.status === 'called' || c.status === 'serving') && !seen.has(c.windowId!) && seen.add(c.windowId!))
    .map(call)
    .sort((a, b) => a.windowNumber - b.windowNumber);
  const waitingRows = await ctx.db
    .select({ windowNumber: serviceWindows.number, count: sql<number>`count(*)::int` })
    .from(queueTickets)
    .leftJoin(serviceWindows, eq(serviceWindows.id, queueTickets.windowId))
    .where(and(eq(queueTickets.serviceCenterId, centerId), eq(queueTickets.day, day), eq(queueTickets.status, 'waiting')))
    .groupBy(serviceWindows.number)
    .orderBy(asc(serviceWindows.number));
  const itemRows = await ctx.db
    .select({ id: serviceItems.id, name: serviceItems.name, category: serviceItems.category, prefix: serviceWindows.ticketPrefix, number: serviceWindows.number, sort: serviceItems.sort })
    .from(serviceItems)
    .innerJoin(serviceWindowItems, eq(serviceWindowItems.itemId, serviceItems.id))
    .innerJoin(serviceWindows, eq(serviceWindows.id, serviceWindowItems.windowId))
    .where(and(eq(serviceWindows.serviceCenterId, centerId), eq(serviceWindows.active, true), eq(serviceItems.active, true)))
    .orderBy(asc(serviceItems.sort), asc(serviceItems.id), asc(serviceWindows.number));
  const items = new Map<number, { id: number; name: string; category: string; prefix: string }>();
  for (const r of itemRows) if (!items.has(r.id)) items.set(r.id, { id: r.id, name: r.name, category: r.category, prefix: r.prefix });
  return {
    center: { id: center.id, name: center.name },
    day,
    current,
    recent: called.slice(0, RECENT_CALLS).map(call),
    waiting: waitingRows.map((w) => ({ windowNumber: w.windowNumber, count: w.count })),
    waitingTotal: waitingRows.reduce((n, w) => n + w.count, 0),
    items: [...items.values()],
    open: await hallOpenAt(ctx.db, center, now),
  };
}

/** How often an open display re-reads its snapshot (carries changes made by other server processes). */
export const DISPLAY_POLL_MS = 3_000;
export const DISPLAY_RETRY_MS = 5_000;
export const DISPLAY_HEARTBEAT_MS = 25_000;

export type OpenDisplays = Set<() => void>;

type Frame = { type: 'snapshot' | 'call'; data: string };

/**
 * One watcher per center and process, shared by every open stream of that center (the hall's screen, the kiosk,
 * each phone following its ticket): it re-reads the snapshot every DISPLAY_POLL_MS and at once on a local event,
 * and hands each changed snapshot to all of them — the database sees one query set per center, not one per page.
 */
class CenterWatcher {
  readonly listeners = new Set<(frame: Frame) => void>();
  last: string;
  private busy = false;
  private again = false;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly unsubscribe: () => void;
  constructor(
    private readonly ctx: AppContext,
    private readonly centerId: number,
    first: string,
    private readonly onError: (err: unknown) => void,
  ) {
    this.last = first;
    this.timer = setInterval(() => void this.refresh(), DISPLAY_POLL_MS);
    this.unsubscribe = subscribeQueue(centerId, (event: QueueEvent) => {
      if (event.type === 'call') {
        const data = JSON.stringify({ number: event.number, windowNumber: event.windowNumber, windowName: event.windowName, callCount: event.callCount });
        for (const l of this.listeners) l({ type: 'call', data });
      }
      void this.refresh();
    });
  }
  async refresh(): Promise<void> {
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    try {
      const next = JSON.stringify(await displaySnapshot(this.ctx, this.centerId));
      if (next !== this.last) {
        this.last = next;
        for (const l of this.listeners) l({ type: 'snapshot', data: next });
      }
    } catch (err) {
      this.onError(err);
    } finally {
      this.busy = false;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    }
  }
  stop(): void {
    clearInterval(this.timer);
    this.unsubscribe();
  }
}

const watchers = new Map<number, CenterWatcher>();

/**
 * Server-Sent Events of a center's queue: a `snapshot` at once and whenever it changes, a `call` for each call
 * (the screen shows it large and may chime), `: ping` comments to keep proxies from closing it.
 */
export async function openDisplayStream(ctx: AppContext, centerId: number, request: FastifyRequest, reply: FastifyReply, open: OpenDisplays): Promise<void> {
  const first = JSON.stringify(await displaySnapshot(ctx, centerId));
  let watcher = watchers.get(centerId);
  if (!watcher) {
    watcher = new CenterWatcher(ctx, centerId, first, (err) => request.log.warn({ err }, 'queue display refresh failed'));
    watchers.set(centerId, watcher);
  }
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write(`retry: ${DISPLAY_RETRY_MS}\n\n`);
  res.write(`event: snapshot\ndata: ${first}\n\n`);
  let closed = false;
  const listener = (frame: Frame) => {
    if (!closed) res.write(`event: ${frame.type}\ndata: ${frame.data}\n\n`);
  };
  const w = watcher;
  w.listeners.add(listener);
  const heartbeat = setInterval(() => !closed && res.write(': ping\n\n'), DISPLAY_HEARTBEAT_MS);
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    w.listeners.delete(listener);
    if (w.listeners.size === 0) {
      w.stop();
      if (watchers.get(centerId) === w) watchers.delete(centerId);
    }
    open.delete(close);
    if (!res.writableEnded) res.end();
  };
  open.add(close);
  res.on('close', close);
}
