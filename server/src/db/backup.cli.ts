import path from 'node:path';
import { ConfigError, loadConfig } from '../config.js';
import { systemClock } from '../platform/clock.js';
import { BackupError, backupDataDir, restoreDataDir } from './backup.js';
import { DataDirInUseError } from './dataDirLock.js';

const USAGE = `Usage:
  npm run backup                               back up the embedded database and uploaded files to ./backups/<time>/
  npm run backup -- --out <dir>                … to <dir> (a new directory)
  npm run restore -- <backup dir>              restore into DATA_DIR (refused if it already holds data)
  npm run restore -- <backup dir> --replace    … moving what DATA_DIR holds aside first
Stop the server first: the embedded database belongs to one process. On PostgreSQL use pg_dump / pg_restore
(docs/operations.md).`;

const PG_HINT = `DATABASE_URL is set: this server's data is in PostgreSQL. Back it up with pg_dump and copy the uploaded files:
  pg_dump --format=custom --file=lianxin-$(date +%F).dump "$DATABASE_URL"
  rsync -a "$DATA_DIR/files/" backups/files/
and restore with pg_restore (see docs/operations.md).`;

/** `npm run backup` / `npm run restore` (run from the repository root, so DATA_DIR means what `npm start` uses). */
async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  const config = loadConfig();
  if (command !== 'backup' && command !== 'restore') {
    console.error(USAGE);
    return 2;
  }
  if (config.databaseUrl) {
    console.error(PG_HINT);
    return 2;
  }
  const now = systemClock.now();
  if (command === 'backup') {
    const outAt = args.indexOf('--out');
    const target = outAt >= 0 && args[outAt + 1] ? path.resolve(args[outAt + 1]!) : defaultTarget(now);
    console.log(`Backing up ${config.dataDir} …`);
    const { dir, manifest, ms } = await backupDataDir(config.dataDir, target, now);
    const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
    console.log(
      `Backup written to ${dir} in ${(ms / 1000).toFixed(1)} s: ${Object.keys(manifest.tables).length} tables, ${rows} rows, ` +
        `database ${mib(manifest.dump.bytes)}, ${manifest.files.count} files (${mib(manifest.files.bytes)})`,
    );
    return 0;
  }
  const source = args.find((a) => !a.startsWith('--'));
  if (!source) {
    console.error(USAGE);
    return 2;
  }
  console.log(`Restoring ${path.resolve(source)} into ${config.dataDir} …`);
  const { manifest, setAside, ms } = await restoreDataDir(path.resolve(source), config.dataDir, { replace: args.includes('--replace'), now });
  if (setAside) console.log(`The data that was there is kept in ${setAside}`);
  console.log(
    `Restored the backup of ${manifest.createdAt} in ${(ms / 1000).toFixed(1)} s: every table's row count matches, ` +
      `${manifest.files.count} files. Start the server with npm start.`,
  );
  return 0;
}

function defaultTarget(now: Date): string {
  return path.resolve('backups', `lianxin-${now.toISOString().slice(0, 19).replace(/[:T]/g, '-')}`);
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof BackupError || err instanceof DataDirInUseError || err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    console.error(err);
    process.exit(1);
  },
);
