import { and, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.js';
import { orgNodes } from '../../db/schema/org.js';
import { households, persons, type IdKind } from '../../db/schema/registry.js';
import { users } from '../../db/schema/users.js';
import { volunteerCorrections, volunteerNumberCounters, volunteerRecordChanges, type FieldChange, type VolunteerChangeKind } from '../../db/schema/volunteerRecords.js';
import { volunteers, volunteerTeamMembers, volunteerTeams, type VolunteerStatus } from '../../db/schema/volunteers.js';
import { can, inSubtrees, isVisible, type Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import { toShanghaiIso as toIso } from '../../platform/calendarDays.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { maskMobile } from '../../platform/masking.js';
import { looksLikePinyin, pinyinKeys } from '../../platform/pinyin.js';
import { escapeLike } from '../org/org.repo.js';
import { pgErrorCode } from '../org/org.service.js';
import { chinaToday } from '../registry/age.js';
import { registryErrors } from '../registry/errors.js';
import { checkIdNumber, cleanMobile, idHashOfQuery, type SealedId } from '../registry/identity.js';
import { listPaths } from '../registry/scope.js';
import { assertManageAt, assertReadAt, communityOf, loadVolunteer, maskedId, myVolunteer, nodeOr404, readableVolunteer, volunteerColumns, type VolunteerRow } from './access.js';
import { volunteerErrors } from './errors.js';
import { starRulesFor, starsOf } from './stars.js';
import type { CorrectionBody, CorrectionChanges, CorrectionListQuery, PatchVolunteerBody, RegisterBody, VolunteerDetail, VolunteerListQuery, VolunteerSummary } from './volunteers.schema.js';

/** Volunteer records: registration, lists, the record, edits with their history, corrections, status, full view. */

export const MIN_REASON = 4;

export async function presentVolunteers(db: DbOrTx, rows: VolunteerRow[]): Promise<VolunteerSummary[]> {
  const rules = await starRulesFor(db, rows.map((r) => r.nodePath));
  return rows.map((r) => ({
    id: r.id,
    volunteerNo: r.volunteerNo,
    name: r.name,
    gender: r.gender,
    birthDate: r.birthDate,
    idKind: (r.idKind as IdKind | null) ?? null,
    idNumber: maskedId(r.idKind, r.idLast4),
    mobile: maskMobile(r.mobile),
    nodeId: r.nodeId,
    nodeName: r.nodeName,
    communityId: r.communityId,
    politicalStatus: r.politicalStatus,
    skills: r.skills,
    serviceCategories: r.serviceCategories as VolunteerSummary['serviceCategories'],
    status: r.status,
    confirmedMinutes: r.confirmedMinutes,
    stars: starsOf(r.confirmedMinutes, rules(r.nodePath)).stars,
    personId: r.personId,
    userId: r.userId,
    registeredAt: toIso(r.registeredAt),
  }));
}

export async function detailOf(db: DbOrTx, principal: Principal, v: VolunteerRow): Promise<VolunteerDetail> {
  const [summary] = await presentVolunteers(db, [v]);
  const rule = (await starRulesFor(db, [v.nodePath]))(v.nodePath);
  const teams = await db
    .select({
      memberId: volunteerTeamMembers.id,
      teamId: volunteerTeams.id,
      teamName: volunteerTeams.name,
      teamKind: volunteerTeams.kind,
      nodeName: orgNodes.name,
      role: volunteerTeamMembers.role,
      status: volunteerTeamMembers.status,
    })
    .from(volunteerTeamMembers)
    .innerJoin(volunteerTeams, eq(volunteerTeams.id, volunteerTeamMembers.teamId))
    .innerJoin(orgNodes, eq(orgNodes.id, volunteerTeams.nodeId))
    .where(and(eq(volunteerTeamMembers.volunteerId, v.id), inArray(volunteerTeamMembers.status, ['pending', 'active'])))
    .orderBy(volunteerTeams.name);
  const [pending] = await db
    .select({ id: volunteerCorrections.id })
    .from(volunteerCorrections)
    .where(and(eq(volunteerCorrections.volunteerId, v.id), eq(volunteerCorrections.status, 'pending')));
  const actions: VolunteerDetail['allowedActions'] = [];
  if (can(principal, 'volunteers.manage', v.nodePath)) actions.push('edit', 'status', 'certificate');
  if (can(principal, 'personal.view_full', v.nodePath) && can(principal, 'volunteers.read', v.nodePath)) actions.push('view_full');
  return { ...summary!, starInfo: starsOf(v.confirmedMinutes, rule), teams, pendingCorrectionId: pending?.id ?? null, allowedActions: actions };
}

export async function getVolunteer(ctx: AppContext, principal: Principal, id: number): Promise<VolunteerDetail> {
  return detailOf(ctx.db, principal, await readableVolunteer(ctx.db, principal, id));
}

export async function listVolunteers(ctx: AppContext, principal: Principal, query: VolunteerListQuery) {
  const paths = await listPaths(ctx.db, principal, ['volunteers.read'], query.nodeId);
  const where: SQL[] = [inSubtrees(orgNodes.path, paths)];
  if (query.status) where.push(eq(volunteers.status, query.status));
  const text = query.q?.trim();
  if (text) {
    const like = `%${escapeLike(text)}%`;
    const any: SQL[] = [sql`${volunteers.name} ilike ${like}`, sql`${volunteers.volunteerNo} = ${text.toUpperCase()}`];
    const compact = text.replace(/[\s']/g, '').toLowerCase();
    if (looksLikePinyin(text)) {
      any.push(sql`${volunteers.namePinyin} like ${escapeLike(compact) + '%'}`, sql`${volunteers.nameInitials} like ${escapeLike(compact) + '%'}`);
    }
    const hash = idHashOfQuery(ctx.personal, text);
    if (hash) any.push(eq(volunteers.idHash, hash));
    where.push(sql`(${sql.join(any, sql` or `)})`);
  }
  const cond = and(...where);
  const [{ total }] = (await ctx.db.select({ total: count() }).from(volunteers).innerJoin(orgNodes, eq(orgNodes.id, volunteers.nodeId)).where(cond)) as [{ total: number }];
  const rows = (await ctx.db
    .select(volunteerColumns)
    .from(volunteers)
    .innerJoin(orgNodes, eq(orgNodes.id, volunteers.nodeId))
    .where(cond)
    .orderBy(volunteers.namePinyin, volunteers.id)
    .limit(query.limit ?? 20)
    .offset(query.offset ?? 0)) as VolunteerRow[];
  return { items: await presentVolunteers(ctx.db, rows), total: Number(total) };
}

/** The caller's own record (or null) and, when not registered yet, what the registry knows to prefill the form. */
export async function getMine(ctx: AppContext, principal: Principal) {
  const v = await loadVolunteer(ctx.db, { userId: principal.userId });
  if (v) return { volunteer: await detailOf(ctx.db, principal, v), prefill: null };
  const person = await linkedPerson(ctx.db, principal.userId);
  return {
    volunteer: null,
    prefill: person
      ? {
          personId: person.id,
          name: person.name,
          gender: person.gender,
          birthDate: person.birthDate,
          mobile: maskMobile(person.mobile),
          nodeId: person.householdNodeId,
          idKind: person.idKind,
          hasIdNumber: person.idHash !== null,
        }
      : null,
  };
}

async function linkedPerson(db: DbOrTx, userId: number) {
  const [p] = await db
    .select({
      id: persons.id,
      name: persons.name,
      gender: persons.gender,
      birthDate: persons.birthDate,
      mobile: persons.mobile,
      idKind: persons.idKind,
      idCipher: persons.idCipher,
      idKeyId: persons.idKeyId,
      idHash: persons.idHash,
      idLast4: persons.idLast4,
      householdNodeId: households.nodeId,
    })
    .from(persons)
    .leftJoin(households, eq(households.id, persons.householdId))
    .where(eq(persons.userId, userId));
  return p;
}

async function personById(db: DbOrTx, id: number) {
  const [p] = await db.select({ userId: persons.userId }).from(persons).where(eq(persons.id, id));
  return p;
}

/** The next volunteer number of a community: "V" + community id + "-" + a six-digit sequence that only grows. */
async function nextVolunteerNo(tx: Tx, communityId: number | null): Promise<string> {
  const scope = communityId ?? 0;
  const [row] = await tx
    .insert(volunteerNumberCounters)
    .values({ scopeId: scope, last: 1 })
    .onConflictDoUpdate({ target: volunteerNumberCounters.scopeId, set: { last: sql`${volunteerNumberCounters.last} + 1` } })
    .returning({ last: volunteerNumberCounters.last });
  return `V${scope}-${String(row!.last).padStart(6, '0')}`;
}

async function conflictOf(db: DbOrTx, f: { userId?: number | null; idHash?: string | null; personId?: number | null }) {
  if (f.userId) {
    const [r] = await db.select({ id: volunteers.id }).from(volunteers).where(eq(volunteers.userId, f.userId));
    if (r) return volunteerErrors.alreadyRegistered();
  }
  if (f.idHash) {
    const [r] = await db.select({ id: volunteers.id }).from(volunteers).where(eq(volunteers.idHash, f.idHash));
    if (r) return volunteerErrors.duplicateId();
  }
  if (f.personId) {
    const [r] = await db.select({ id: volunteers.id }).from(volunteers).where(eq(volunteers.personId, f.personId));
    if (r) return volunteerErrors.personTaken();
  }
  return null;
}

interface IdentityInput {
  gender?: 'male' | 'female' | 'unknown';
  birthDate?: string;
  idKind?: IdKind;
  idNumber?: string;
}

function checkIdentity(ctx: AppContext, body: IdentityInput, today: string) {
  let birthDate = body.birthDate ?? null;
  let gender = body.gender ?? 'unknown';
  let sealed: SealedId | null = null;
  if (body.idNumber?.trim()) {
    const checked = checkIdNumber(ctx.personal, body.idKind ?? 'resident_id', body.idNumber, today);
    if (checked.birthDate) {
      if (body.birthDate && body.birthDate !== checked.birthDate) throw registryErrors.birthDateConflict();
      birthDate = checked.birthDate;
    }
    if (checked.gender) {
      if (body.gender && body.gender !== 'unknown' && body.gender !== checked.gender) throw registryErrors.genderConflict();
      gender = checked.gender;
    }
    sealed = checked.sealed;
  } else if (body.idKind) {
    throw registryErrors.idNumberRequired();
  }
  if (birthDate && birthDate > today) throw volunteerErrors.birthDateFuture();
  return { birthDate, gender, sealed };
}

/**
 * Register a volunteer: the signed-in user themselves (`self`), or staff with volunteers.manage over the residence.
 * A user linked to a registry person is linked to them, and the registry's ID number is used when none is typed.
 */
export async function registerVolunteer(ctx: AppContext, principal: Principal, actor: ActorContext, body: RegisterBody, self: boolean): Promise<number> {
  const now = ctx.clock.now();
  const today = chinaToday(now);
  const node = await nodeOr404(ctx.db, body.nodeId);
  if (self) {
    if (!isVisible(principal, node.path)) throw errors.notFound();
  } else {
    assertManageAt(principal, node.path);
  }
  const userId = self ? principal.userId : (body.userId ?? null);
  if (userId && !self) {
    const [u] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.id, userId));
    if (!u) throw errors.notFound();
  }
  let person = userId ? await linkedPerson(ctx.db, userId) : undefined;
  if (!self && body.personId) {
    if (person && person.id !== body.personId) throw errors.badRequest('person_mismatch', '所选居民与账号关联的居民不一致', 'The resident differs from the one linked to the account', { field: 'personId' });
    const p = await personById(ctx.db, body.personId);
    if (!p) throw errors.notFound();
    person = person ?? (await linkedPersonById(ctx.db, body.personId));
    // The person must be one the caller may read in the registry, where they live.
    const home = person?.householdNodeId ? await nodeOr404(ctx.db, person.householdNodeId) : null;
    if (!home || !can(principal, 'registry.read', home.path)) throw errors.notFound();
  }
  const checked = checkIdentity(ctx, body, today);
  let sealed = checked.sealed;
  if (!sealed && person?.idHash && person.idCipher && person.idKeyId && person.idLast4) {
    sealed = { idKind: person.idKind ?? 'resident_id', idCipher: person.idCipher, idKeyId: person.idKeyId, idHash: person.idHash, idLast4: person.idLast4 };
  }
  const name = body.name.trim();
  const mobile = cleanMobile(body.mobile);
  const conflict = await conflictOf(ctx.db, { userId, idHash: sealed?.idHash, personId: person?.id });
  if (conflict) throw conflict;
  const communityId = await communityOf(ctx.db, node.path);
  const keys = pinyinKeys(name);
  try {
    return await ctx.db.transaction(async (tx) => {
      const volunteerNo = await nextVolunteerNo(tx, communityId);
      const [row] = await tx
        .insert(volunteers)
        .values({
          volunteerNo,
          userId,
          personId: person?.id ?? null,
          name,
          namePinyin: keys.full,
          nameInitials: keys.initials,
          gender: checked.gender ?? person?.gender ?? 'unknown',
          birthDate: checked.birthDate ?? person?.birthDate ?? null,
          idKind: sealed?.idKind ?? null,
          idCipher: sealed?.idCipher ?? null,
          idKeyId: sealed?.idKeyId ?? null,
          idHash: sealed?.idHash ?? null,
          idLast4: sealed?.idLast4 ?? null,
          mobile: mobile ?? person?.mobile ?? null,
          nodeId: node.id,
          communityId,
          politicalStatus: body.politicalStatus ?? 'masses',
          skills: cleanList(body.skills),
          serviceCategories: body.serviceCategories ?? [],
          status: 'active',
          registeredAt: now,
          createdBy: principal.userId,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: volunteers.id });
      const id = row!.id;
      await addChange(tx, id, 'register', { volunteerNo: { old: null, new: volunteerNo }, name: { old: null, new: name } }, null, principal.userId, now);
      await recordAudit(tx, actor, now, {
        action: 'volunteer.register',
        objectType: 'volunteer',
        objectId: id,
        orgNodeId: node.id,
        details: { self, withIdNumber: sealed !== null, linkedPerson: person?.id ?? null },
      });
      return id;
    });
  } catch (err) {
    if (pgErrorCode(err) === '23505') throw (await conflictOf(ctx.db, { userId, idHash: sealed?.idHash, personId: person?.id })) ?? volunteerErrors.duplicateId();
    throw err;
  }
}

async function linkedPersonById(db: DbOrTx, personId: number) {
  const [p] = await db.select({ userId: persons.userId }).from(persons).where(eq(persons.id, personId));
  if (p?.userId) return linkedPerson(db, p.userId);
  const [row] = await db
    .select({
      id: persons.id,
      name: persons.name,
      gender: persons.gender,
      birthDate: persons.birthDate,
      mobile: persons.mobile,
      idKind: persons.idKind,
      idCipher: persons.idCipher,
      idKeyId: persons.idKeyId,
      idHash: persons.idHash,
      idLast4: persons.idLast4,
      householdNodeId: households.nodeId,
    })
    .from(persons)
    .leftJoin(households, eq(households.id, persons.householdId))
    .where(eq(persons.id, personId));
  return row;
}

const cleanList = (items: string[] | undefined) => [...new Set((items ?? []).map((s) => s.trim()).filter(Boolean))];

async function addChange(tx: Tx, volunteerId: number, kind: VolunteerChangeKind, changes: Record<string, FieldChange>, reason: string | null, by: number | null, at: Date, correctionId: number | null = null) {
  await tx.insert(volunteerRecordChanges).values({ volunteerId, kind, fields: Object.keys(changes), changes, reason, correctionId, changedBy: by, changedAt: at });
}

type Editable = Omit<PatchVolunteerBody, 'reason'>;
const show = (v: unknown): string | null => (v == null ? null : Array.isArray(v) ? v.join('、') : String(v));

/**
 * Apply changes to a volunteer inside a transaction: the new values, one history row with every changed field
 * (old → new; an ID number only masked). Returns the changed fields (empty when nothing changed).
 */
async function applyChanges(
  ctx: AppContext,
  tx: Tx,
  principal: Principal,
  v: VolunteerRow,
  body: Editable,
  kind: VolunteerChangeKind,
  reason: string | null,
  correctionId: number | null = null,
): Promise<string[]> {
  const now = ctx.clock.now();
  const today = chinaToday(now);
  const set: Partial<typeof volunteers.$inferInsert> = {};
  const changes: Record<string, FieldChange> = {};
  const note = (field: string, old: unknown, next: unknown) => {
    if (show(old) !== show(next)) changes[field] = { old: show(old), new: show(next) };
  };
  if (body.name !== undefined && body.name.trim() !== v.name) {
    const name = body.name.trim();
    const keys = pinyinKeys(name);
    Object.assign(set, { name, namePinyin: keys.full, nameInitials: keys.initials });
    note('name', v.name, name);
  }
  if (body.idNumber !== undefined && body.idNumber.trim()) {
    const checked = checkIdentity(ctx, { idKind: body.idKind ?? (v.idKind as IdKind | null) ?? 'resident_id', idNumber: body.idNumber }, today);
    const s = checked.sealed!;
    if (s.idHash !== v.idHash) {
      const [dup] = await tx.select({ id: volunteers.id }).from(volunteers).where(and(eq(volunteers.idHash, s.idHash), sql`${volunteers.id} <> ${v.id}`));
      if (dup) throw volunteerErrors.duplicateId();
      Object.assign(set, { idKind: s.idKind, idCipher: s.idCipher, idKeyId: s.idKeyId, idHash: s.idHash, idLast4: s.idLast4 });
      note('idNumber', maskedId(v.idKind, v.idLast4), maskedId(s.idKind, s.idLast4));
      if (checked.birthDate && checked.birthDate !== v.birthDate && body.birthDate === undefined) {
        set.birthDate = checked.birthDate;
        note('birthDate', v.birthDate, checked.birthDate);
      }
      if (checked.gender && checked.gender !== v.gender && body.gender === undefined) {
        set.gender = checked.gender;
        note('gender', v.gender, checked.gender);
      }
    }
  }
  if (body.gender !== undefined && body.gender !== v.gender) {
    set.gender = body.gender;
    note('gender', v.gender, body.gender);
  }
  if (body.birthDate !== undefined && body.birthDate !== v.birthDate) {
    if (body.birthDate > today) throw volunteerErrors.birthDateFuture();
    set.birthDate = body.birthDate;
    note('birthDate', v.birthDate, body.birthDate);
  }
  if (body.mobile !== undefined) {
    const mobile = cleanMobile(body.mobile);
    if (mobile !== v.mobile) {
      set.mobile = mobile;
      note('mobile', maskMobile(v.mobile), maskMobile(mobile));
    }
  }
  if (body.nodeId !== undefined && body.nodeId !== v.nodeId) {
    const node = await nodeOr404(tx, body.nodeId);
    if (kind === 'correction') {
      if (!isVisible(principal, node.path) && !can(principal, 'volunteers.manage', node.path)) throw errors.notFound();
    } else assertManageAt(principal, node.path);
    set.nodeId = node.id;
    set.communityId = await communityOf(tx, node.path);
    note('nodeId', v.nodeName, node.name);
  }
  if (body.skills !== undefined) {
    const skills = cleanList(body.skills);
    if (show(skills) !== show(v.skills)) {
      set.skills = skills;
      note('skills', v.skills, skills);
    }
  }
  if (body.serviceCategories !== undefined && show(body.serviceCategories) !== show(v.serviceCategories)) {
    set.serviceCategories = body.serviceCategories;
    note('serviceCategories', v.serviceCategories, body.serviceCategories);
  }
  if (body.politicalStatus !== undefined && body.politicalStatus !== v.politicalStatus) {
    set.politicalStatus = body.politicalStatus;
    note('politicalStatus', v.politicalStatus, body.politicalStatus);
  }
  const fields = Object.keys(changes);
  if (fields.length === 0) return [];
  await tx.update(volunteers).set({ ...set, updatedAt: now }).where(eq(volunteers.id, v.id));
  await addChange(tx, v.id, kind, changes, reason, principal.userId, now, correctionId);
  return fields;
}

async function committing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (pgErrorCode(err) === '23505') throw volunteerErrors.duplicateId();
    throw err;
  }
}

