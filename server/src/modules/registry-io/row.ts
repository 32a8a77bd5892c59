import type { Gender, LivingStatus, Relation } from '../../db/schema/registry.js';
import type { Message } from '../../platform/errors.js';
import { parseResidentId } from '../../platform/idNumber.js';
import type { PersonalCipher } from '../../platform/personalCrypto.js';
import { cellText, type Cell } from '../requests/import/columns.js';
import { FIELD_LABELS, type ColumnMapping, type RegistryField } from './fields.js';
import type { CommunityPlaces, PlaceNode, TagRef } from './places.js';
import { placeKey, readDate, readEthnicity, readGender, readLivingStatus, readPhone, readRelation, type Read } from './values.js';

/** One row of the sheet checked and turned into what the registry stores; the ID number only as hash and plain for sealing. */
export interface PersonDraft {
  row: number;
  name: string;
  gender: Gender;
  birthDate: string | null;
  ethnicity: string | null;
  /** The normalised resident ID number (sealed when written, never stored plain) and its keyed hash. */
  id: { normalized: string; hash: string } | null;
  mobile: string | null;
  relation: Relation | null;
  registeredAddress: string | null;
  livingStatus: LivingStatus;
  /** Which of the optional values the row gave (an update keeps the record's value for the others). */
  given: { gender: boolean; livingStatus: boolean };
  note: string | null;
  place: PlaceNode;
  householdNo: string | null;
  door: string | null;
  tagIds: number[];
}

export type ProblemLevel = 'error' | 'warning' | 'skipped' | 'updated';

export interface RowProblem {
  row: number;
  /** The column's header label ('' for the row as a whole). */
  column: string;
  level: ProblemLevel;
  message: Message;
}

export interface RowContext {
  mapping: ColumnMapping;
  places: CommunityPlaces;
  community: PlaceNode;
  /** Tags the importer may see, by name, English name and code. */
  tags: Map<string, TagRef>;
  personal: PersonalCipher;
  today: string;
}

const LIMITS: Partial<Record<RegistryField, number>> = { name: 50, ethnicity: 20, registeredAddress: 200, note: 500, door: 30, householdNo: 30, building: 50, unit: 30 };

