import { defineStore } from 'pinia';
import { ref } from 'vue';
import { ApiError } from '../api/client';
import { notificationsApi, type NotificationItem } from '../api/endpoints';

type Listener = (item: NotificationItem) => void;

const MIN_RETRY_MS = 2_000;
const MAX_RETRY_MS = 60_000;

function parseItem(data: string): NotificationItem | null {
  try {
    const value = JSON.parse(data) as Partial<NotificationItem>;
    return typeof value.id === 'number' && typeof value.title === 'string' ? (value as NotificationItem) : null;
  } catch {
    return null;
  }
}

/**
 * The unread count and the live stream (Server-Sent Events, authenticated by the session cookie).
 * Pages subscribe with `onNotification` to show a toast in their own UI kit; the store knows none.
 */
export const useNotificationsStore = defineStore('notifications', () => {
  const unread = ref(0);
  const connected = ref(false);
  const listeners = new Set<Listener>();
  let source: EventSource | null = null;
  let retryMs = MIN_RETRY_MS;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let wanted = false;

  async function refresh(): Promise<void> {
    const page = await notificationsApi.list({ limit: 1, offset: 0 });
    unread.value = page.unread;
  }

  function open(): void {
    if (source || typeof EventSource === 'undefined') return;
    const es = new EventSource(notificationsApi.streamUrl);
    source = es;
    es.onopen = () => {
      connected.value = true;
      retryMs = MIN_RETRY_MS;
      // Items that arrived while the stream was down are not replayed; the count catches up instead.
      void refresh().catch(() => undefined);
    };
    es.addEventListener('notification', (event) => {
      const item = parseItem((event as MessageEvent<string>).data);
      if (!item) return;
      if (!item.readAt) unread.value += 1;
      for (const listener of listeners) listener(item);
    });
    es.onerror = () => {
      connected.value = false;
      // The browser retries by itself while the state is CONNECTING; CLOSED means it gave up (e.g. a 401).
      if (es.readyState !== EventSource.CLOSED) return;
      es.close();
      source = null;
      if (wanted) scheduleReconnect();
    };
  }

  function scheduleReconnect(): void {
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      // Ask for the count first: a 401 there lets the API client's session handler send the user to the login
      // page (and disconnect us), instead of reconnecting a stream that can only fail again.
      refresh()
        .then(() => {
          if (wanted) open();
        })
        .catch((error: unknown) => {
          if (wanted && !(error instanceof ApiError && error.isSessionError)) scheduleReconnect();
        });
    }, retryMs);
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  }

  /** Start counting and listening; safe to call again. */
  async function connect(): Promise<void> {
    wanted = true;
    open();
    await refresh();
  }

  function disconnect(): void {
    wanted = false;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = undefined;
    source?.close();
    source = null;
    connected.value = false;
    unread.value = 0;
  }

  function onNotification(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  async function markRead(item: NotificationItem): Promise<void> {
    if (item.readAt) return;
    await notificationsApi.markRead(item.id);
    item.readAt = new Date().toISOString();
    unread.value = Math.max(0, unread.value - 1);
  }

  async function markAllRead(): Promise<void> {
    await notificationsApi.markAllRead();
    unread.value = 0;
  }

  return { unread, connected, refresh, connect, disconnect, onNotification, markRead, markAllRead };
});
