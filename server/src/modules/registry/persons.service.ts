import type { Tx } from '../../db/client.js';
import type { MoveReason } from '../../db/schema/registry.js';
import { can, type Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { toShanghaiIso as toIso } from '../../platform/calendarDays.js';
import { maskAddress } from '../../platform/masking.js';
import { looksLikePinyin, pinyinKeys } from '../../platform/pinyin.js';
import { pgErrorCode } from '../org/org.service.js';
import { bandBounds, bornOnOrBefore, chinaToday } from './age.js';
import { registryErrors } from './errors.js';
import * as households from './households.repo.js';
import { checkEthnicity, checkIdNumber, cleanMobile, cleanText, idHashOfQuery, type SealedId } from './identity.js';
import * as repo from './persons.repo.js';
import { placesOf } from './places.js';
import * as policy from './registry.policy.js';
import { presentResidence, presentSummary } from './present.js';
import type { CreatePersonBody, MovePersonBody, PatchPersonBody, PersonDetail, PersonListQuery, PersonSummary } from './registry.schema.js';
import { listPaths } from './scope.js';
import { tagsById, visibleTagFilter } from './tags.service.js';
import * as tagRepo from './tags.repo.js';

/** Persons 实有人口: lists, the record, adding, correcting, moving. Tags: tags.service.ts; full view: fullView.ts. */

export async function presentPersons(ctx: AppContext, principal: Principal, rows: repo.PersonRow[]): Promise<PersonSummary[]> {
  const today = chinaToday(ctx.clock.now());
  const places = await placesOf(ctx.db, rows.map((r) => r.nodeId));
  const given = await tagRepo.givenTags(ctx.db, rows.map((r) => r.id));
  const tags = await tagsById(ctx.db, given);
  return rows.map((r) => presentSummary(principal, r, today, places, given, tags));
}

export async function listPersons(ctx: AppContext, principal: Principal, query: PersonListQuery) {
  const paths = await listPaths(ctx.db, principal, ['registry.read'], query.nodeId);
  const today = chinaToday(ctx.clock.now());
  const search: repo.PersonSearch = { paths, tags: [], movedOut: query.movedOut ?? false, livingAlone: query.livingAlone, livingStatus: query.livingStatus };
  const text = query.q?.trim();
  if (text) {
    const compact = text.replace(/[\s']/g, '').toLowerCase();
    search.q = {
      text,
      idHash: idHashOfQuery(ctx.personal, text),
      pinyin: looksLikePinyin(text) ? compact : undefined,
      digits: /^\d+$/.test(compact) ? compact : undefined,
    };
  }
  if (query.tagIds?.length) {
    const filter = await visibleTagFilter(ctx.db, principal, query.tagIds);
    if (!filter) return { items: [], total: 0 };
    search.tags = filter;
  }
  const bounds: { after?: string; onOrBefore?: string }[] = [];
  if (query.ageBand) bounds.push(bandBounds(query.ageBand, today));
  if (query.over80) bounds.push({ onOrBefore: bornOnOrBefore(today, 80) });
  if (query.over90) bounds.push({ onOrBefore: bornOnOrBefore(today, 90) });
  for (const b of bounds) {
    if (b.after && (!search.bornAfter || b.after > search.bornAfter)) search.bornAfter = b.after;
    if (b.onOrBefore && (!search.bornOnOrBefore || b.onOrBefore < search.bornOnOrBefore)) search.bornOnOrBefore = b.onOrBefore;
  }
  const { ids, total } = await repo.searchPersonIds(ctx.db, search, query.limit, query.offset);
  return { items: await presentPersons(ctx, principal, await repo.loadPersons(ctx.db, ids)), total };
}

/** A person the caller may read, or 404. */
export async function readablePerson(ctx: AppContext, principal: Principal, id: number, db: Tx | AppContext['db'] = ctx.db, lock = false) {
  const person = await repo.loadPerson(db, id, { lock });
  if (!person) throw errors.notFound();
  policy.assertRead(principal, person.nodePath);
  return person;
}

export async function getPerson(ctx: AppContext, principal: Principal, id: number): Promise<PersonDetail> {
  const person = await readablePerson(ctx, principal, id);
  const [summary] = await presentPersons(ctx, principal, [person]);
  const history = await repo.historyOfPerson(ctx.db, id);
  const places = await placesOf(ctx.db, history.map((h) => h.householdNodeId));
  return {
    ...summary!,
    namePinyin: person.namePinyin,
    awayNote: person.awayNote,
    registeredAddress: maskRegistered(person.registeredAddress),
    note: person.note,
    userId: person.userId,
    history: history.map((h) => presentResidence(h, places, (path) => can(principal, 'registry.read', path))),
    createdAt: toIso(person.createdAt),
    updatedAt: toIso(person.updatedAt),
    allowedActions: policy.personActions(principal, person.nodePath, person.householdId !== null),
  };
}

/** The registered (hukou) address keeps its words; every number (building, door, street number) is starred. */
function maskRegistered(address: string | null): string | null {
  return maskAddress(address)?.replace(/\d/g, '*') ?? null;
}

/** 409 person_duplicate; the existing person is named only when the caller may read them. */
async function duplicateOf(ctx: AppContext, principal: Principal, hash: string, exceptId?: number) {
  const existing = await repo.findByIdHash(ctx.db, hash);
  if (!existing || existing.id === exceptId) return null;
  return registryErrors.duplicate(can(principal, 'registry.read', existing.nodePath) ? { id: existing.id, name: existing.name } : undefined);
}

async function commit<T>(ctx: AppContext, principal: Principal, hash: string | undefined, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await ctx.db.transaction(work);
  } catch (err) {
    if (pgErrorCode(err) === '23505' && hash) throw (await duplicateOf(ctx, principal, hash)) ?? registryErrors.duplicate();
    throw err;
  }
}

export async function createPerson(ctx: AppContext, principal: Principal, actor: ActorContext, body: CreatePersonBody): Promise<PersonDetail> {
  return getPerson(ctx, principal, await registerPerson(ctx, principal, actor, body));
}

/** createPerson without reading the record back (the demo and imports): the new person's id. */
export async function registerPerson(ctx: AppContext, principal: Principal, actor: ActorContext, body: CreatePersonBody): Promise<number> {
  const now = ctx.clock.now();
  const today = chinaToday(now);
  const household = await households.loadHousehold(ctx.db, body.householdId);
  if (!household) throw errors.notFound();
  policy.assertManage(principal, household.nodePath);
  if (household.closedAt) throw registryErrors.householdClosed();

  const name = body.name.trim();
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
  }
  if (birthDate && birthDate > today) throw errors.badRequest('birth_date_future', '出生日期不能晚于今天', 'The birth date cannot be after today', { field: 'birthDate' });
  const movedInOn = body.movedInOn ?? today;
  if (movedInOn > today) throw registryErrors.moveFuture();
  const keys = pinyinKeys(name);
  const livingStatus = body.livingStatus ?? 'present';
  if (sealed) {
    const existing = await repo.findByIdHash(ctx.db, sealed.idHash);
    // Someone who moved out of the area (from another community, say) and now lives here: the same record moves in.
    if (existing && existing.householdId === null && existing.livingStatus !== 'deceased') {
      return returnPerson(ctx, principal, actor, existing.id, household, body, { name, gender, birthDate, movedInOn, livingStatus }, sealed.idHash);
    }
    const dup = await duplicateOf(ctx, principal, sealed.idHash);
    if (dup) throw dup;
  }

  const id = await commit(ctx, principal, sealed?.idHash, async (tx) => {
    const personId = await repo.insertPerson(tx, {
      name,
      namePinyin: keys.full,
      nameInitials: keys.initials,
      gender,
      birthDate,
      ethnicity: checkEthnicity(body.ethnicity),
      idKind: sealed?.idKind ?? body.idKind ?? null,
      idCipher: sealed?.idCipher ?? null,
      idKeyId: sealed?.idKeyId ?? null,
      idHash: sealed?.idHash ?? null,
      idLast4: sealed?.idLast4 ?? null,
      mobile: cleanMobile(body.mobile),
      registeredAddress: cleanText(body.registeredAddress),
      livingStatus,
      awayNote: livingStatus === 'away' ? cleanText(body.awayNote) : null,
      householdId: household.id,
      relation: body.relation,
      gridId: household.gridId,
      communityId: household.communityId,
      note: cleanText(body.note),
      createdBy: principal.userId,
      createdAt: now,
      updatedAt: now,
    });
    await repo.insertResidence(tx, {
      personId,
      householdId: household.id,
      relation: body.relation,
      movedInOn,
      movedInReason: body.movedInReason ?? 'moved_in',
      recordedBy: principal.userId,
      createdAt: now,
    });
    if (body.relation === 'head') await households.updateHousehold(tx, household.id, { namePinyin: keys.full, updatedAt: now });
    await recordAudit(tx, actor, now, {
      action: 'person.create',
      objectType: 'person',
      objectId: personId,
      orgNodeId: household.nodeId,
      details: { householdId: household.id, relation: body.relation, withIdNumber: sealed !== null },
    });
    return personId;
  });
  return id;
}

/**
 * A person who moved out of the area moves in again, registered by the same ID number (perhaps by another
 * community): the record is reused, with a new stay. What the earlier community wrote about them (the note, their
 * care tags) stays behind: the note is replaced by this registration's, the open tags end; earlier stays show the
 * new community their dates only (presentResidence). Refused when someone else brought them back meanwhile.
 */
async function returnPerson(
  ctx: AppContext,
  principal: Principal,
  actor: ActorContext,
  personId: number,
  household: households.HouseholdRow,
  body: CreatePersonBody,
  facts: { name: string; gender: NonNullable<CreatePersonBody['gender']>; birthDate: string | null; movedInOn: string; livingStatus: NonNullable<CreatePersonBody['livingStatus']> },
  idHash: string,
): Promise<number> {
  const now = ctx.clock.now();
  const keys = pinyinKeys(facts.name);
  return commit(ctx, principal, idHash, async (tx) => {
    const locked = await repo.loadPerson(tx, personId, { lock: true });
    if (!locked || locked.householdId !== null) throw (await duplicateOf(ctx, principal, idHash)) ?? registryErrors.duplicate();
    const stays = await repo.historyOfPerson(tx, personId);
    const lastOut = stays.map((r) => r.movedOutOn).reduce<string | null>((a, b) => (b && (!a || b > a) ? b : a), null);
    if (lastOut && facts.movedInOn < lastOut) {
      throw errors.badRequest('moved_in_before_moved_out', `迁入日期不能早于上次迁出日期（${lastOut}）`, `The move-in date cannot be before the last move-out (${lastOut})`, { field: 'movedInOn' });
    }
    await repo.updatePerson(tx, personId, {
      name: facts.name,
      namePinyin: keys.full,
      nameInitials: keys.initials,
      gender: facts.gender,
      birthDate: facts.birthDate,
      ...(body.ethnicity !== undefined ? { ethnicity: checkEthnicity(body.ethnicity) } : {}),
      mobile: cleanMobile(body.mobile),
      registeredAddress: cleanText(body.registeredAddress),
      livingStatus: facts.livingStatus,
      awayNote: facts.livingStatus === 'away' ? cleanText(body.awayNote) : null,
      householdId: household.id,
      relation: body.relation,
      gridId: household.gridId,
      communityId: household.communityId,
      note: cleanText(body.note),
      updatedAt: now,
    });
    await tagRepo.endOpenTagsOf(tx, personId, principal.userId, now);
    await repo.insertResidence(tx, {
      personId,
      householdId: household.id,
      relation: body.relation,
      movedInOn: facts.movedInOn,
      movedInReason: body.movedInReason ?? 'moved_in',
      recordedBy: principal.userId,
      createdAt: now,
    });
    if (body.relation === 'head') await households.updateHousehold(tx, household.id, { namePinyin: keys.full, updatedAt: now });
    await recordAudit(tx, actor, now, {
      action: 'person.return',
      objectType: 'person',
      objectId: personId,
      orgNodeId: household.nodeId,
      details: { householdId: household.id, relation: body.relation, lastMovedOutOn: lastOut },
    });
    return personId;
  });
}

export async function updatePerson(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: PatchPersonBody): Promise<PersonDetail> {
  const now = ctx.clock.now();
  const today = chinaToday(now);
  const before = await readablePerson(ctx, principal, id);
  policy.assertManage(principal, before.nodePath);

  const patch: Partial<repo.NewPerson> = {};
  const changed: string[] = [];
  if (body.name !== undefined && body.name.trim() !== before.name) {
    const keys = pinyinKeys(body.name.trim());
    Object.assign(patch, { name: body.name.trim(), namePinyin: keys.full, nameInitials: keys.initials });
    changed.push('name');
  }
  let idFacts: { birthDate?: string; gender?: string } | null = null;
  let newHash: string | undefined;
  if (body.idNumber !== undefined) {
    changed.push('idNumber');
    if (body.idNumber === null || !body.idNumber.trim()) {
      Object.assign(patch, { idCipher: null, idKeyId: null, idHash: null, idLast4: null, idKind: body.idKind ?? null });
    } else {
      const checked = checkIdNumber(ctx.personal, body.idKind ?? before.idKind ?? 'resident_id', body.idNumber, today);
      const dup = await duplicateOf(ctx, principal, checked.sealed.idHash, id);
      if (dup) throw dup;
      Object.assign(patch, checked.sealed);
      newHash = checked.sealed.idHash;
      idFacts = { birthDate: checked.birthDate, gender: checked.gender };
    }
  } else if (body.idKind !== undefined && body.idKind !== before.idKind) {
    if (before.hasId) throw registryErrors.idNumberRequired();
    patch.idKind = body.idKind;
    changed.push('idKind');
  }
  const idBirth = idFacts?.birthDate ?? (body.idNumber === undefined && before.idKind === 'resident_id' && before.hasId ? before.birthDate : undefined);
  const idGender = idFacts?.gender ?? (body.idNumber === undefined && before.idKind === 'resident_id' && before.hasId ? before.gender : undefined);
  if (body.birthDate !== undefined) {
    if (idBirth && body.birthDate !== idBirth) throw registryErrors.birthDateConflict();
    if (body.birthDate && body.birthDate > today) throw errors.badRequest('birth_date_future', '出生日期不能晚于今天', 'The birth date cannot be after today', { field: 'birthDate' });
    patch.birthDate = body.birthDate;
    changed.push('birthDate');
  } else if (idFacts?.birthDate) patch.birthDate = idFacts.birthDate;
  if (body.gender !== undefined) {
    if (idGender && body.gender !== idGender) throw registryErrors.genderConflict();
    patch.gender = body.gender;
    changed.push('gender');
  } else if (idFacts?.gender) patch.gender = idFacts.gender as 'male' | 'female';
  if (body.ethnicity !== undefined) {
    patch.ethnicity = checkEthnicity(body.ethnicity);
    changed.push('ethnicity');
  }
  if (body.mobile !== undefined) {
    patch.mobile = cleanMobile(body.mobile);
    changed.push('mobile');
  }
  if (body.registeredAddress !== undefined) {
    patch.registeredAddress = cleanText(body.registeredAddress);
    changed.push('registeredAddress');
  }
  if (body.livingStatus !== undefined) {
    patch.livingStatus = body.livingStatus;
    if (body.livingStatus !== 'away' && body.awayNote === undefined) patch.awayNote = null;
    changed.push('livingStatus');
  }
  if (body.awayNote !== undefined) {
    patch.awayNote = cleanText(body.awayNote);
    changed.push('awayNote');
  }
  if (body.note !== undefined) {
    patch.note = cleanText(body.note);
    changed.push('note');
  }
  if (body.relation !== undefined) {
    if (before.householdId === null) throw registryErrors.notResident();
    patch.relation = body.relation;
    changed.push('relation');
  }
  if (changed.length === 0) return getPerson(ctx, principal, id);
  patch.updatedAt = now;

  await commit(ctx, principal, newHash, async (tx) => {
    await repo.updatePerson(tx, id, patch);
    if (body.relation !== undefined) {
      const open = await repo.openResidence(tx, id);
      if (open) await repo.setResidenceRelation(tx, open.id, body.relation);
    }
    await recordAudit(tx, actor, now, { action: 'person.update', objectType: 'person', objectId: id, orgNodeId: before.nodeId, details: { fields: changed } });
  });
  return getPerson(ctx, principal, id);
}

const LEAVING: MoveReason[] = ['moved_away', 'deceased'];

/**
 * A move never overwrites: the open stay is closed (day, reason, where to) and, unless the person leaves the area
 * or died, a new stay opens in the target household. The person's household, grid and community follow.
 */
export async function movePerson(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: MovePersonBody): Promise<PersonDetail> {
  const now = ctx.clock.now();
  const today = chinaToday(now);
  if (body.on > today) throw registryErrors.moveFuture();
  const person = await readablePerson(ctx, principal, id);
  policy.assertManage(principal, person.nodePath);
  const leaving = LEAVING.includes(body.reason);
  let target: households.HouseholdRow | undefined;
  if (!leaving) {
    if (!body.toHouseholdId) throw registryErrors.moveTargetRequired();
    target = await households.loadHousehold(ctx.db, body.toHouseholdId);
    if (!target) throw errors.notFound();
    policy.assertManage(principal, target.nodePath);
    if (target.closedAt) throw registryErrors.householdClosed();
    if (target.id === person.householdId) throw registryErrors.moveSameHousehold();
  } else if (person.householdId === null) {
    throw registryErrors.notResident();
  }
  const targetPlace = target ? (await placesOf(ctx.db, [target.nodeId])).get(target.nodeId) : undefined;

  await ctx.db.transaction(async (tx) => {
    const locked = await repo.loadPerson(tx, id, { lock: true });
    if (!locked || locked.householdId !== person.householdId) throw errors.conflict('person_changed', '此人信息刚被修改，请刷新后重试', 'The record changed meanwhile; reload and try again');
    const open = await repo.openResidence(tx, id);
    const sameCommunity = target !== undefined && target.communityId === person.communityId && person.householdId !== null;
    if (open) {
      if (body.on < open.movedInOn) throw registryErrors.moveBeforeMoveIn();
      const outReason: MoveReason = leaving || body.reason === 'correction' || body.reason === 'other' ? body.reason : sameCommunity ? 'moved_within' : 'moved_away';
      const to = leaving ? cleanText(body.movedOutTo) : targetPlace ? [targetPlace.label, target!.door].filter(Boolean).join(' ') : null;
      await repo.closeResidence(tx, open.id, body.on, outReason, to);
    }
    if (target) {
      const relation = body.relation ?? 'other_relative';
      const inReason: MoveReason = body.reason === 'correction' || body.reason === 'other' ? body.reason : sameCommunity ? 'moved_within' : 'moved_in';
      await repo.insertResidence(tx, {
        personId: id,
        householdId: target.id,
        relation,
        movedInOn: body.on,
        movedInReason: inReason,
        note: cleanText(body.note),
        recordedBy: principal.userId,
        createdAt: now,
      });
      await repo.updatePerson(tx, id, {
        householdId: target.id,
        relation,
        gridId: target.gridId,
        communityId: target.communityId,
        livingStatus: person.livingStatus === 'deceased' ? 'present' : person.livingStatus,
        updatedAt: now,
      });
    } else {
      await repo.updatePerson(tx, id, {
        householdId: null,
        relation: null,
        ...(body.reason === 'deceased' ? { livingStatus: 'deceased' as const } : {}),
        updatedAt: now,
      });
    }
    await recordAudit(tx, actor, now, {
      action: 'person.move',
      objectType: 'person',
      objectId: id,
      orgNodeId: target?.nodeId ?? person.nodeId,
      details: { reason: body.reason, on: body.on, fromHouseholdId: person.householdId, toHouseholdId: target?.id ?? null },
    });
  });
  return getPerson(ctx, principal, id);
}
