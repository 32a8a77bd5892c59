import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { orgNodes } from '../../db/schema/org.js';
import { open311Keys } from '../../db/schema/requests.js';
import { QINGSHAN_CODE } from '../org/org.demoPlaces.js';

/**
 * Open311 API keys: issued to a partner (a hotline system, a third-party app) and tied to an org node. Only the
 * SHA-256 of a key is stored — keys are 192-bit random strings, so a fast hash is enough — and the key itself
 * is shown once, when issued.
 */
export const DEMO_OPEN311_KEY = 'demo-open311-key';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function newApiKey(): string {
  return `o311_${randomBytes(24).toString('base64url')}`;
}

export interface ApiKeyHolder {
  id: number;
  partnerName: string;
  orgNodeId: number;
  nodePath: string;
}

/** The live key with this value, with its node's path; undefined for unknown or revoked keys. */
export async function findApiKey(db: DbOrTx, key: string): Promise<ApiKeyHolder | undefined> {
  const [row] = await db
    .select({ id: open311Keys.id, partnerName: open311Keys.partnerName, orgNodeId: open311Keys.orgNodeId, nodePath: orgNodes.path })
    .from(open311Keys)
    .innerJoin(orgNodes, eq(orgNodes.id, open311Keys.orgNodeId))
    .where(and(eq(open311Keys.keyHash, hashApiKey(key)), isNull(open311Keys.revokedAt)))
    .limit(1);
  return row;
}

export async function insertApiKey(db: DbOrTx, key: string, partnerName: string, orgNodeId: number, now: Date) {
  const [row] = await db
    .insert(open311Keys)
    .values({ keyHash: hashApiKey(key), partnerName, orgNodeId, createdAt: now })
    .onConflictDoNothing()
    .returning();
  return row;
}

/**
 * The demo partner key `demo-open311-key` for 青山区 (listed in the README). Run after the demo places exist;
 * running it again changes nothing.
 */
export async function seedOpen311Demo(db: Db, now: Date = new Date()): Promise<{ created: boolean }> {
  const [county] = await db.select({ id: orgNodes.id }).from(orgNodes).where(eq(orgNodes.code, QINGSHAN_CODE)).limit(1);
  if (!county) throw new Error('Import the Inner Mongolia divisions before the Open311 demo key: 青山区 not found');
  const row = await insertApiKey(db, DEMO_OPEN311_KEY, '演示合作方（12345 热线系统）', county.id, now);
  return { created: row !== undefined };
}
