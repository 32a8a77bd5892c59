import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client.js';
import { persons, residences, type Gender, type IdKind, type LivingStatus, type MoveReason, type Relation } from '../../db/schema/registry.js';
import { inCommunitiesOf, inSubtrees } from '../../platform/access.js';

/** SQL of persons and their stays (residences). Never selects the ID cipher except for the audited full view. */

export interface PersonRow {
  id: number;
  name: string;
  namePinyin: string;
  gender: Gender;
  birthDate: string | null;
  ethnicity: string | null;
  idKind: IdKind | null;
  idLast4: string | null;
  hasId: boolean;
  mobile: string | null;
  registeredAddress: string | null;
  livingStatus: LivingStatus;
  awayNote: string | null;
  householdId: number | null;
  relation: Relation | null;
  gridId: number | null;
  communityId: number | null;
  userId: number | null;
  note: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** The household's node, or (after moving out) the grid or community the person left. */
  nodeId: number;
  nodePath: string;
  door: string | null;
  householdAddress: string | null;
}

const PERSON_COLUMNS = sql`p.id, p.name, p.name_pinyin as "namePinyin", p.gender, p.birth_date::text as "birthDate", p.ethnicity,
  p.id_kind as "idKind", p.id_last4 as "idLast4", (p.id_hash is not null) as "hasId", p.mobile,
  p.registered_address as "registeredAddress", p.living_status as "livingStatus", p.away_note as "awayNote",
  p.household_id as "householdId", p.relation, p.grid_id as "gridId", p.community_id as "communityId", p.user_id as "userId",
  p.note, p.created_at as "createdAt", p.updated_at as "updatedAt", pn.id as "nodeId", pn.path::text as "nodePath",
  h.door, h.address as "householdAddress"`;

const PERSON_FROM = sql`persons p
  left join households h on h.id = p.household_id
  join org_nodes pn on pn.id = coalesce(h.node_id, p.grid_id, p.community_id)`;

function fix(row: PersonRow): PersonRow {
  return { ...row, createdAt: new Date(row.createdAt), updatedAt: new Date(row.updatedAt) };
}

export async function loadPerson(db: DbOrTx, id: number, opts: { lock?: boolean } = {}): Promise<PersonRow | undefined> {
  const [row] = await queryRows<PersonRow>(db, sql`select ${PERSON_COLUMNS} from ${PERSON_FROM} where p.id = ${id} ${opts.lock ? sql`for update of p` : sql``}`);
  return row ? fix(row) : undefined;
}

export async function loadPersons(db: DbOrTx, ids: number[]): Promise<PersonRow[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<PersonRow>(db, sql`select ${PERSON_COLUMNS} from ${PERSON_FROM} where p.id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`);
  const byId = new Map(rows.map((r) => [r.id, fix(r)]));
  return ids.map((i) => byId.get(i)).filter((r): r is PersonRow => !!r);
}

export async function membersOf(db: DbOrTx, householdId: number): Promise<PersonRow[]> {
  const rows = await queryRows<PersonRow>(
    db,
    sql`select ${PERSON_COLUMNS} from ${PERSON_FROM} where p.household_id = ${householdId} order by (p.relation = 'head') desc nulls last, p.birth_date nulls last, p.id`,
  );
  return rows.map(fix);
}

