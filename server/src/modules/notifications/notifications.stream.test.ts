import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bearer, createTestApp, loginAs, type TestApp } from '../../../test/app.js';
import { createOrgTree, createUser, TEST_PASSWORD } from '../../../test/factories.js';
import { outboxDispatcherOf } from './notifications.dispatcher.js';
import { formatEvent, HEARTBEAT_MS } from './notifications.stream.js';

let t: TestApp;
let base: string;
let tree: Awaited<ReturnType<typeof createOrgTree>>;
let resident: { id: number };
let staffToken: string;
let residentToken: string;

beforeAll(async () => {
  t = await createTestApp();
  tree = await createOrgTree(t.database.db, 'S');
  await createUser(t.database.db, { username: 'sse.staff', homeNodeId: tree.communityA.id, roles: [{ role: 'community_staff', orgNodeId: tree.communityA.id }] });
  resident = await createUser(t.database.db, { username: 'sse.res', homeNodeId: tree.gridA1.id, roles: [{ role: 'resident', orgNodeId: tree.gridA1.id }] });
  staffToken = await loginAs(t.app, 'sse.staff', TEST_PASSWORD);
  residentToken = await loginAs(t.app, 'sse.res', TEST_PASSWORD);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
});
afterAll(() => t.close());

/** An open event stream read chunk by chunk, until the text so far satisfies a test. */
async function openStream(headers: Record<string, string>) {
  const abort = new AbortController();
  const res = await fetch(`${base}/api/v1/notifications/stream`, { headers, signal: abort.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  return {
    res,
    async readUntil(done: (text: string) => boolean): Promise<string> {
      while (!done(text)) {
        const chunk = await reader.read();
        if (chunk.done) throw new Error(`stream ended early after: ${text}`);
        text += decoder.decode(chunk.value, { stream: true });
      }
      return text;
    },
    close: () => abort.abort(),
  };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

/** Parse the `event: notification` frames out of the stream text. */
function notificationFrames(text: string): { id: string; data: { id: number; title: string } }[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.includes('event: notification'))
    .map((frame) => {
      const line = (name: string) => frame.split('\n').find((l) => l.startsWith(`${name}: `))!.slice(name.length + 2);
      return { id: line('id'), data: JSON.parse(line('data')) };
    });
}

async function announce(title: string): Promise<void> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/notifications',
    headers: bearer(staffToken),
    payload: { nodeId: tree.gridA1.id, title, body: '' },
  });
  expect(res.statusCode).toBe(201);
  await outboxDispatcherOf(t.app.ctx).drain();
}

describe('GET /notifications/stream', () => {
  it('streams a new notification to the signed-in user, then unsubscribes when the page goes away', async () => {
    const stream = await openStream(bearer(residentToken));
    expect(stream.res.status).toBe(200);
    expect(stream.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.res.headers.get('cache-control')).toContain('no-cache');
    expect(await stream.readUntil((s) => s.includes('\n\n'))).toMatch(/^retry: \d+\n\n/);
    await until(() => t.app.ctx.bus.listenerCount(resident.id) === 1, 'the stream to subscribe');

    await announce('今晚社区电影');
    const text = await stream.readUntil((s) => s.includes('event: notification'));
    const [frame] = notificationFrames(text);
    expect(frame!.data).toMatchObject({ title: '今晚社区电影', kind: 'announcement', readAt: null });
    expect(frame!.id).toBe(String(frame!.data.id));

    stream.close();
    await until(() => t.app.ctx.bus.listenerCount(resident.id) === 0, 'the stream to unsubscribe');
  });

  it('accepts the session cookie, and replays what a reconnecting page missed (Last-Event-ID)', async () => {
    await announce('第一条');
    await announce('第二条');
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/notifications?limit=2', headers: bearer(residentToken) });
    const [second, first] = list.json().items as { id: number }[];

    const stream = await openStream({ cookie: `lianxin_session=${residentToken}`, 'last-event-id': String(first!.id - 1) });
    expect(stream.res.status).toBe(200);
    const text = await stream.readUntil((s) => notificationFrames(s).length >= 2);
    expect(notificationFrames(text).map((f) => f.data.id)).toEqual([first!.id, second!.id]);
    stream.close();
    await until(() => t.app.ctx.bus.listenerCount(resident.id) === 0, 'the stream to unsubscribe');
  });

  it('sends a heartbeat comment, and ends the stream once the session is signed out', async () => {
    const token = await loginAs(t.app, 'sse.res', TEST_PASSWORD);
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const stream = await openStream(bearer(token));
      await stream.readUntil((s) => s.includes('retry:'));
      await until(() => t.app.ctx.bus.listenerCount(resident.id) === 1, 'the stream to subscribe');
      vi.advanceTimersByTime(HEARTBEAT_MS);
      expect(await stream.readUntil((s) => s.includes(': ping\n\n'))).toContain(': ping');

      const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(token) });
      expect(out.statusCode).toBe(204);
      vi.advanceTimersByTime(HEARTBEAT_MS);
      await expect(stream.readUntil(() => false)).rejects.toThrow('stream ended early');
      await until(() => t.app.ctx.bus.listenerCount(resident.id) === 0, 'the stream to unsubscribe');
    } finally {
      vi.useRealTimers();
    }
  });

  it('ends open streams when live events may have been lost, so each page reconnects and catches up', async () => {
    const stream = await openStream(bearer(residentToken));
    await stream.readUntil((s) => s.includes('retry:'));
    await until(() => t.app.ctx.bus.listenerCount(resident.id) === 1, 'the stream to subscribe');
    t.app.ctx.bus.resync(); // what the relay does after its LISTEN connection came back
    await expect(stream.readUntil(() => false)).rejects.toThrow('stream ended early');
    await until(() => t.app.ctx.bus.listenerCount(resident.id) === 0, 'the stream to unsubscribe');
  });

  it('does not hold up shutting the app down', async () => {
    const other = await createTestApp();
    const node = await createOrgTree(other.database.db, 'X');
    await createUser(other.database.db, { username: 'sse.late', homeNodeId: node.communityA.id });
    const token = await loginAs(other.app, 'sse.late', TEST_PASSWORD);
    await other.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (other.app.server.address() as { port: number }).port;
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/notifications/stream`, { headers: bearer(token) });
    const reader = res.body!.getReader();
    await reader.read();
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(10_000); // without ending open streams, close() never returns
    expect((await reader.read()).done).toBe(true);
  }, 120_000); // a second app with its own database is slow to build on a busy machine

  it('answers 401 as JSON without a session', async () => {
    const res = await fetch(`${base}/api/v1/notifications/stream`);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthenticated');
  });

  it('formats other live events without an id', () => {
    expect(formatEvent({ type: 'request.updated', data: { id: 3, note: 'a\nb' } })).toBe(
      'event: request.updated\ndata: {"id":3,"note":"a\\nb"}\n\n',
    );
  });
});
