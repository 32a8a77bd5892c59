import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { households, persons, personTags, residences } from '../../db/schema/registry.js';
import type { PersonalCipher } from '../../platform/personalCrypto.js';
import { pinyinKeys } from '../../platform/pinyin.js';
import type { HouseholdIndex } from './places.js';
import type { PersonDraft, RowProblem } from './row.js';

/**
 * Writing one batch of checked rows: the batch's new households in one insert, its new persons in one insert
 * (ID numbers sealed, hashed, last four kept), their residences and tags in one insert each. Persons whose ID hash
 * is already in the registry are updated or skipped as the importer chose; one registered in another community
 * is left alone and reported.
 */
export type DuplicatePolicy = 'skip' | 'update';

export const ELSEWHERE_MESSAGE = {
  zh: '此人已登记在其他社区，未导入（请由该社区办理迁出后再导入）',
  en: 'This person is registered in another community; not imported (that community records the move first)',
};

export interface WriteContext {
  communityId: number;
  personal: PersonalCipher;
  userId: number;
  now: Date;
  today: string;
  duplicates: DuplicatePolicy;
  households: HouseholdIndex;
}

export interface BatchOutcome {
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  problems: RowProblem[];
  /** Households this batch created, for the index once the batch is committed. */
  newHouseholds: { id: number; nodeId: number; householdNo: string | null; door: string | null }[];
}

const householdKey = (d: PersonDraft) => (d.householdNo ? `no:${d.householdNo}` : `${d.place.id}|${d.door}`);

export async function writeBatch(tx: DbOrTx, drafts: PersonDraft[], w: WriteContext): Promise<BatchOutcome> {
  const out: BatchOutcome = { created: 0, updated: 0, skipped: 0, failed: 0, problems: [], newHouseholds: [] };
  const hashes = drafts.flatMap((d) => (d.id ? [d.id.hash] : []));
  const existing = new Map<string, { id: number; communityId: number | null; householdId: number | null }>();
  if (hashes.length > 0) {
    const rows = await tx
      .select({ id: persons.id, idHash: persons.idHash, communityId: persons.communityId, householdId: persons.householdId })
      .from(persons)
      .where(inArray(persons.idHash, hashes));
    for (const r of rows) existing.set(r.idHash!, r);
  }

  const toCreate: PersonDraft[] = [];
  const toUpdate: { draft: PersonDraft; person: { id: number; householdId: number | null } }[] = [];
  for (const d of drafts) {
    const found = d.id ? existing.get(d.id.hash) : undefined;
    if (!found) {
      toCreate.push(d);
    } else if (found.communityId !== null && found.communityId !== w.communityId) {
      out.failed++;
      out.problems.push({ row: d.row, column: '身份证号', level: 'error', message: ELSEWHERE_MESSAGE });
    } else if (w.duplicates === 'skip') {
      out.skipped++;
      out.problems.push({ row: d.row, column: '身份证号', level: 'skipped', message: { zh: '此人已在登记中（身份证号相同），已跳过', en: 'This person is already registered (same ID number); skipped' } });
    } else {
      toUpdate.push({ draft: d, person: found });
    }
  }

  const householdOf = await ensureHouseholds(tx, [...toCreate, ...toUpdate.map((u) => u.draft)], w, out);

  if (toCreate.length > 0) {
    const created = await tx
      .insert(persons)
      .values(toCreate.map((d) => personValues(d, householdOf.get(householdKey(d))!, w)))
      .returning({ id: persons.id });
    const ids = created.map((r) => r.id);
    await tx.insert(residences).values(
      toCreate.map((d, i) => ({
        personId: ids[i]!,
        householdId: householdOf.get(householdKey(d))!,
        relation: d.relation,
        movedInOn: w.today,
        movedInReason: 'moved_in' as const,
        note: '批量导入',
        recordedBy: w.userId,
        createdAt: w.now,
      })),
    );
    const tagRows = toCreate.flatMap((d, i) => d.tagIds.map((tagId) => ({ personId: ids[i]!, tagId, addedBy: w.userId, addedAt: w.now })));
    if (tagRows.length > 0) await tx.insert(personTags).values(tagRows);
    out.created += toCreate.length;
  }

  for (const { draft, person } of toUpdate) {
    await updatePerson(tx, draft, person, householdOf.get(householdKey(draft))!, w);
    out.updated++;
    out.problems.push({ row: draft.row, column: '身份证号', level: 'updated', message: { zh: '此人已在登记中（身份证号相同），已按表格更新', en: 'This person was already registered (same ID number); updated from the sheet' } });
  }
  return out;
}

