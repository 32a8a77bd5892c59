import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEEP_MS, STALE_MS, TaskStore } from './tasks.js';

let root: string;
let store: TaskStore;
const t0 = new Date('2026-03-10T09:00:00+08:00');
const later = (ms: number) => new Date(t0.getTime() + ms);

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'lianxin-tasks-'));
  store = new TaskStore(root);
});
afterAll(() => fs.rm(root, { recursive: true, force: true }));

describe('task manifests', () => {
  it('report a task whose process stopped refreshing it as failed', async () => {
    const task = await store.create({ kind: 'ledger_export', userId: 1, orgNodeId: 1, rowsTotal: 10, fileName: 'a.xlsx' }, t0);
    expect((await store.read(task.id, later(STALE_MS - 1)))?.status).toBe('running');
    const stale = await store.read(task.id, later(STALE_MS + 1));
    expect(stale).toMatchObject({ status: 'failed', error: { en: expect.stringContaining('restarted') } });
    await store.write({ ...task, heartbeatAt: later(STALE_MS).toISOString() });
    expect((await store.read(task.id, later(STALE_MS + 1)))?.status).toBe('running');
  });

  it('answer null for unknown or malformed ids and refuse paths built from them', async () => {
    expect(await store.read('7b0c6f3e-9c7e-4f7e-9a51-0d7c3b1e2a11', t0)).toBeNull();
    expect(await store.read('../../etc/passwd', t0)).toBeNull();
    expect(() => store.filePath('../x', '.xlsx')).toThrow();
  });

  it('are removed with their files a day after they finish, running ones kept', async () => {
    const done = await store.create({ kind: 'ledger_export', userId: 1, orgNodeId: 1, rowsTotal: 1, fileName: 'b.xlsx' }, t0);
    await store.write({ ...done, status: 'done', finishedAt: t0.toISOString() });
    await fs.writeFile(store.filePath(done.id, '.xlsx'), 'x');
    const running = await store.create({ kind: 'hotline_import', userId: 1, orgNodeId: 1, rowsTotal: 1, fileName: 'c.csv' }, later(KEEP_MS));
    await store.removeExpired(later(KEEP_MS + 1));
    expect(await store.read(done.id, later(KEEP_MS + 1))).toBeNull();
    await expect(fs.access(store.filePath(done.id, '.xlsx'))).rejects.toThrow();
    expect((await store.read(running.id, later(KEEP_MS + 1)))?.status).toBe('running');
  });
});
