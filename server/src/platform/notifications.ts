import type { Tx } from '../db/client.js';
import { notifications } from '../db/schema/platform.js';
import { enqueueOutbox, type OutboxEntry } from './outbox.js';

/**
 * Notify users: an inbox row each, and outbox messages per channel, all in the caller's transaction. If that
 * transaction rolls back nobody is notified; once it commits, `OutboxDispatcher.kick()` delivers.
 */
export interface NotifyInput {
  userIds: number[];
  /** What happened, e.g. "announcement", "request.dispatched"; the page may pick an icon by it. */
  kind: string;
  title: string;
  body?: string;
  /** A page path inside the app, e.g. "/console/requests/42". */
  link?: string | null;
  /** Machine-readable details for the page (ids); never personal data that is not the recipient's own. */
  data?: Record<string, unknown> | null;
  /** Delivery channels besides the inbox; the default is the live page update and the console log. */
  channels?: string[];
}

/** "push" updates open pages (Server-Sent Events); "console" is the development sender that logs the message. */
export const DEFAULT_CHANNELS: readonly string[] = ['push', 'console'];
export const PUSH_CHANNEL = 'push';
export const NOTIFICATION_EVENT = 'notification';

/** How a notification appears in the inbox list and in live events. */
export interface NotificationItem {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export function presentNotification(row: {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
}): NotificationItem {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt ? row.readAt.toISOString() : null,
  };
}

/** Payload of a "push" outbox message: the live event to publish to the recipient's open pages. */
export interface PushPayload {
  event: string;
  data: unknown;
}

/** Payload of every other channel: what a text message or a log line needs. */
export interface MessagePayload {
  notificationId: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
}

const INSERT_CHUNK = 1000;

export async function notify(tx: Tx, input: NotifyInput, now: Date): Promise<{ notificationIds: number[] }> {
  const title = input.title.trim();
  if (!title) throw new Error('notify: a notification needs a title');
  const userIds = [...new Set(input.userIds)];
  const channels = [...new Set(input.channels ?? DEFAULT_CHANNELS)];
  const inserted: NotificationItem[] = [];
  const recipients: number[] = [];
  for (let i = 0; i < userIds.length; i += INSERT_CHUNK) {
    const rows = await tx
      .insert(notifications)
      .values(
        userIds.slice(i, i + INSERT_CHUNK).map((userId) => ({
          userId,
          kind: input.kind,
          title,
          body: input.body ?? '',
          link: input.link ?? null,
          data: input.data ?? null,
          createdAt: now,
        })),
      )
      .returning();
    for (const row of rows) {
      inserted.push(presentNotification(row));
      recipients.push(row.userId);
    }
  }
  const entries: OutboxEntry[] = [];
  inserted.forEach((item, i) => {
    for (const channel of channels) {
      entries.push({ channel, recipientUserId: recipients[i]!, payload: payloadFor(channel, item) });
    }
  });
  await enqueueOutbox(tx, entries, now);
  return { notificationIds: inserted.map((n) => n.id) };
}

function payloadFor(channel: string, item: NotificationItem): Record<string, unknown> {
  if (channel === PUSH_CHANNEL) return { event: NOTIFICATION_EVENT, data: item } satisfies PushPayload;
  return { notificationId: item.id, kind: item.kind, title: item.title, body: item.body, link: item.link } satisfies MessagePayload;
}
