import { assertCan, scopePaths, type Principal } from '../../platform/access.js';
import { mayReadAttached } from '../../platform/attachments.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';

/** Uploading needs `files.upload` somewhere (every role has it, residents included). */
export function assertCanUploadAnywhere(principal: Principal): void {
  if (scopePaths(principal, 'files.upload').length === 0) throw errors.forbidden();
}

/** Filing an upload under a chosen node: 404 when the node is out of reach, 403 without the permission there. */
export function assertCanUploadAt(principal: Principal, nodePath: string): void {
  assertCan(principal, 'files.upload', nodePath);
}

/**
 * The uploader; once the file is attached to an object, whoever may see that object (asked of the module that owns
 * it). To anyone else the file does not exist (404).
 */
export async function canReadFile(
  ctx: AppContext,
  principal: Principal,
  file: { ownerUserId: number | null; attachedType: string | null; attachedId: string | null },
): Promise<boolean> {
  if (file.ownerUserId === principal.userId) return true;
  if (file.attachedType === null || file.attachedId === null) return false;
  return mayReadAttached(ctx, principal, file.attachedType, file.attachedId);
}