export async function updateVolunteer(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: PatchVolunteerBody): Promise<VolunteerDetail> {
  const v0 = await readableVolunteer(ctx.db, principal, id);
  assertManageAt(principal, v0.nodePath);
  const { reason, ...edits } = body;
  await committing(() =>
    ctx.db.transaction(async (tx) => {
      const v = (await loadVolunteer(tx, { id }, true))!;
      const fields = await applyChanges(ctx, tx, principal, v, edits, 'edit', reason?.trim() || null);
      if (fields.length === 0) throw volunteerErrors.nothingToChange();
      await recordAudit(tx, actor, ctx.clock.now(), { action: 'volunteer.edit', objectType: 'volunteer', objectId: id, orgNodeId: v.nodeId, details: { fields } });
    }),
  );
  return getVolunteer(ctx, principal, id);
}

export async function setStatus(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, status: VolunteerStatus, reason: string): Promise<VolunteerDetail> {
  const v0 = await readableVolunteer(ctx.db, principal, id);
  assertManageAt(principal, v0.nodePath);
  const why = reason.trim();
  if ([...why].length < MIN_REASON) throw volunteerErrors.reasonRequired();
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const v = (await loadVolunteer(tx, { id }, true))!;
    if (v.status === status) throw volunteerErrors.statusSame();
    await tx.update(volunteers).set({ status, updatedAt: now }).where(eq(volunteers.id, id));
    await addChange(tx, id, 'status', { status: { old: v.status, new: status } }, why, principal.userId, now);
    await recordAudit(tx, actor, now, { action: 'volunteer.status', objectType: 'volunteer', objectId: id, orgNodeId: v.nodeId, details: { from: v.status, to: status } });
  });
  return getVolunteer(ctx, principal, id);
}

