import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { orgNodes } from '../../db/schema/org.js';
import { files } from '../../db/schema/platform.js';

export type NewFile = typeof files.$inferInsert;

export async function insertFile(db: DbOrTx, row: NewFile): Promise<void> {
  await db.insert(files).values(row);
}

/** The file with the path of its org node (null when it has none), for the visibility check. */
export async function findFile(db: DbOrTx, id: string) {
  const [row] = await db
    .select({
      id: files.id,
      ownerUserId: files.ownerUserId,
      attachedType: files.attachedType,
      attachedId: files.attachedId,
      orgNodeId: files.orgNodeId,
      nodePath: orgNodes.path,
      storageKey: files.storageKey,
      thumbKey: files.thumbKey,
      mime: files.mime,
      sha256: files.sha256,
    })
    .from(files)
    .leftJoin(orgNodes, eq(orgNodes.id, files.orgNodeId))
    .where(eq(files.id, id));
  return row;
}

export async function findNode(db: DbOrTx, id: number) {
  const [row] = await db.select({ id: orgNodes.id, path: orgNodes.path }).from(orgNodes).where(eq(orgNodes.id, id));
  return row;
}
