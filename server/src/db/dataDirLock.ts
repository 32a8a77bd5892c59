import fs from 'node:fs';
import path from 'node:path';

/** Data directories this process holds, so a lock file naming our own pid is told apart from a stale one. */
const heldHere = new Set<string>();

export class DataDirInUseError extends Error {}

/**
 * An embedded PGlite directory belongs to one process: two servers (or a server and `npm run backup`) writing
 * the same files would corrupt them. Take `<dir>.lock` holding our pid; a lock whose process is gone is stale
 * and taken over (a crash leaves one behind). Returns the release function.
 */
export function lockDataDir(dir: string): () => void {
  const abs = path.resolve(dir);
  const lockFile = `${abs}.lock`;
  if (heldHere.has(abs)) throw new DataDirInUseError(`${abs} is already open in this process`);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, `${process.pid}\n`, { flag: 'wx' });
      heldHere.add(abs);
      return () => {
        heldHere.delete(abs);
        fs.rmSync(lockFile, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number.parseInt(fs.readFileSync(lockFile, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new DataDirInUseError(
          `${abs} is in use by process ${holder} (a running server?). Stop it first; if no such server runs, delete ${lockFile}.`,
        );
      }
      // Stale: that process is gone (or it was this pid in an earlier life of a container).
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new DataDirInUseError(`could not take ${lockFile}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