/** The full ID number and mobile: volunteers.read and personal.view_full over the place, a reason; audited first. */
export async function viewFull(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, reason: string) {
  const v = await loadVolunteer(ctx.db, { id });
  if (!v) throw errors.notFound();
  assertReadAt(principal, v.nodePath);
  if (!can(principal, 'personal.view_full', v.nodePath)) throw errors.forbidden();
  const why = reason.trim();
  if ([...why].length < MIN_REASON) throw volunteerErrors.reasonRequired();
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const fields: string[] = [];
    if (v.idCipher) fields.push('id_number');
    if (v.mobile) fields.push('mobile');
    await recordAudit(tx, actor, now, { action: 'volunteer.view_full', objectType: 'volunteer', objectId: id, orgNodeId: v.nodeId, details: { reason: why, fields } });
    return {
      idNumber: v.idCipher && v.idKeyId ? ctx.personal.open({ cipher: v.idCipher, keyId: v.idKeyId }) : null,
      mobile: v.mobile,
      fields,
    };
  });
}

export async function listChanges(ctx: AppContext, principal: Principal, id: number) {
  const v = await readableVolunteer(ctx.db, principal, id);
  const rows = await ctx.db
    .select({
      id: volunteerRecordChanges.id,
      kind: volunteerRecordChanges.kind,
      fields: volunteerRecordChanges.fields,
      changes: volunteerRecordChanges.changes,
      reason: volunteerRecordChanges.reason,
      changedBy: users.displayName,
      changedAt: volunteerRecordChanges.changedAt,
    })
    .from(volunteerRecordChanges)
    .leftJoin(users, eq(users.id, volunteerRecordChanges.changedBy))
    .where(eq(volunteerRecordChanges.volunteerId, v.id))
    .orderBy(desc(volunteerRecordChanges.changedAt), desc(volunteerRecordChanges.id));
  return { items: rows.map((r) => ({ ...r, changedAt: toIso(r.changedAt) })) };
}

