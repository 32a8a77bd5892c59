import { and, asc, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { personCorrections, type CorrectionStatus, type ProposedCorrection } from '../../db/schema/accounts.js';
import { orgNodes } from '../../db/schema/org.js';
import { households, persons, placeAssignments } from '../../db/schema/registry.js';
import { roleAssignments, users } from '../../db/schema/users.js';
import { inSubtrees } from '../../platform/access.js';

/** The registry rows this module reads and the few it writes (persons.user_id, a corrected person). */

export async function personOfUser(db: DbOrTx, userId: number) {
  const [row] = await db.select().from(persons).where(eq(persons.userId, userId)).limit(1);
  return row;
}

export async function personById(db: DbOrTx, id: number, opts: { lock?: boolean } = {}) {
  const q = db.select().from(persons).where(eq(persons.id, id)).limit(1);
  const [row] = opts.lock ? await q.for('update') : await q;
  return row;
}

export async function householdById(db: DbOrTx, id: number) {
  const [row] = await db.select().from(households).where(eq(households.id, id)).limit(1);
  return row;
}

export async function householdMembers(db: DbOrTx, householdId: number) {
  return db
    .select({ id: persons.id, name: persons.name, relation: persons.relation, livingStatus: persons.livingStatus })
    .from(persons)
    .where(eq(persons.householdId, householdId))
    .orderBy(sql`${persons.relation} = 'head' desc`, asc(persons.birthDate), asc(persons.id));
}

export async function nodePath(db: DbOrTx, id: number): Promise<string | undefined> {
  const [row] = await db.select({ path: orgNodes.path }).from(orgNodes).where(eq(orgNodes.id, id)).limit(1);
  return row?.path;
}

/** People on duty for these nodes: grid workers by role or by place assignment, leaders by place assignment or role. */
export async function dutyHolders(db: DbOrTx, nodeIds: number[]) {
  if (nodeIds.length === 0) return [];
  const byPlace = await db
    .select({ nodeId: placeAssignments.nodeId, duty: placeAssignments.duty, userId: users.id, name: users.displayName, mobile: users.mobile })
    .from(placeAssignments)
    .innerJoin(users, eq(users.id, placeAssignments.userId))
    .where(and(inArray(placeAssignments.nodeId, nodeIds), isNull(placeAssignments.endedAt), eq(users.disabled, false), sql`${placeAssignments.duty} <> 'household_leader'`));
  const byRole = await db
    .select({ nodeId: roleAssignments.orgNodeId, duty: roleAssignments.role, userId: users.id, name: users.displayName, mobile: users.mobile })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(inArray(roleAssignments.orgNodeId, nodeIds), inArray(roleAssignments.role, ['grid_worker', 'building_leader', 'unit_leader']), eq(users.disabled, false)));
  const seen = new Set<string>();
  const out: { nodeId: number; duty: string; userId: number; name: string; mobile: string | null }[] = [];
  for (const row of [...byPlace, ...byRole]) {
    const key = `${row.nodeId}|${row.duty}|${row.userId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(row);
  }
  return out;
}

// ---- confirming accounts against the registry

/** Residents (by their resident role's node, within `paths`) with no person linked yet; oldest joiners first. */
export async function unconfirmedResidents(db: DbOrTx, paths: string[], limit: number, offset: number) {
  const where = and(
    eq(roleAssignments.role, 'resident'),
    inSubtrees(orgNodes.path, paths),
    sql`not exists (select 1 from persons p where p.user_id = ${users.id})`,
    eq(users.disabled, false),
  );
  const rows = await db
    .select({
      userId: users.id,
      displayName: users.displayName,
      mobile: users.mobile,
      nodeId: orgNodes.id,
      nodeName: orgNodes.name,
      path: orgNodes.path,
      joinedAt: roleAssignments.createdAt,
    })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .innerJoin(orgNodes, eq(orgNodes.id, roleAssignments.orgNodeId))
    .where(where)
    .orderBy(asc(roleAssignments.createdAt), asc(users.id))
    .limit(limit)
    .offset(offset);
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .innerJoin(orgNodes, eq(orgNodes.id, roleAssignments.orgNodeId))
    .where(where);
  return { rows, total: count?.n ?? 0 };
}

/** Unlinked persons of a community with the account's mobile or name. */
export async function candidatePersons(db: DbOrTx, communityId: number, mobile: string | null, name: string) {
  const match: SQL[] = [eq(persons.name, name)];
  if (mobile) match.push(eq(persons.mobile, mobile));
  return db
    .select({
      id: persons.id,
      name: persons.name,
      mobile: persons.mobile,
      relation: persons.relation,
      birthDate: persons.birthDate,
      householdId: persons.householdId,
      door: households.door,
      nodeName: orgNodes.name,
    })
    .from(persons)
    .leftJoin(households, eq(households.id, persons.householdId))
    .leftJoin(orgNodes, eq(orgNodes.id, households.nodeId))
    .where(and(eq(persons.communityId, communityId), isNull(persons.userId), or(...match)))
    .orderBy(asc(persons.id))
    .limit(5);
}

export async function setPersonUser(db: DbOrTx, personId: number, userId: number | null, now: Date) {
  await db.update(persons).set({ userId, updatedAt: now }).where(eq(persons.id, personId));
}

// ---- corrections

export async function insertCorrection(
  db: DbOrTx,
  values: { personId: number; requestedBy: number; proposed: ProposedCorrection; reason: string; createdAt: Date },
) {
  const [row] = await db.insert(personCorrections).values(values).returning({ id: personCorrections.id });
  return row!.id;
}

export async function correctionsOfPerson(db: DbOrTx, personId: number) {
  return db.select().from(personCorrections).where(eq(personCorrections.personId, personId)).orderBy(desc(personCorrections.createdAt)).limit(50);
}

/** Corrections of persons whose community lies within `paths`. */
export async function correctionsIn(db: DbOrTx, paths: string[], status: CorrectionStatus | undefined, limit: number, offset: number) {
  const community = orgNodes;
  const where = and(inSubtrees(community.path, paths), status ? eq(personCorrections.status, status) : undefined);
  const rows = await db
    .select({ correction: personCorrections, person: persons, communityName: community.name })
    .from(personCorrections)
    .innerJoin(persons, eq(persons.id, personCorrections.personId))
    .innerJoin(community, eq(community.id, persons.communityId))
    .where(where)
    .orderBy(desc(personCorrections.createdAt), desc(personCorrections.id))
    .limit(limit)
    .offset(offset);
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(personCorrections)
    .innerJoin(persons, eq(persons.id, personCorrections.personId))
    .innerJoin(community, eq(community.id, persons.communityId))
    .where(where);
  return { rows, total: count?.n ?? 0 };
}

export async function correctionById(db: DbOrTx, id: number, opts: { lock?: boolean } = {}) {
  const q = db.select().from(personCorrections).where(eq(personCorrections.id, id)).limit(1);
  const [row] = opts.lock ? await q.for('update') : await q;
  return row;
}

export async function decideCorrection(db: DbOrTx, id: number, status: 'approved' | 'rejected', decidedBy: number, now: Date, note: string | null) {
  const rows = await db
    .update(personCorrections)
    .set({ status, decidedBy, decidedAt: now, note })
    .where(and(eq(personCorrections.id, id), eq(personCorrections.status, 'pending')))
    .returning({ id: personCorrections.id });
  return rows.length === 1;
}

export async function updatePerson(db: DbOrTx, id: number, changes: Partial<typeof persons.$inferInsert>, now: Date) {
  await db.update(persons).set({ ...changes, updatedAt: now }).where(eq(persons.id, id));
}
