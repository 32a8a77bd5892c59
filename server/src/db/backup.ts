import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { openPglite, queryRows, type Database } from './client.js';
import { lockDataDir } from './dataDirLock.js';

/**
 * Backups of the embedded database (docs/operations.md). A backup is a directory:
 *   manifest.json   when, what, and the row count of every table (restore checks them)
 *   pglite.tar.gz   PGlite's own dump of its data directory (`dumpDataDir`)
 *   files/          a copy of the uploaded files (`<DATA_DIR>/files`)
 *   secrets/        the locally made keys for ID numbers at rest (`<DATA_DIR>/secrets`), when the machine made
 *                   its own (no PERSONAL_DATA_KEYS): without them the restored ID numbers could not be read
 * It is written as `<name>.partial` and renamed when complete, so a directory without that suffix is whole.
 * Export and import task files (`request-tasks/`) expire within a day and are not kept.
 *
 * PGlite is one process: both commands take the data directory's lock, so they refuse to run beside a server.
 * PostgreSQL is backed up with pg_dump / pg_restore instead.
 */
export const BACKUP_FORMAT = 1;
const DUMP_FILE = 'pglite.tar.gz';

export interface BackupManifest {
  format: number;
  createdAt: string;
  /** Rows per table in the public schema, and the applied migrations. */
  tables: Record<string, number>;
  dump: { file: string; bytes: number; sha256: string };
  files: { count: number; bytes: number };
}

export interface BackupResult {
  dir: string;
  manifest: BackupManifest;
  ms: number;
}

export class BackupError extends Error {}

