import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NotificationItem } from '../api/endpoints';
import { errorReply, installFakeApi } from '../testing/fakeApi';
import { useNotificationsStore } from './notifications';

/** Just enough of EventSource to play the server's part: open, send an event, drop the connection. */
class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static instances: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();

  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.readyState = FakeEventSource.CLOSED;
  }
  open(): void {
    this.readyState = FakeEventSource.OPEN;
    this.onopen?.();
  }
  emit(type: string, data: string): void {
    for (const listener of this.listeners.get(type) ?? []) listener(new MessageEvent(type, { data }));
  }
  fail(): void {
    this.readyState = FakeEventSource.CLOSED;
    this.onerror?.();
  }
}

const item = (id: number, readAt: string | null = null): NotificationItem => ({
  id,
  kind: 'announcement',
  title: `通知 ${id}`,
  body: '',
  en: null,
  link: null,
  createdAt: '2026-05-01T02:00:00Z',
  readAt,
});

let unread = 3;

beforeEach(() => {
  setActivePinia(createPinia());
  FakeEventSource.instances = [];
  vi.stubGlobal('EventSource', FakeEventSource);
  unread = 3;
  installFakeApi({
    'GET /api/v1/notifications': () => ({ status: 200, body: { items: [], total: unread, unread } }),
    'POST /api/v1/notifications/7/read': () => ({ status: 200, body: item(7, '2026-05-01T03:00:00Z') }),
    'POST /api/v1/notifications/read-all': () => ({ status: 200, body: { updated: 3 } }),
  });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('notifications store', () => {
  it('counts unread items from the server and from the live stream, and tells listeners', async () => {
    const store = useNotificationsStore();
    const heard: NotificationItem[] = [];
    store.onNotification((n) => heard.push(n));
    await store.connect();
    expect(store.unread).toBe(3);
    const stream = FakeEventSource.instances[0]!;
    expect(stream.url).toBe('/api/v1/notifications/stream');

    stream.emit('notification', JSON.stringify(item(9)));
    stream.emit('notification', 'not json');
    expect(store.unread).toBe(4);
    expect(heard.map((n) => n.id)).toEqual([9]);
  });

  it('marks one item or everything as read', async () => {
    const store = useNotificationsStore();
    await store.connect();
    const n = item(7);
    await store.markRead(n);
    expect(n.readAt).not.toBeNull();
    expect(store.unread).toBe(2);
    await store.markRead(n);
    expect(store.unread).toBe(2);
    await store.markAllRead();
    expect(store.unread).toBe(0);
  });

  it('reconnects after the stream is dropped, catching up on the count first', async () => {
    vi.useFakeTimers();
    const store = useNotificationsStore();
    await store.connect();
    FakeEventSource.instances[0]!.fail();
    expect(FakeEventSource.instances).toHaveLength(1);
    unread = 5;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(store.unread).toBe(5);
  });

  it('stops trying when the session is gone and after disconnect', async () => {
    vi.useFakeTimers();
    const store = useNotificationsStore();
    await store.connect();
    installFakeApi({ 'GET /api/v1/notifications': () => errorReply(401, 'session_expired', '登录已过期') });
    FakeEventSource.instances[0]!.fail();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeEventSource.instances).toHaveLength(1);

    store.disconnect();
    expect(store.unread).toBe(0);
    expect(store.connected).toBe(false);
  });
});
