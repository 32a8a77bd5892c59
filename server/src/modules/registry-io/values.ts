import type { Gender, LivingStatus, Relation } from '../../db/schema/registry.js';
import type { Message } from '../../platform/errors.js';
import type { Cell } from '../requests/import/columns.js';
import { ETHNICITIES } from '../registry/ethnicities.js';

/**
 * Reading the cells of a registry sheet: dates in every usual spelling, 男/女, 与户主关系 words, 在住/外出, and
 * phone numbers. Each reader answers the value or a problem in both languages.
 */
export type Read<T> = { value: T } | { problem: Message };

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

function validDay(y: number, m: number, d: number): string | null {
  const at = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || at.getUTCFullYear() !== y || at.getUTCMonth() !== m - 1 || at.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * 出生日期: an Excel date cell (exceljs gives wall-clock midnight as UTC), a serial day number, or text such as
 * 1950-03-02, 1950/3/2, 1950.3.2, 1950年3月2日, 19500302. Never after `today`.
 */
export function readDate(cell: Cell | undefined, today: string): Read<string | null> {
  if (cell === null || cell === undefined || cell === '') return { value: null };
  let day: string | null = null;
  if (cell instanceof Date) {
    day = Number.isNaN(cell.getTime()) ? null : validDay(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate());
  } else if (typeof cell === 'number') {
    if (cell >= 1 && cell < 80_000 && Number.isInteger(cell)) {
      const at = new Date(EXCEL_EPOCH_MS + cell * 86_400_000);
      day = validDay(at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate());
    } else if (/^\d{8}$/.test(String(cell))) {
      const s = String(cell);
      day = validDay(Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6, 8)));
    }
  } else {
    const text = cell.trim();
    const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+[\d:]+)?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
    if (m) day = validDay(Number(m[1]), Number(m[2]), Number(m[3]));
  }
  const shown = cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell);
  if (!day) return { problem: { zh: `无法识别的日期“${shown}”，请写成 1950-03-02 这样的格式`, en: `Unreadable date "${shown}"; write it like 1950-03-02` } };
  if (day > today) return { problem: { zh: `出生日期“${day}”晚于今天`, en: `The date of birth ${day} is after today` } };
  return { value: day };
}

export function readGender(text: string): Read<Gender | null> {
  if (!text) return { value: null };
  if (/^(男|男性|m|male)$/i.test(text)) return { value: 'male' };
  if (/^(女|女性|f|female)$/i.test(text)) return { value: 'female' };
  if (/^(未知|不详)$/.test(text)) return { value: 'unknown' };
  return { problem: { zh: `无法识别的性别“${text}”（可填：男、女）`, en: `Unknown gender "${text}" (use 男 or 女)` } };
}

const RELATION_WORDS: [RegExp, Relation][] = [
  [/^(户主|本人|head|self)$/i, 'head'],
  [/^(配偶|妻|夫|妻子|丈夫|爱人|老伴|spouse)$/i, 'spouse'],
  [/^(儿媳|女婿|媳妇)$/, 'child_in_law'],
  [/^(外?孙子?|外?孙女|孙辈|曾孙.*)$/, 'grandchild'],
  [/^((长|次|三|四|五|独生|养)?[子女]|儿子|女儿|子女|child)$/i, 'child'],
  [/^(公公|婆婆|岳父|岳母)$/, 'parent_in_law'],
  [/^(父亲|母亲|父|母|父母|parent)$/i, 'parent'],
  [/^(外?祖父|外?祖母|爷爷|奶奶|姥姥|姥爷|外公|外婆)$/, 'grandparent'],
  [/^(兄|弟|姐|妹|哥哥|弟弟|姐姐|妹妹|兄弟姐妹|兄弟|姐妹|sibling)$/i, 'sibling'],
  [/^(其他亲属|亲属|侄子|侄女|外甥|外甥女|叔|伯|姑|姨|舅)$/, 'other_relative'],
  [/^(非亲属|保姆|租客|租户|合租|借住|其他|other)$/i, 'non_relative'],
];

export function readRelation(text: string): Read<Relation | null> {
  if (!text) return { value: null };
  const found = RELATION_WORDS.find(([re]) => re.test(text))?.[1];
  if (found) return { value: found };
  return { problem: { zh: `无法识别的与户主关系“${text}”`, en: `Unknown relation to the head "${text}"` } };
}

/** 居住状态 or 是否外出: 是 means away, 否 means present (the question the column asks). */
export function readLivingStatus(text: string): Read<LivingStatus> {
  if (!text) return { value: 'present' };
  if (/^(在住|常住|实住|居住|在家|在|否|正常|present)$/i.test(text)) return { value: 'present' };
  if (/^(外出|是|外出务工|外地|不在住|离开|流出|away)$/i.test(text)) return { value: 'away' };
  if (/^(死亡|已故|去世|过世|注销|deceased)$/i.test(text)) return { value: 'deceased' };
  return { problem: { zh: `无法识别的居住状态“${text}”（可填：在住、外出、死亡）`, en: `Unknown living status "${text}" (use 在住, 外出 or 死亡)` } };
}

/**
 * 联系电话: the registry keeps a mobile (11 digits, as its own forms do); a landline with its area code is valid
 * too but goes to the note. Spaces and dashes inside are dropped.
 */
export function readPhone(text: string): Read<{ mobile: string | null; landline: string | null }> {
  if (!text) return { value: { mobile: null, landline: null } };
  const compact = text.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  if (/^1[3-9]\d{9}$/.test(compact)) return { value: { mobile: compact, landline: null } };
  if (/^0\d{9,11}$/.test(compact)) return { value: { mobile: null, landline: text.trim() } };
  return { problem: { zh: `电话号码“${text}”格式不正确`, en: `The phone number "${text}" is not valid` } };
}

/** 民族 by its full name from the registry's list ("汉" is "汉族"). */
export function readEthnicity(text: string): Read<string | null> {
  if (!text) return { value: null };
  const known = (ETHNICITIES as readonly string[]).includes(text) ? text : (ETHNICITIES as readonly string[]).includes(`${text}族`) ? `${text}族` : null;
  if (known) return { value: known };
  return { problem: { zh: `无法识别的民族“${text}”，已留空`, en: `Unknown ethnicity "${text}"; left empty` } };
}

/** 1号楼, 1栋, 1幢, 1#, 一号楼 and 1 are the same building; 1单元 and 1 the same unit. */
export function placeKey(text: string): string {
  const compact = text.replace(/\s+/g, '');
  const m = /^0*(\d+)(?:号楼|号|栋|幢|楼|#|单元)?$/.exec(compact);
  return m ? m[1]! : compact;
}
