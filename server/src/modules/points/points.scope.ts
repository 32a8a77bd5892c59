import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { orgNodes } from '../../db/schema/org.js';
import { volunteers } from '../../db/schema/volunteers.js';
import type { Principal } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import type { Permission } from '../../platform/roles.js';
import { assertAny } from '../gridwork/gridwork.policy.js';

/**
 * Who may see what of points and the store. Staff: `points.manage` over the store's node or the volunteer's node
 * (404 outside their subtrees, 403 visible without the permission). A resident: their own volunteer record only
 * (`volunteers.user_id`), and the goods of stores at or above the node they live at.
 */

export interface NodeRef {
  id: number;
  name: string;
  path: string;
}

export async function loadNode(db: DbOrTx, id: number): Promise<NodeRef> {
  const [row] = await db.select({ id: orgNodes.id, name: orgNodes.name, path: orgNodes.path }).from(orgNodes).where(eq(orgNodes.id, id));
  if (!row) throw errors.notFound();
  return row;
}

export interface VolunteerRef {
  id: number;
  name: string;
  volunteerNo: string;
  nodeId: number;
  /** The node its issuance, expiry and adjustment postings go to: the community, else the node lived at. */
  homeNodeId: number;
  path: string;
}

async function volunteerRow(db: DbOrTx, where: ReturnType<typeof eq>): Promise<VolunteerRef | undefined> {
  const [row] = await db
    .select({ id: volunteers.id, name: volunteers.name, volunteerNo: volunteers.volunteerNo, nodeId: volunteers.nodeId, communityId: volunteers.communityId, path: orgNodes.path })
    .from(volunteers)
    .innerJoin(orgNodes, eq(orgNodes.id, volunteers.nodeId))
    .where(where);
  if (!row) return undefined;
  return { id: row.id, name: row.name, volunteerNo: row.volunteerNo, nodeId: row.nodeId, homeNodeId: row.communityId ?? row.nodeId, path: row.path };
}

export async function findVolunteer(db: DbOrTx, id: number): Promise<VolunteerRef | undefined> {
  return volunteerRow(db, eq(volunteers.id, id));
}

/** A volunteer the caller holds one of the permissions over (404 outside their reach, 403 without it). */
export async function volunteerFor(db: DbOrTx, principal: Principal, permissions: Permission[], id: number): Promise<VolunteerRef> {
  const v = await findVolunteer(db, id);
  if (!v) throw errors.notFound();
  assertAny(principal, permissions, v.path);
  return v;
}

/** The signed-in user's own volunteer record. */
export async function myVolunteer(db: DbOrTx, principal: Principal): Promise<VolunteerRef> {
  const v = await volunteerRow(db, eq(volunteers.userId, principal.userId));
  if (!v) throw errors.notFound(undefined, { zh: '您还不是登记的志愿者', en: 'You are not a registered volunteer' });
  return v;
}
