import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { orgNodes } from '../db/schema/org.js';
import { files } from '../db/schema/platform.js';
import type { Principal } from './access.js';
import type { AppContext } from './context.js';
import { errors } from './errors.js';

/**
 * A file belongs to the object it was attached to (a request, a room, …), and whoever may see that object may see
 * the file — nobody else, however they came by its id. Before it is attached, a file is its uploader's alone.
 * Modules register how to tell whether someone may see their objects; the files module asks when a file is read.
 *
 * Using a file: only one's own upload, not yet attached to anything else (or already attached to this very object,
 * when an edit keeps the photos it had). Anything else is refused with the same answer as a file that does not
 * exist, so no one learns of files they cannot see.
 */
export interface AttachTarget {
  type: string;
  id: string | number;
  /** Where the object lives; the file is filed there. */
  orgNodeId: number;
}

export type FileReader = (ctx: AppContext, principal: Principal, objectId: string) => Promise<boolean>;

const readers = new Map<string, FileReader>();

/** A module says who may see files attached to its objects of one type (register once, at plugin load). */
export function registerFileReader(type: string, reader: FileReader): void {
  readers.set(type, reader);
}

/** Whether the caller may read a file attached to this object (false for a type nobody registered). */
export async function mayReadAttached(ctx: AppContext, principal: Principal, type: string, objectId: string): Promise<boolean> {
  const reader = readers.get(type);
  return reader ? reader(ctx, principal, objectId) : false;
}

/** Who is attaching: a signed-in user (their own uploads), or the system filing under a place (imports). */
export type Attacher = { userId: number } | { systemPath: string };

function unknownPhotos(fileIds: string[]) {
  return errors.badRequest('photo_unknown', '照片不存在或无权使用，请重新上传', 'A photo does not exist or you may not use it; please upload it again', {
    fileIds,
  });
}

/**
 * Check files before a change uses them; returns the distinct ids in order. `target` names the object when it
 * exists already (an edit), so files it already has stay usable.
 */
export async function checkAttachable(
  db: DbOrTx,
  by: Attacher,
  ids: readonly string[] | undefined,
  target?: { type: string; id: string | number },
): Promise<string[]> {
  const unique = [...new Set(ids ?? [])];
  if (unique.length === 0) return [];
  const rows = await db
    .select({ id: files.id, ownerUserId: files.ownerUserId, attachedType: files.attachedType, attachedId: files.attachedId, nodePath: orgNodes.path })
    .from(files)
    .leftJoin(orgNodes, eq(orgNodes.id, files.orgNodeId))
    .where(inArray(files.id, unique));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const bad = unique.filter((id) => {
    const f = byId.get(id);
    if (!f) return true;
    if (target && f.attachedType === target.type && f.attachedId === String(target.id)) return false;
    if (f.attachedType !== null) return true;
    if ('userId' in by) return f.ownerUserId !== by.userId;
    return f.nodePath === null || !(f.nodePath === by.systemPath || f.nodePath.startsWith(`${by.systemPath}.`));
  });
  if (bad.length) throw unknownPhotos(bad);
  return unique;
}

/**
 * Attach checked files to their object inside the change's transaction. A file claimed by another object since the
 * check (two changes racing for one upload) fails the whole change.
 */
export async function attachFiles(tx: DbOrTx, ids: readonly string[], target: AttachTarget): Promise<void> {
  if (ids.length === 0) return;
  const objectId = String(target.id);
  const claimed = await tx
    .update(files)
    .set({ attachedType: target.type, attachedId: objectId, orgNodeId: target.orgNodeId })
    .where(
      and(
        inArray(files.id, [...ids]),
        or(isNull(files.attachedType), and(eq(files.attachedType, target.type), eq(files.attachedId, objectId))),
      ),
    )
    .returning({ id: files.id });
  if (claimed.length !== new Set(ids).size) {
    const got = new Set(claimed.map((c) => c.id));
    throw unknownPhotos(ids.filter((id) => !got.has(id)));
  }
}
