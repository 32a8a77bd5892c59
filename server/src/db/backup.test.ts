import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, loginAs } from '../../test/app.js';
import { createOrgTree, createUser, TEST_PASSWORD } from '../../test/factories.js';
import { login, slowLogin, startServer } from '../../test/serverProcess.js';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { TestClock } from '../platform/clock.js';
import { SHUTDOWN_DEADLINE_MS } from '../platform/shutdown.js';
import { BackupError, backupDataDir, restoreDataDir, rowCounts, type BackupManifest } from './backup.js';
import { openPglite } from './client.js';
import { DataDirInUseError } from './dataDirLock.js';
import { localPersonalDataKeys } from '../platform/personalCrypto.js';
import { migrate } from './migrate.js';

/**
 * `npm run backup` → `npm run restore` into a fresh data directory → the server starts on it with every row and
 * every uploaded file. The embedded database only: PostgreSQL is backed up with pg_dump (docs/operations.md),
 * so the PostgreSQL pass of the suite skips this file.
 */
const serverDir = path.resolve(import.meta.dirname, '../..');
let root: string;
let source: string;
let backup: string;
let fresh: string;

/** The backup command as `npm run backup/restore` runs it, with DATA_DIR pointing where the test says. */
function cli(dataDir: string, ...args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/db/backup.cli.ts', ...args], {
      cwd: serverDir,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

let photo: { id: string; bytes: Buffer };
let sourceCounts: Record<string, number>;

describe.skipIf(!!process.env.TEST_DATABASE_URL)('backup and restore of the embedded database', () => {
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-backup-'));
    [source, backup, fresh] = ['source', 'backup', 'fresh'].map((d) => path.join(root, d)) as [string, string, string];
    // A server's data directory with real rows and an uploaded photo, made through the app itself.
    const database = await openPglite(path.join(source, 'pglite'));
    await migrate(database);
    const tree = await createOrgTree(database.db, 'BK');
    await createUser(database.db, { username: 'bk.res', homeNodeId: tree.gridA1.id, roles: [{ role: 'resident', orgNodeId: tree.gridA1.id }] });
    const app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', DATA_DIR: source }), database, clock: new TestClock(), logger: false });
    await app.ready();
    const token = await loginAs(app, 'bk.res', TEST_PASSWORD);
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c0392b' } }).png().toBuffer();
    const boundary = '----lianxinbackuptest';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="lamp.png"\r\nContent-Type: image/png\r\n\r\n`),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const uploaded = await app.inject({
      method: 'POST',
      url: '/api/v1/files',
      headers: { ...bearer(token), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const id = (uploaded.json() as { id: string }).id;
    const filed = await app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      headers: bearer(token),
      payload: { content: '路灯不亮，见照片', photoIds: [id] },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const served = await app.inject({ method: 'GET', url: `/api/v1/files/${id}`, headers: bearer(token) });
    photo = { id, bytes: served.rawPayload };
    sourceCounts = await rowCounts(database);
    await app.close();
    await database.close();
  }, 180_000);

  afterAll(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('refuses to back up a data directory a running server holds', async () => {
    // A lock naming a live process that is not us: as when the server runs.
    fs.writeFileSync(path.join(source, 'pglite.lock'), `${process.ppid}\n`);
    try {
      const refused = await cli(source, 'backup', '--out', backup);
      expect(refused.code).toBe(2);
      expect(refused.out).toContain(`is in use by process ${process.ppid}`);
      expect(fs.existsSync(backup)).toBe(false);
    } finally {
      fs.rmSync(path.join(source, 'pglite.lock'));
    }
  });

  it('backs up, restores into a fresh directory, and the server starts on it with every row and file', async () => {
    // The keys a machine without PERSONAL_DATA_KEYS makes for itself travel with the data they unlock.
    localPersonalDataKeys(source);
    const keyFile = fs.readFileSync(path.join(source, 'secrets', 'personal-data.json'));
    const made = await cli(source, 'backup', '--out', backup);
    expect(made.code, made.out).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(backup, 'manifest.json'), 'utf8')) as BackupManifest;
    expect(manifest.tables).toEqual(sourceCounts);
    expect(manifest.tables.requests).toBe(1);
    expect(manifest.files.count).toBeGreaterThanOrEqual(2); // the photo and its thumbnail

    const restored = await cli(fresh, 'restore', backup);
    expect(restored.code, restored.out).toBe(0);
    expect(restored.out).toMatch(/every table's row count matches/);
    expect(fs.readFileSync(path.join(fresh, 'secrets', 'personal-data.json')).equals(keyFile)).toBe(true);

    // Counted again, independently of the restore's own check.
    const database = await openPglite(path.join(fresh, 'pglite'));
    expect(await rowCounts(database)).toEqual(sourceCounts);
    await database.close();

    const server = await startServer({ DATA_DIR: fresh, DATABASE_URL: '' });
    try {
      expect((await fetch(`${server.base}/readyz`)).status).toBe(200);
      const token = await login(server.base, 'bk.res', TEST_PASSWORD);
      const file = await fetch(`${server.base}/api/v1/files/${photo.id}`, { headers: bearer(token) });
      expect(file.status).toBe(200);
      expect(Buffer.from(await file.arrayBuffer()).equals(photo.bytes)).toBe(true);
      const mine = await fetch(`${server.base}/api/v1/requests/mine`, { headers: bearer(token) });
      expect(mine.status).toBe(200);
      expect(JSON.stringify(await mine.json())).toContain('路灯不亮');
    } finally {
      // Ctrl-C under `npm start` reaches the server up to three times (terminal, npm, start.mjs): the repeats
      // must not cut short the shutdown, which here waits for a login still sending its body.
      const inFlight = slowLogin(Number(new URL(server.base).port), 'bk.res');
      await new Promise((r) => setTimeout(r, 300));
      server.child.kill('SIGINT');
      await new Promise((r) => setTimeout(r, 300));
      server.child.kill('SIGINT');
      inFlight.finish();
      expect([401, 503]).toContain((await inFlight.answer).status); // answered, whether or not it was routed before the close
      const stopped = await server.stop('SIGINT');
      expect(stopped.code, server.output()).toBe(0);
      expect(stopped.ms).toBeLessThan(SHUTDOWN_DEADLINE_MS);
    }
    expect(fs.existsSync(path.join(fresh, 'pglite.lock'))).toBe(false); // released on the way out
  }, 180_000);

  it('will not restore over data unless told to, and then keeps the old data aside', async () => {
    const refused = await cli(fresh, 'restore', backup);
    expect(refused.code).toBe(2);
    expect(refused.out).toContain('--replace');
    const replaced = await restoreDataDir(backup, fresh, { replace: true, now: new Date('2026-03-02T01:00:00Z') });
    expect(replaced.setAside).toBe(path.join(fresh, 'replaced-2026-03-02T01-00-00-000Z'));
    expect(fs.existsSync(path.join(replaced.setAside!, 'pglite', 'PG_VERSION'))).toBe(true);
    expect(fs.readdirSync(path.join(replaced.setAside!, 'files')).length).toBeGreaterThan(0);
  }, 120_000);

  it('refuses a damaged backup, an incomplete one, and a second backup into the same directory', async () => {
    const damaged = path.join(root, 'damaged');
    fs.cpSync(backup, damaged, { recursive: true });
    const dump = path.join(damaged, 'pglite.tar.gz');
    const bytes = fs.readFileSync(dump);
    const middle = bytes.length >> 1;
    bytes.writeUInt8(bytes.readUInt8(middle) ^ 0xff, middle);
    fs.writeFileSync(dump, bytes);
    await expect(restoreDataDir(damaged, path.join(root, 'x'), { replace: false, now: new Date() })).rejects.toThrow(/damaged/);
    fs.rmSync(path.join(damaged, 'manifest.json'));
    await expect(restoreDataDir(damaged, path.join(root, 'x'), { replace: false, now: new Date() })).rejects.toThrow(BackupError);
    await expect(backupDataDir(source, backup, new Date())).rejects.toThrow(/already exists/);
  });

  it('takes over the lock a crashed server left behind', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    fs.writeFileSync(path.join(source, 'pglite.lock'), `${gone}\n`);
    const database = await openPglite(path.join(source, 'pglite'));
    try {
      await expect(openPglite(path.join(source, 'pglite'))).rejects.toThrow(DataDirInUseError);
      expect(fs.readFileSync(path.join(source, 'pglite.lock'), 'utf8').trim()).toBe(String(process.pid));
    } finally {
      await database.close();
    }
  }, 60_000);
});