// Corrections

export async function requestCorrection(ctx: AppContext, principal: Principal, actor: ActorContext, body: CorrectionBody) {
  const v = await myVolunteer(ctx.db, principal);
  const requested: Record<string, unknown> = {};
  const c = body.changes;
  for (const [k, val] of Object.entries(c) as [keyof CorrectionChanges, unknown][]) {
    if (val === undefined) continue;
    const current = k === 'nodeId' ? v.nodeId : (v as unknown as Record<string, unknown>)[k];
    if (show(val) !== show(current)) requested[k] = val;
  }
  if (requested.mobile !== undefined) requested.mobile = cleanMobile(requested.mobile as string);
  if (requested.nodeId !== undefined) {
    const node = await nodeOr404(ctx.db, requested.nodeId as number);
    if (!isVisible(principal, node.path)) throw errors.notFound();
  }
  if (Object.keys(requested).length === 0) throw volunteerErrors.nothingToChange();
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(volunteerCorrections)
        .values({ volunteerId: v.id, requested, reason: body.reason.trim(), requestedBy: principal.userId, requestedAt: now })
        .returning({ id: volunteerCorrections.id });
      await recordAudit(tx, actor, now, { action: 'volunteer.correction.request', objectType: 'volunteer', objectId: v.id, orgNodeId: v.nodeId, details: { fields: Object.keys(requested) } });
      return getCorrection(ctx, tx, row!.id);
    });
  } catch (err) {
    if (pgErrorCode(err) === '23505') throw volunteerErrors.correctionPending();
    throw err;
  }
}

