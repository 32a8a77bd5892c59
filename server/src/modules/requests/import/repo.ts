import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.js';
import { requests } from '../../../db/schema/requests.js';

/** The number of a request (to tell the importer which request a skipped work order already is). */
export async function findNumber(db: DbOrTx, id: number | undefined): Promise<string | null> {
  if (id === undefined || !Number.isSafeInteger(id)) return null;
  const [row] = await db.select({ number: requests.number }).from(requests).where(eq(requests.id, id)).limit(1);
  return row?.number ?? null;
}
