import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { orgNodes } from '../../db/schema/org.js';
import { volunteers } from '../../db/schema/volunteers.js';
import { assertCan, can, type Principal } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import { findNode } from '../org/org.repo.js';

/**
 * Who may do what with volunteers. A volunteer's place is their residence node. Outside every subtree where the
 * caller holds volunteers.read the record does not exist (404) — except one's own record; visible but not
 * permitted is 403.
 */
export function assertReadAt(p: Principal, path: string): void {
  if (!can(p, 'volunteers.read', path) && !can(p, 'volunteers.manage', path)) throw errors.notFound();
}

export function assertManageAt(p: Principal, path: string): void {
  assertReadAt(p, path);
  assertCan(p, 'volunteers.manage', path);
}

export function assertConfigureAt(p: Principal, path: string): void {
  if (!can(p, 'volunteers.read', path) && !can(p, 'volunteers.configure', path)) throw errors.notFound();
  assertCan(p, 'volunteers.configure', path);
}

export async function nodeOr404(db: DbOrTx, id: number) {
  const node = await findNode(db, id);
  if (!node) throw errors.notFound();
  return node;
}

/** The community at or above a node (null above communities). */
export async function communityOf(db: DbOrTx, path: string): Promise<number | null> {
  const [row] = await db
    .select({ id: orgNodes.id })
    .from(orgNodes)
    .where(and(eq(orgNodes.kind, 'community'), sql`${orgNodes.path} @> ${path}::ltree`))
    .limit(1);
  return row?.id ?? null;
}

export const volunteerColumns = {
  id: volunteers.id,
  volunteerNo: volunteers.volunteerNo,
  userId: volunteers.userId,
  personId: volunteers.personId,
  name: volunteers.name,
  gender: volunteers.gender,
  birthDate: volunteers.birthDate,
  idKind: volunteers.idKind,
  idCipher: volunteers.idCipher,
  idKeyId: volunteers.idKeyId,
  idHash: volunteers.idHash,
  idLast4: volunteers.idLast4,
  mobile: volunteers.mobile,
  nodeId: volunteers.nodeId,
  communityId: volunteers.communityId,
  politicalStatus: volunteers.politicalStatus,
  skills: volunteers.skills,
  serviceCategories: volunteers.serviceCategories,
  status: volunteers.status,
  confirmedMinutes: volunteers.confirmedMinutes,
  registeredAt: volunteers.registeredAt,
  nodePath: sql<string>`${orgNodes.path}::text`.as('node_path'),
  nodeName: orgNodes.name,
};

export type VolunteerRow = {
  id: number;
  volunteerNo: string;
  userId: number | null;
  personId: number | null;
  name: string;
  gender: 'male' | 'female' | 'unknown';
  birthDate: string | null;
  idKind: string | null;
  idCipher: string | null;
  idKeyId: string | null;
  idHash: string | null;
  idLast4: string | null;
  mobile: string | null;
  nodeId: number;
  communityId: number | null;
  politicalStatus: 'party_member' | 'league_member' | 'masses';
  skills: string[];
  serviceCategories: string[];
  status: 'active' | 'suspended' | 'left';
  confirmedMinutes: number;
  registeredAt: Date;
  nodePath: string;
  nodeName: string;
};

export async function loadVolunteer(db: DbOrTx, where: { id?: number; userId?: number }, lock = false): Promise<VolunteerRow | undefined> {
  const cond = where.id !== undefined ? eq(volunteers.id, where.id) : eq(volunteers.userId, where.userId!);
  const q = db.select(volunteerColumns).from(volunteers).innerJoin(orgNodes, eq(orgNodes.id, volunteers.nodeId)).where(cond);
  const [row] = lock ? await q.for('update', { of: volunteers }) : await q;
  return row as VolunteerRow | undefined;
}

/** A volunteer the caller may read (their own record, or volunteers.read over its place), or 404. */
export async function readableVolunteer(db: DbOrTx, p: Principal, id: number, lock = false): Promise<VolunteerRow> {
  const v = await loadVolunteer(db, { id }, lock);
  if (!v) throw errors.notFound();
  if (v.userId !== p.userId) assertReadAt(p, v.nodePath);
  return v;
}

/** The caller's own volunteer record, or 409 not_a_volunteer. */
export async function myVolunteer(db: DbOrTx, p: Principal, lock = false): Promise<VolunteerRow> {
  const v = await loadVolunteer(db, { userId: p.userId }, lock);
  if (!v) throw errorsNotVolunteer();
  return v;
}

function errorsNotVolunteer() {
  return errors.conflict('not_a_volunteer', '请先登记成为志愿者', 'Register as a volunteer first');
}

/** Masked ID as printed and listed: only the last four characters. */
export function maskedId(kind: string | null, last4: string | null): string | null {
  if (!last4) return null;
  return `${'*'.repeat(kind === 'resident_id' ? 14 : 4)}${last4}`;
}
