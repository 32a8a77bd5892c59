import { assertCan, isVisible, scopePaths, type Principal } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';

/** Uploading needs `files.upload` somewhere (every role has it, residents included). */
export function assertCanUploadAnywhere(principal: Principal): void {
  if (scopePaths(principal, 'files.upload').length === 0) throw errors.forbidden();
}

/** Filing an upload under a chosen node: 404 when the node is out of reach, 403 without the permission there. */
export function assertCanUploadAt(principal: Principal, nodePath: string): void {
  assertCan(principal, 'files.upload', nodePath);
}

/** The uploader, and whoever can see the file's org node; to anyone else it does not exist (404). */
export function canReadFile(principal: Principal, file: { ownerUserId: number | null; nodePath: string | null }): boolean {
  if (file.ownerUserId === principal.userId) return true;
  return file.nodePath !== null && isVisible(principal, file.nodePath);
}

export function assertCanReadFile(principal: Principal, file: { ownerUserId: number | null; nodePath: string | null }): void {
  if (!canReadFile(principal, file)) throw errors.notFound();
}