async function ensureHouseholds(tx: DbOrTx, drafts: PersonDraft[], w: WriteContext, out: BatchOutcome): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const missing = new Map<string, PersonDraft>();
  for (const d of drafts) {
    const key = householdKey(d);
    if (ids.has(key) || missing.has(key)) continue;
    const found = w.households.find(d.place.id, d.householdNo, d.door);
    if (found !== undefined) ids.set(key, found);
    else missing.set(key, d);
  }
  if (missing.size === 0) return ids;
  const fresh = [...missing.entries()];
  const rows = await tx
    .insert(households)
    .values(
      fresh.map(([, d]) => ({
        nodeId: d.place.id,
        gridId: d.place.gridId,
        communityId: w.communityId,
        householdNo: d.householdNo,
        door: d.door,
        namePinyin: pinyinKeys(d.name).full,
        createdAt: w.now,
        updatedAt: w.now,
      })),
    )
    .returning({ id: households.id });
  fresh.forEach(([key, d], i) => {
    ids.set(key, rows[i]!.id);
    out.newHouseholds.push({ id: rows[i]!.id, nodeId: d.place.id, householdNo: d.householdNo, door: d.door });
  });
  return ids;
}

function personValues(d: PersonDraft, householdId: number, w: WriteContext) {
  const keys = pinyinKeys(d.name);
  const sealed = d.id ? w.personal.seal(d.id.normalized) : null;
  return {
    name: d.name,
    namePinyin: keys.full,
    nameInitials: keys.initials,
    gender: d.gender,
    birthDate: d.birthDate,
    ethnicity: d.ethnicity,
    idKind: d.id ? ('resident_id' as const) : null,
    idCipher: sealed?.cipher ?? null,
    idKeyId: sealed?.keyId ?? null,
    idHash: d.id?.hash ?? null,
    idLast4: d.id ? d.id.normalized.slice(-4) : null,
    mobile: d.mobile,
    registeredAddress: d.registeredAddress,
    livingStatus: d.livingStatus,
    householdId,
    relation: d.relation,
    gridId: d.place.gridId,
    communityId: w.communityId,
    note: d.note,
    createdBy: w.userId,
    createdAt: w.now,
    updatedAt: w.now,
  };
}

/**
 * The sheet's values over the record's — only those the row gives; an empty cell keeps what the registry has. A
 * change of household closes the open stay and opens one here.
 */
async function updatePerson(tx: DbOrTx, d: PersonDraft, person: { id: number; householdId: number | null }, householdId: number, w: WriteContext) {
  const v = personValues(d, householdId, w);
  await tx
    .update(persons)
    .set({
      name: v.name,
      namePinyin: v.namePinyin,
      nameInitials: v.nameInitials,
      ...(d.given.gender ? { gender: v.gender } : {}),
      ...(d.birthDate ? { birthDate: d.birthDate } : {}),
      ...(d.ethnicity ? { ethnicity: d.ethnicity } : {}),
      ...(d.mobile ? { mobile: d.mobile } : {}),
      ...(d.registeredAddress ? { registeredAddress: d.registeredAddress } : {}),
      ...(d.note ? { note: d.note } : {}),
      ...(d.given.livingStatus ? { livingStatus: v.livingStatus } : {}),
      ...(d.relation ? { relation: d.relation } : {}),
      householdId,
      gridId: v.gridId,
      communityId: w.communityId,
      updatedAt: w.now,
    })
    .where(eq(persons.id, person.id));
  if (person.householdId !== householdId) {
    if (person.householdId !== null) {
      await tx
        .update(residences)
        .set({ movedOutOn: w.today, movedOutReason: 'moved_within' })
        .where(and(eq(residences.personId, person.id), isNull(residences.movedOutOn)));
    }
    await tx.insert(residences).values({
      personId: person.id,
      householdId,
      relation: d.relation,
      movedInOn: w.today,
      movedInReason: person.householdId === null ? 'moved_in' : 'moved_within',
      note: '批量导入',
      recordedBy: w.userId,
      createdAt: w.now,
    });
  }
  if (d.tagIds.length > 0) {
    await tx
      .insert(personTags)
      .values(d.tagIds.map((tagId) => ({ personId: person.id, tagId, addedBy: w.userId, addedAt: w.now })))
      .onConflictDoNothing();
  }
}
