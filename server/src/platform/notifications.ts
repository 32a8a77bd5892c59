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
  /** In Chinese, what the inbox shows by default. */
  title: string;
  body?: string;
  /** The same in English, for pages in English; kept with the notice (data.en), shown as `en` in the inbox. */
  en?: NoticeText;
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

export interface NoticeText {
  title: string;
  body?: string;
}

/** How a notification appears in the inbox list and in live events. */
export interface NotificationItem {
  id: number;
  kind: string;
  title: string;
  body: string;
  /** English title and body when the sender wrote them (announcements typed by staff have none). */
  en: { title: string; body: string } | null;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

function englishOf(data: Record<string, unknown> | null | undefined): NotificationItem['en'] {
  const en = data?.en as { title?: unknown; body?: unknown } | undefined;
  if (!en || typeof en.title !== 'string' || en.title === '') return null;
  return { title: en.title, body: typeof en.body === 'string' ? en.body : '' };
}

export function presentNotification(row: {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  data?: Record<string, unknown> | null;
  createdAt: Date;
  readAt: Date | null;
}): NotificationItem {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    en: englishOf(row.data),
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
          data: input.en ? { ...input.data, en: { title: input.en.title.trim(), body: input.en.body ?? '' } } : (input.data ?? null),
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
