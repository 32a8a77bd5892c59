import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { assertSafeKey, createFileStore, LocalFileStore, shardedKey } from './fileStore.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-store-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('LocalFileStore', () => {
  const store = new LocalFileStore(root);
  const key = shardedKey('3F2A9C10-7B1E-4C1D-9A55-0123456789AB', '.jpg');

  it('shards keys by the first hex digits of the id', () => {
    expect(key).toBe('3f/2a/3f2a9c10-7b1e-4c1d-9a55-0123456789ab.jpg');
    expect(createFileStore({ dataDir: '/srv/lianxin' })).toMatchObject({ root: '/srv/lianxin/files' });
  });

  it('puts, reads, overwrites and deletes, leaving no temporary files', async () => {
    expect(await store.exists(key)).toBe(false);
    expect(await store.get(key)).toBeNull();
    await store.put(key, Buffer.from('first'));
    await store.put(key, Buffer.from('second version'));
    expect(await store.exists(key)).toBe(true);
    const object = (await store.get(key))!;
    expect(object.size).toBe(14);
    expect(await text(object.body)).toBe('second version');
    expect(fs.readdirSync(path.join(root, '3f', '2a'))).toEqual(['3f2a9c10-7b1e-4c1d-9a55-0123456789ab.jpg']);
    await store.delete(key);
    await store.delete(key); // deleting twice is fine
    expect(await store.exists(key)).toBe(false);
  });

  it('refuses keys that could leave its directory', async () => {
    for (const bad of ['../etc/passwd', '/abs/key.jpg', 'a/../../b.jpg', 'a//b.jpg', 'A/b.jpg', '.hidden', 'a/b.jpg/']) {
      expect(() => assertSafeKey(bad), bad).toThrow('unsafe file store key');
    }
    await expect(store.put('../escape.txt', Buffer.from('x'))).rejects.toThrow('unsafe');
    expect(fs.existsSync(path.join(root, '..', 'escape.txt'))).toBe(false);
  });
});