/** Back up `<dataDir>/pglite` and `<dataDir>/files` into the new directory `target`. */
export async function backupDataDir(dataDir: string, target: string, now: Date): Promise<BackupResult> {
  const started = performance.now();
  const pgliteDir = path.join(dataDir, 'pglite');
  if (!(await exists(pgliteDir))) throw new BackupError(`no embedded database at ${pgliteDir}`);
  if (await exists(target)) throw new BackupError(`${target} already exists; choose a new directory`);
  const partial = `${target}.partial`;
  await fs.rm(partial, { recursive: true, force: true });
  await fs.mkdir(partial, { recursive: true });

  // Open (and lock) the database for the whole backup, so no server writes rows or files meanwhile.
  const database = await openPglite(pgliteDir);
  let manifest: BackupManifest;
  try {
    const tables = await rowCounts(database);
    const dump = (await pgliteOf(database).dumpDataDir('gzip')) as Blob;
    const bytes = Buffer.from(await dump.arrayBuffer());
    await fs.writeFile(path.join(partial, DUMP_FILE), bytes);
    const files = await copyFiles(path.join(dataDir, 'files'), path.join(partial, 'files'));
    if (await exists(path.join(dataDir, 'secrets'))) await copyFiles(path.join(dataDir, 'secrets'), path.join(partial, 'secrets'));
    manifest = {
      format: BACKUP_FORMAT,
      createdAt: now.toISOString(),
      tables,
      dump: { file: DUMP_FILE, bytes: bytes.length, sha256: sha256(bytes) },
      files,
    };
  } finally {
    await database.close();
  }
  await fs.writeFile(path.join(partial, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await fs.rename(partial, target);
  return { dir: target, manifest, ms: Math.round(performance.now() - started) };
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Where the data that was there before went (with `replace`), or null. */
  setAside: string | null;
  ms: number;
}

/**
 * Restore a backup into `<dataDir>`: the database is loaded into a scratch directory, its row counts checked
 * against the manifest, and only then moved into place with the files. Without `replace` an existing database
 * is refused; with it, the old `pglite/` and `files/` are moved aside (never deleted).
 */
export async function restoreDataDir(backup: string, dataDir: string, opts: { replace: boolean; now: Date }): Promise<RestoreResult> {
  const started = performance.now();
  const manifest = await readManifest(backup);
  const dump = await fs.readFile(path.join(backup, manifest.dump.file));
  if (dump.length !== manifest.dump.bytes || sha256(dump) !== manifest.dump.sha256) {
    throw new BackupError(`${manifest.dump.file} does not match its manifest: the backup is damaged`);
  }
  const pgliteDir = path.join(dataDir, 'pglite');
  const filesDir = path.join(dataDir, 'files');
  await fs.mkdir(dataDir, { recursive: true });
  // Held throughout: no server may open the database while it is being replaced.
  const unlock = lockDataDir(pgliteDir);
  try {
    const present = (await nonEmpty(pgliteDir)) || (await nonEmpty(filesDir));
    if (present && !opts.replace) {
      throw new BackupError(`${dataDir} already holds a database or files; pass --replace to move them aside and restore`);
    }
    const scratch = path.join(dataDir, 'pglite.restoring');
    await fs.rm(scratch, { recursive: true, force: true });
    const database = await openPglite(scratch, new Blob([dump]));
    try {
      const counts = await rowCounts(database);
      const wrong = Object.entries(manifest.tables).filter(([table, n]) => counts[table] !== n);
      if (wrong.length) {
        throw new BackupError(`restored row counts differ from the backup: ${wrong.map(([t, n]) => `${t} ${counts[t]} ≠ ${n}`).join(', ')}`);
      }
    } finally {
      await database.close();
    }
    let setAside: string | null = null;
    if (present) {
      setAside = path.join(dataDir, `replaced-${opts.now.toISOString().replace(/[:.]/g, '-')}`);
      await fs.mkdir(setAside);
      if (await exists(pgliteDir)) await fs.rename(pgliteDir, path.join(setAside, 'pglite'));
      if (await exists(filesDir)) await fs.rename(filesDir, path.join(setAside, 'files'));
      const secrets = path.join(dataDir, 'secrets');
      if ((await exists(secrets)) && (await exists(path.join(backup, 'secrets')))) await fs.rename(secrets, path.join(setAside, 'secrets'));
    }
    // Whatever is left is empty.
    await fs.rm(pgliteDir, { recursive: true, force: true });
    await fs.rm(filesDir, { recursive: true, force: true });
    await fs.rename(scratch, pgliteDir);
    const files = await copyFiles(path.join(backup, 'files'), filesDir);
    // The keys the backed-up ID numbers were sealed with (the ones replaced went aside with the old data).
    const secretsDir = path.join(dataDir, 'secrets');
    if ((await exists(path.join(backup, 'secrets'))) && !(await exists(secretsDir))) await copyFiles(path.join(backup, 'secrets'), secretsDir);
    if (files.count !== manifest.files.count || files.bytes !== manifest.files.bytes) {
      throw new BackupError(`restored ${files.count} files (${files.bytes} bytes), the backup lists ${manifest.files.count} (${manifest.files.bytes})`);
    }
    return { manifest, setAside, ms: Math.round(performance.now() - started) };
  } finally {
    unlock();
  }
}

export async function readManifest(backup: string): Promise<BackupManifest> {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await fs.readFile(path.join(backup, 'manifest.json'), 'utf8')) as BackupManifest;
  } catch {
    throw new BackupError(`${backup} is not a complete backup (no readable manifest.json)`);
  }
  if (manifest.format !== BACKUP_FORMAT) throw new BackupError(`backup format ${manifest.format} is not supported (expected ${BACKUP_FORMAT})`);
  return manifest;
}

/** Exact row counts of every table in the public schema (the migration bookkeeping included). */
export async function rowCounts(database: Database): Promise<Record<string, number>> {
  const tables = await queryRows<{ name: string }>(
    database.db,
    sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from ${sql.identifier(name)}`);
    counts[name] = row!.n;
  }
  return counts;
}

/** Copy a directory tree, skipping half-written temporaries; a missing source copies nothing. */
async function copyFiles(from: string, to: string): Promise<{ count: number; bytes: number }> {
  let count = 0;
  let bytes = 0;
  if (!(await exists(from))) {
    await fs.mkdir(to, { recursive: true });
    return { count, bytes };
  }
  await fs.cp(from, to, {
    recursive: true,
    errorOnExist: true,
    force: false,
    filter: (source) => !path.basename(source).endsWith('.tmp'),
  });
  for (const entry of await fs.readdir(to, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    count++;
    bytes += (await fs.stat(path.join(entry.parentPath, entry.name))).size;
  }
  return { count, bytes };
}

function pgliteOf(database: Database): PGlite {
  return (database as Database & { pglite: PGlite }).pglite;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function nonEmpty(dir: string): Promise<boolean> {
  return (await exists(dir)) && (await fs.readdir(dir)).length > 0;
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}
