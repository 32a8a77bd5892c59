import { aliasedTable, and, asc, count, eq, gt, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { orgNodes } from '../../db/schema/org.js';
import { households, persons, personTags, type Gender, type IdKind, type LivingStatus, type Relation } from '../../db/schema/registry.js';

/** Persons living in households under a node, with the filters of the registry list, read page by page by id. */
export interface ExportFilter {
  nodePath: string;
  tagId?: number;
  livingStatus?: LivingStatus[];
  /** Born on or before this day (age ≥ ageMin). */
  bornOnOrBefore?: string;
  /** Born after this day (age ≤ ageMax). */
  bornAfter?: string;
}

const parent = aliasedTable(orgNodes, 'parent_node');

function where(f: ExportFilter): SQL {
  const parts: (SQL | undefined)[] = [
    sql`${orgNodes.path} <@ ${f.nodePath}::ltree`,
    f.livingStatus && f.livingStatus.length > 0 ? inArray(persons.livingStatus, f.livingStatus) : undefined,
    f.bornOnOrBefore ? lte(persons.birthDate, f.bornOnOrBefore) : undefined,
    f.bornAfter ? gt(persons.birthDate, f.bornAfter) : undefined,
    f.tagId !== undefined
      ? sql`exists (select 1 from ${personTags} where ${personTags.personId} = ${persons.id} and ${personTags.tagId} = ${f.tagId} and ${personTags.removedAt} is null)`
      : undefined,
  ];
  return and(...parts)!;
}

export async function countPersons(db: DbOrTx, f: ExportFilter): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(persons)
    .innerJoin(households, eq(households.id, persons.householdId))
    .innerJoin(orgNodes, eq(orgNodes.id, households.nodeId))
    .where(where(f));
  return row?.n ?? 0;
}

export interface ExportPerson {
  id: number;
  name: string;
  gender: Gender;
  ethnicity: string | null;
  birthDate: string | null;
  idCipher: string | null;
  idKeyId: string | null;
  idLast4: string | null;
  idKind: IdKind | null;
  mobile: string | null;
  relation: Relation | null;
  registeredAddress: string | null;
  livingStatus: LivingStatus;
  note: string | null;
  door: string | null;
  householdNo: string | null;
  nodeKind: string;
  nodeName: string;
  parentName: string | null;
}

export async function personPage(db: DbOrTx, f: ExportFilter, afterId: number, limit: number): Promise<ExportPerson[]> {
  return db
    .select({
      id: persons.id,
      name: persons.name,
      gender: persons.gender,
      ethnicity: persons.ethnicity,
      birthDate: persons.birthDate,
      idCipher: persons.idCipher,
      idKeyId: persons.idKeyId,
      idLast4: persons.idLast4,
      idKind: persons.idKind,
      mobile: persons.mobile,
      relation: persons.relation,
      registeredAddress: persons.registeredAddress,
      livingStatus: persons.livingStatus,
      note: persons.note,
      door: households.door,
      householdNo: households.householdNo,
      nodeKind: orgNodes.kind,
      nodeName: orgNodes.name,
      parentName: parent.name,
    })
    .from(persons)
    .innerJoin(households, eq(households.id, persons.householdId))
    .innerJoin(orgNodes, eq(orgNodes.id, households.nodeId))
    .leftJoin(parent, eq(parent.id, orgNodes.parentId))
    .where(and(where(f), gt(persons.id, afterId)))
    .orderBy(asc(persons.id))
    .limit(limit);
}

/** Open tags of these persons among the given tag ids. */
export async function tagsOf(db: DbOrTx, personIds: number[], tagIds: number[]): Promise<{ personId: number; tagId: number }[]> {
  if (personIds.length === 0 || tagIds.length === 0) return [];
  return db
    .select({ personId: personTags.personId, tagId: personTags.tagId })
    .from(personTags)
    .where(and(inArray(personTags.personId, personIds), inArray(personTags.tagId, tagIds), isNull(personTags.removedAt)));
}