const correctionColumns = {
  id: volunteerCorrections.id,
  volunteerId: volunteerCorrections.volunteerId,
  volunteerName: volunteers.name,
  volunteerNo: volunteers.volunteerNo,
  requested: volunteerCorrections.requested,
  reason: volunteerCorrections.reason,
  status: volunteerCorrections.status,
  requestedAt: volunteerCorrections.requestedAt,
  decidedAt: volunteerCorrections.decidedAt,
  decisionNote: volunteerCorrections.decisionNote,
};

type CorrectionRow = { requestedAt: Date; decidedAt: Date | null } & Record<string, unknown>;
const presentCorrection = <T extends CorrectionRow>(r: T) => ({ ...r, requestedAt: toIso(r.requestedAt), decidedAt: r.decidedAt ? toIso(r.decidedAt) : null });

async function getCorrection(_ctx: AppContext, db: DbOrTx, id: number) {
  const [row] = await db.select(correctionColumns).from(volunteerCorrections).innerJoin(volunteers, eq(volunteers.id, volunteerCorrections.volunteerId)).where(eq(volunteerCorrections.id, id));
  if (!row) throw errors.notFound();
  return presentCorrection(row);
}

export async function myCorrections(ctx: AppContext, principal: Principal) {
  const v = await myVolunteer(ctx.db, principal);
  const rows = await ctx.db
    .select(correctionColumns)
    .from(volunteerCorrections)
    .innerJoin(volunteers, eq(volunteers.id, volunteerCorrections.volunteerId))
    .where(eq(volunteerCorrections.volunteerId, v.id))
    .orderBy(desc(volunteerCorrections.requestedAt));
  return { items: rows.map(presentCorrection), total: rows.length };
}