export interface PersonSearch {
  /** Subtrees the caller may read (registry.read), already narrowed to nodeId when given. */
  paths: string[];
  q?: { text: string; idHash?: string; pinyin?: string; digits?: string };
  /** Each tag with the subtrees where the caller may see it. */
  tags: { tagId: number; paths: string[] }[];
  bornAfter?: string;
  bornOnOrBefore?: string;
  livingAlone?: boolean;
  livingStatus?: LivingStatus;
  movedOut: boolean;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function searchPersonIds(db: DbOrTx, f: PersonSearch, limit: number, offset: number): Promise<{ ids: number[]; total: number }> {
  // Start from the caller's communities (indexed), then keep the exact subtree test.
  const where: SQL[] = [inCommunitiesOf(sql`p.community_id`, f.paths), inSubtrees(sql`pn.path`, f.paths)];
  where.push(f.movedOut ? sql`p.household_id is null` : sql`p.household_id is not null`);
  if (f.q) {
    const like = `%${likeEscape(f.q.text)}%`;
    const any: SQL[] = [sql`p.name ilike ${like}`, sql`h.door ilike ${like}`, sql`h.address ilike ${like}`, sql`h.household_no = ${f.q.text}`];
    if (f.q.pinyin) {
      any.push(sql`p.name_pinyin like ${likeEscape(f.q.pinyin) + '%'}`, sql`p.name_initials like ${likeEscape(f.q.pinyin) + '%'}`);
    }
    if (f.q.idHash) any.push(sql`p.id_hash = ${f.q.idHash}`);
    if (f.q.digits?.length === 11) any.push(sql`p.mobile = ${f.q.digits}`);
    if (f.q.digits?.length === 4) any.push(sql`p.mobile like ${'%' + f.q.digits}`);
    where.push(sql`(${sql.join(any, sql` or `)})`);
  }
  for (const t of f.tags) {
    where.push(sql`exists (select 1 from person_tags pt where pt.person_id = p.id and pt.tag_id = ${t.tagId} and pt.removed_at is null)`);
    where.push(inSubtrees(sql`pn.path`, t.paths));
  }
  if (f.bornAfter) where.push(sql`p.birth_date > ${f.bornAfter}::date`);
  if (f.bornOnOrBefore) where.push(sql`p.birth_date <= ${f.bornOnOrBefore}::date`);
  if (f.livingStatus) where.push(sql`p.living_status = ${f.livingStatus}`);
  if (f.livingAlone !== undefined) {
    const alone = sql`(p.living_status = 'present' and p.household_id is not null and not exists (
      select 1 from persons o where o.household_id = p.household_id and o.id <> p.id and o.living_status = 'present'))`;
    where.push(f.livingAlone ? alone : sql`not ${alone}`);
  }
  const rows = await queryRows<{ id: number; total: number }>(
    db,
    sql`select p.id, count(*) over ()::int as total from ${PERSON_FROM}
        where ${sql.join(where, sql` and `)}
        order by p.community_id, p.household_id nulls last, (p.relation = 'head') desc nulls last, p.id
        limit ${limit} offset ${offset}`,
  );
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && offset > 0) {
    const [c] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${PERSON_FROM} where ${sql.join(where, sql` and `)}`);
    total = c?.n ?? 0;
  }
  return { ids: rows.map((r) => Number(r.id)), total: Number(total) };
}

export async function findByIdHash(db: DbOrTx, hash: string): Promise<PersonRow | undefined> {
  const [row] = await queryRows<{ id: number }>(db, sql`select id from persons where id_hash = ${hash}`);
  return row ? loadPerson(db, Number(row.id)) : undefined;
}

/** The sealed ID number: only for the audited full view. */
export async function sealedIdOf(db: DbOrTx, id: number): Promise<{ cipher: string; keyId: string } | null> {
  const [row] = await db.select({ cipher: persons.idCipher, keyId: persons.idKeyId }).from(persons).where(eq(persons.id, id));
  return row?.cipher && row.keyId ? { cipher: row.cipher, keyId: row.keyId } : null;
}

export type NewPerson = typeof persons.$inferInsert;

export async function insertPerson(db: DbOrTx, row: NewPerson): Promise<number> {
  const [r] = await db.insert(persons).values(row).returning({ id: persons.id });
  return r!.id;
}

export async function updatePerson(db: DbOrTx, id: number, patch: Partial<NewPerson>): Promise<void> {
  await db.update(persons).set(patch).where(eq(persons.id, id));
}

export interface ResidenceRow {
  id: number;
  personId: number;
  personName: string;
  householdId: number;
  householdNodeId: number;
  door: string | null;
  householdAddress: string | null;
  relation: Relation | null;
  movedInOn: string;
  movedInReason: MoveReason;
  movedOutOn: string | null;
  movedOutReason: MoveReason | null;
  movedOutTo: string | null;
  note: string | null;
}

const RESIDENCE_SELECT = sql`select r.id, r.person_id as "personId", p.name as "personName", r.household_id as "householdId",
  h.node_id as "householdNodeId", h.door, h.address as "householdAddress", r.relation, r.moved_in_on::text as "movedInOn",
  r.moved_in_reason as "movedInReason", r.moved_out_on::text as "movedOutOn", r.moved_out_reason as "movedOutReason",
  r.moved_out_to as "movedOutTo", r.note
  from residences r join persons p on p.id = r.person_id join households h on h.id = r.household_id`;

export async function historyOfPerson(db: DbOrTx, personId: number): Promise<ResidenceRow[]> {
  return queryRows<ResidenceRow>(db, sql`${RESIDENCE_SELECT} where r.person_id = ${personId} order by r.moved_in_on desc, r.id desc`);
}

export async function historyOfHousehold(db: DbOrTx, householdId: number): Promise<ResidenceRow[]> {
  return queryRows<ResidenceRow>(db, sql`${RESIDENCE_SELECT} where r.household_id = ${householdId} order by r.moved_in_on desc, r.id desc`);
}

export async function openResidence(db: DbOrTx, personId: number) {
  const [row] = await db
    .select()
    .from(residences)
    .where(and(eq(residences.personId, personId), isNull(residences.movedOutOn)));
  return row;
}

export async function insertResidence(db: DbOrTx, row: typeof residences.$inferInsert): Promise<void> {
  await db.insert(residences).values(row);
}

export async function closeResidence(db: DbOrTx, id: number, on: string, reason: MoveReason, to: string | null): Promise<void> {
  await db.update(residences).set({ movedOutOn: on, movedOutReason: reason, movedOutTo: to }).where(eq(residences.id, id));
}

export async function setResidenceRelation(db: DbOrTx, id: number, relation: Relation): Promise<void> {
  await db.update(residences).set({ relation }).where(eq(residences.id, id));
}
