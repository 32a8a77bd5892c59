import type { DbOrTx } from '../../../db/client.js';
import { assertCan, assertVisible, can, type Principal } from '../../../platform/access.js';
import { errors } from '../../../platform/errors.js';
import type { Permission } from '../../../platform/roles.js';
import { findServiceCenter } from '../../org/serviceCenter.repo.js';

/**
 * A service center (or station) as the services module sees it: the row and the path of its org node, the one thing
 * every access check needs. Centers are public places: anyone signed in may read a center's guide, windows, free
 * slots, duty today and queue display; what staff do there needs a services.* permission at or above its node.
 */
export interface ServicesCenter {
  id: number;
  orgNodeId: number;
  nodePath: string;
  name: string;
  kind: 'center' | 'station';
  phone: string | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
}

/** The center, or 404. No access check: for public reads (guide, free slots, display, duty today). */
export async function publicCenter(db: DbOrTx, id: number): Promise<ServicesCenter> {
  const row = await findServiceCenter(db, id);
  if (!row) throw errors.notFound();
  const c = row.center;
  return { id: c.id, orgNodeId: c.orgNodeId, nodePath: row.nodePath, name: c.name, kind: c.kind, phone: c.phone, address: c.address, lng: c.lng, lat: c.lat };
}

/** The center for staff work: 404 outside the caller's reach, 403 without `permission` over it. */
export async function centerFor(db: DbOrTx, principal: Principal, id: number, permission: Permission): Promise<ServicesCenter> {
  const center = await publicCenter(db, id);
  assertCan(principal, permission, center.nodePath);
  return center;
}

/** 404 outside reach (for reads of non-public things of a center). */
export async function visibleCenter(db: DbOrTx, principal: Principal, id: number): Promise<ServicesCenter> {
  const center = await publicCenter(db, id);
  assertVisible(principal, center.nodePath);
  return center;
}

export function canAt(principal: Principal, permission: Permission, nodePath: string): boolean {
  return can(principal, permission, nodePath);
}
