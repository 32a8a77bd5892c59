import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../platform/access.js';
import type { AppContext } from '../../platform/context.js';
import type { LiveEvent } from '../../platform/events.js';
import { NOTIFICATION_EVENT, type NotificationItem } from '../../platform/notifications.js';
import * as service from './notifications.service.js';

/** A comment line this often keeps proxies from closing an idle stream; each one also re-checks the session. */
export const HEARTBEAT_MS = 25_000;
/** How long the browser waits before reconnecting a dropped stream. */
export const RETRY_MS = 5_000;

/** Open streams, so the app can end them when it shuts down (a live stream would otherwise hold close() up). */
export type OpenStreams = Set<() => void>;

/**
 * Server-Sent Events for the signed-in user: every live event the bus publishes for them. Notification events
 * carry their id, so a reconnecting EventSource sends Last-Event-ID and first receives what it missed.
 */
export async function openNotificationStream(
  ctx: AppContext,
  principal: Principal,
  request: FastifyRequest,
  reply: FastifyReply,
  open: OpenStreams,
): Promise<void> {
  const lastEventId = parseLastEventId(request.headers['last-event-id']);
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // nginx would otherwise buffer the stream.
    'x-accel-buffering': 'no',
  });
  res.write(`retry: ${RETRY_MS}\n\n`);

  let closed = false;
  let replaying = lastEventId !== null;
  const heldDuringReplay: LiveEvent[] = [];
  const write = (event: LiveEvent) => {
    if (!closed) res.write(formatEvent(event));
  };
  const unsubscribe = ctx.bus.subscribeUser(principal.userId, (event) => {
    if (replaying) heldDuringReplay.push(event);
    else write(event);
  });
  const heartbeat = setInterval(() => {
    service
      .sessionIsLive(ctx, principal)
      .then((live) => {
        if (!live) close();
        else if (!closed) res.write(': ping\n\n');
      })
      .catch((err: unknown) => request.log.warn({ err }, 'event stream heartbeat failed'));
  }, HEARTBEAT_MS);
  const close = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    clearInterval(heartbeat);
    open.delete(close);
    if (!res.writableEnded) res.end();
  };
  open.add(close);
  res.on('close', close);

  if (lastEventId !== null) {
    const replayed = new Set<number>();
    try {
      for (const item of await service.missedSince(ctx, principal, lastEventId)) {
        write({ type: NOTIFICATION_EVENT, data: item });
        replayed.add(item.id);
      }
    } catch (err) {
      // The page can still fetch its inbox; the live part of the stream goes on.
      request.log.warn({ err }, 'replaying missed notifications failed');
    }
    replaying = false;
    for (const event of heldDuringReplay) {
      if (notificationId(event) === null || !replayed.has(notificationId(event)!)) write(event);
    }
  }
}

function parseLastEventId(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value || !/^\d{1,15}$/.test(value.trim())) return null;
  return Number(value.trim());
}

function notificationId(event: LiveEvent): number | null {
  if (event.type !== NOTIFICATION_EVENT) return null;
  const id = (event.data as Partial<NotificationItem> | null)?.id;
  return typeof id === 'number' ? id : null;
}

/** One SSE frame. JSON never contains a raw line break, so the data fits on one line. */
export function formatEvent(event: LiveEvent): string {
  const id = notificationId(event);
  const name = event.type.replace(/[\r\n]/g, ' ');
  return `${id === null ? '' : `id: ${id}\n`}event: ${name}\ndata: ${JSON.stringify(event.data ?? null)}\n\n`;
}
