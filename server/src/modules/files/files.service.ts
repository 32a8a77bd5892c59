import { randomUUID } from 'node:crypto';
import type { Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { processImage, mimeOfKey, type ProcessedImage } from '../../platform/files.js';
import { shardedKey, type FileStore } from '../../platform/fileStore.js';
import { assertCanUploadAnywhere, assertCanUploadAt, canReadFile } from './files.policy.js';
import * as repo from './files.repo.js';

/** What the multipart reader hands over. */
export interface ImageUpload {
  bytes: Buffer;
  filename: string | null;
  nodeId: number | null;
}

export function presentFile(id: string, image: Pick<ProcessedImage, 'mime' | 'width' | 'height'> & { byteSize: number }) {
  return {
    id,
    url: `/api/v1/files/${id}`,
    thumbUrl: `/api/v1/files/${id}/thumb`,
    mime: image.mime,
    byteSize: image.byteSize,
    width: image.width,
    height: image.height,
  };
}

/**
 * Take one image: check who may upload before reading the body, check the content, then store the cleaned image
 * and its thumbnail and record the row. A refused upload leaves nothing behind; if recording fails, the bytes
 * already written are removed again.
 */
export async function upload(
  ctx: AppContext,
  store: FileStore,
  principal: Principal,
  actor: ActorContext,
  readUpload: () => Promise<ImageUpload>,
) {
  assertCanUploadAnywhere(principal);
  const input = await readUpload();
  let orgNodeId = principal.homeNodeId;
  if (input.nodeId !== null) {
    const node = await repo.findNode(ctx.db, input.nodeId);
    if (!node) throw errors.notFound();
    assertCanUploadAt(principal, node.path);
    orgNodeId = node.id;
  }
  const image = await processImage(input.bytes);

  const id = randomUUID();
  const storageKey = shardedKey(id, `.${image.ext}`);
  const thumbKey = shardedKey(id, `.thumb.${image.thumb.ext}`);
  const now = ctx.clock.now();
  try {
    await store.put(storageKey, image.bytes);
    await store.put(thumbKey, image.thumb.bytes);
    await ctx.db.transaction(async (tx) => {
      await repo.insertFile(tx, {
        id,
        ownerUserId: principal.userId,
        orgNodeId,
        storageKey,
        thumbKey,
        mime: image.mime,
        byteSize: image.bytes.length,
        width: image.width,
        height: image.height,
        sha256: image.sha256,
        originalName: input.filename,
        createdAt: now,
      });
      await recordAudit(tx, actor, now, {
        action: 'file.upload',
        objectType: 'file',
        objectId: id,
        orgNodeId,
        details: { mime: image.mime, byteSize: image.bytes.length, width: image.width, height: image.height },
      });
    });
  } catch (err) {
    await Promise.allSettled([store.delete(storageKey), store.delete(thumbKey)]);
    throw err;
  }
  return presentFile(id, { ...image, byteSize: image.bytes.length });
}

export type FileVariant = 'original' | 'thumb';

/** Where to read a file the caller may see; 404 for a missing file and for one they may not see alike. */
export async function locate(ctx: AppContext, principal: Principal, id: string, variant: FileVariant) {
  const file = await repo.findFile(ctx.db, id);
  if (!file) throw errors.notFound();
  if (!(await canReadFile(ctx, principal, file))) throw errors.notFound();
  const key = variant === 'thumb' ? file.thumbKey : file.storageKey;
  if (!key) throw errors.notFound();
  return {
    key,
    mime: variant === 'thumb' ? mimeOfKey(key) : file.mime,
    etag: `"${file.sha256}${variant === 'thumb' ? '-thumb' : ''}"`,
  };
}
