import type { Db } from '../client.js';

/** Replaced by the org-tree seeding (division import + demo data). */
export async function seedOnFirstStart(_db: Db, _opts: { log: (line: string) => void }): Promise<void> {}