export function checkRow(cells: Cell[], rowNumber: number, c: RowContext): { draft: PersonDraft | null; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const problem = (field: RegistryField | '', level: ProblemLevel, message: Message) => problems.push({ row: rowNumber, column: field ? FIELD_LABELS[field].zh : '', level, message });
  const raw = (f: RegistryField): Cell | undefined => {
    const i = c.mapping[f];
    return i === undefined ? undefined : cells[i];
  };
  const text = (f: RegistryField): string => {
    const value = cellText(raw(f));
    const limit = LIMITS[f];
    if (limit && value.length > limit) {
      problem(f, 'error', { zh: `${FIELD_LABELS[f].zh}超过 ${limit} 个字`, en: `The ${FIELD_LABELS[f].en} is longer than ${limit} characters` });
      return '';
    }
    return value;
  };
  const read = <T>(f: RegistryField, r: Read<T>, fallback: T): T => {
    if ('value' in r) return r.value;
    problem(f, 'error', r.problem);
    return fallback;
  };

  const name = text('name');
  if (!name) problem('name', 'error', { zh: '缺少姓名', en: 'The name is missing' });
  let gender = read('gender', readGender(text('gender')), null);
  let birthDate = read('birthDate', readDate(raw('birthDate'), c.today), null);
  let id: PersonDraft['id'] = null;
  const idText = cellText(raw('idNumber'));
  if (idText) {
    const parsed = parseResidentId(idText, new Date(`${c.today}T00:00:00Z`));
    if (!parsed.ok) {
      const why = {
        format: { zh: '身份证号应为 18 位（最后一位可为 X）；若在 Excel 中显示为科学计数法，请把该列设为文本后重新填写', en: 'An ID number has 18 characters (the last may be X); if Excel shows it in scientific notation, format the column as text and enter it again' },
        birth_date: { zh: '身份证号中的出生日期不存在', en: 'The date of birth inside the ID number does not exist' },
        checksum: { zh: '身份证号校验位不正确（可能有错字）', en: 'The ID number’s check character is wrong (a typo?)' },
      }[parsed.problem];
      problem('idNumber', 'error', why);
    } else {
      id = { normalized: parsed.facts.normalized, hash: c.personal.hash(parsed.facts.normalized) };
      if (gender && gender !== 'unknown' && gender !== parsed.facts.gender) {
        problem('gender', 'warning', { zh: '性别与身份证号不一致，已按身份证号', en: 'The gender does not match the ID number; the ID number’s is used' });
      }
      gender = parsed.facts.gender;
      if (birthDate && birthDate !== parsed.facts.birthDate) {
        problem('birthDate', 'warning', { zh: '出生日期与身份证号不一致，已按身份证号', en: 'The date of birth does not match the ID number; the ID number’s is used' });
      }
      birthDate = parsed.facts.birthDate;
    }
  }
  const phone = read('mobile', readPhone(text('mobile')), { mobile: null, landline: null });
  const mobile = phone.mobile;
  if (phone.landline) problem('mobile', 'warning', { zh: `“${phone.landline}”是固定电话，已写入备注`, en: `"${phone.landline}" is a landline; kept in the note` });
  const relationText = text('relation');
  let relation: Relation | null = null;
  const relationRead = readRelation(relationText);
  if ('value' in relationRead) relation = relationRead.value;
  else problem('relation', 'warning', { zh: `${relationRead.problem.zh}，已留空`, en: `${relationRead.problem.en}; left empty` });
  const livingStatus = read('livingStatus', readLivingStatus(text('livingStatus')), 'present');

  const householdNo = text('householdNo') || null;
  const door = text('door') || null;
  const place = resolvePlace(text('building'), text('unit'), householdNo, door, c, problem);

  const tagIds: number[] = [];
  for (const word of text('tags').split(/[,，、;；/\s]+/).filter(Boolean)) {
    const tag = c.tags.get(word) ?? c.tags.get(word.toLowerCase());
    if (tag) {
      if (!tagIds.includes(tag.id)) tagIds.push(tag.id);
    } else {
      problem('tags', 'warning', { zh: `标签“${word}”不是本社区可用的关怀标签，未添加`, en: `"${word}" is not a care tag available here; not added` });
    }
  }

  const registeredAddress = text('registeredAddress') || null;
  const ethnicityRead = readEthnicity(text('ethnicity'));
  const ethnicity = 'value' in ethnicityRead ? ethnicityRead.value : null;
  if ('problem' in ethnicityRead) problem('ethnicity', 'warning', ethnicityRead.problem);
  const noteText = text('note');
  const note = [noteText, phone.landline ? `电话 ${phone.landline}` : ''].filter(Boolean).join('；') || null;
  if (problems.some((p) => p.level === 'error') || !place) return { draft: null, problems };
  return {
    problems,
    draft: { row: rowNumber, name, gender: gender ?? 'unknown', birthDate, ethnicity, id, mobile, relation, registeredAddress, livingStatus, note, place, householdNo, door, tagIds, given: { gender: gender !== null, livingStatus: text('livingStatus') !== '' } },
  };
}

/**
 * The place of the row's household: the unit of 楼栋 + 单元, or the building when there is no 单元 column value;
 * without either, the community itself (a village or gacha household known by its 户号).
 */
function resolvePlace(
  buildingText: string,
  unitText: string,
  householdNo: string | null,
  door: string | null,
  c: RowContext,
  problem: (field: RegistryField | '', level: ProblemLevel, message: Message) => void,
): PlaceNode | null {
  if (!buildingText) {
    if (unitText) {
      problem('building', 'error', { zh: '填了单元但没有楼栋', en: 'A unit is given without its building' });
      return null;
    }
    if (!householdNo) {
      problem('building', 'error', { zh: '缺少住址：请填写楼栋、单元、门牌，或户号', en: 'No address: give the building, unit and door, or the household number' });
      return null;
    }
    return c.community;
  }
  const building = c.places.buildings.get(buildingText.replace(/\s+/g, '')) ?? c.places.buildings.get(placeKey(buildingText));
  if (!building) {
    problem('building', 'error', { zh: `本社区没有楼栋“${buildingText}”（请先在组织架构中建好楼栋和单元）`, en: `The community has no building "${buildingText}" (add buildings and units to the org tree first)` });
    return null;
  }
  let node: PlaceNode = building;
  if (unitText) {
    const unit = building.units.get(unitText.replace(/\s+/g, '')) ?? building.units.get(placeKey(unitText));
    if (!unit) {
      problem('unit', 'error', { zh: `楼栋“${buildingText}”没有单元“${unitText}”`, en: `Building "${buildingText}" has no unit "${unitText}"` });
      return null;
    }
    node = unit;
  }
  if (!door && !householdNo) {
    problem('door', 'error', { zh: '缺少门牌（或户号）', en: 'The door (or household number) is missing' });
    return null;
  }
  return { id: node.id, gridId: node.gridId };
}