export async function listCorrections(ctx: AppContext, principal: Principal, query: CorrectionListQuery) {
  const paths = await listPaths(ctx.db, principal, ['volunteers.read'], query.nodeId);
  const cond = and(inSubtrees(orgNodes.path, paths), eq(volunteerCorrections.status, query.status ?? 'pending'));
  const base = () =>
    ctx.db
      .select(correctionColumns)
      .from(volunteerCorrections)
      .innerJoin(volunteers, eq(volunteers.id, volunteerCorrections.volunteerId))
      .innerJoin(orgNodes, eq(orgNodes.id, volunteers.nodeId))
      .where(cond);
  const [{ total }] = (await ctx.db
    .select({ total: count() })
    .from(volunteerCorrections)
    .innerJoin(volunteers, eq(volunteers.id, volunteerCorrections.volunteerId))
    .innerJoin(orgNodes, eq(orgNodes.id, volunteers.nodeId))
    .where(cond)) as [{ total: number }];
  const rows = await base()
    .orderBy(volunteerCorrections.requestedAt)
    .limit(query.limit ?? 20)
    .offset(query.offset ?? 0);
  return { items: rows.map(presentCorrection), total: Number(total) };
}

/** Approve (the requested values apply, with a history row) or reject a pending correction. */
export async function decideCorrection(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, approve: boolean, note: string | undefined) {
  const [c0] = await ctx.db.select({ volunteerId: volunteerCorrections.volunteerId }).from(volunteerCorrections).where(eq(volunteerCorrections.id, id));
  if (!c0) throw errors.notFound();
  const v0 = await loadVolunteer(ctx.db, { id: c0.volunteerId });
  if (!v0) throw errors.notFound();
  assertManageAt(principal, v0.nodePath);
  const now = ctx.clock.now();
  await committing(() =>
    ctx.db.transaction(async (tx) => {
      const [c] = await tx.select().from(volunteerCorrections).where(eq(volunteerCorrections.id, id)).for('update');
      if (!c || c.status !== 'pending') throw volunteerErrors.correctionDecided();
      let fields: string[] = [];
      if (approve) {
        const v = (await loadVolunteer(tx, { id: c.volunteerId }, true))!;
        fields = await applyChanges(ctx, tx, principal, v, c.requested as Editable, 'correction', c.reason, c.id);
      }
      await tx
        .update(volunteerCorrections)
        .set({ status: approve ? 'approved' : 'rejected', decidedBy: principal.userId, decidedAt: now, decisionNote: note?.trim() || null })
        .where(eq(volunteerCorrections.id, id));
      await recordAudit(tx, actor, now, {
        action: approve ? 'volunteer.correction.approve' : 'volunteer.correction.reject',
        objectType: 'volunteer',
        objectId: c.volunteerId,
        orgNodeId: v0.nodeId,
        details: { correctionId: id, fields },
      });
    }),
  );
  return getCorrection(ctx, ctx.db, id);
}
