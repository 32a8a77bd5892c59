import { parseDay, weekdayOf } from '../../platform/calendarDays.js';
import { errors } from '../../platform/errors.js';
import type { SpecialDay, SpecialDayKind } from '../../platform/nationalCalendar.js';

/**
 * Reading and checking a year's holidays and make-up workdays, from the form or from a small file. Every problem
 * is a 400 with a stable code, saying where (the form's item or the file's line) and what is wrong, in Chinese
 * and English. Pure: no I/O.
 */

/** Most notices list 25–40 days; a file far longer is not a holiday schedule. */
export const MAX_SPECIAL_DAYS = 120;

export interface RawDay {
  date: string;
  kind: string;
  name: string;
  nameEn?: string | null;
}

/** Where a day came from, for the message: the form's n-th day or the file's line n. */
interface Where {
  zh: string;
  en: string;
  details: { index: number } | { line: number };
}
const formItem = (i: number): Where => ({ zh: `第 ${i + 1} 项`, en: `item ${i + 1}`, details: { index: i } });
const fileLine = (line: number): Where => ({ zh: `第 ${line} 行`, en: `line ${line}`, details: { line } });

const KIND_WORDS: Record<string, SpecialDayKind> = {
  holiday: 'holiday',
  rest: 'holiday',
  休: 'holiday',
  假: 'holiday',
  放假: 'holiday',
  workday: 'workday',
  work: 'workday',
  班: 'workday',
  上班: 'workday',
  补班: 'workday',
  调休上班: 'workday',
};

function bad(code: string, where: Where, zh: string, en: string, value?: unknown) {
  return errors.badRequest(code, `${where.zh}：${zh}`, `${where.en[0]!.toUpperCase()}${where.en.slice(1)}: ${en}`, {
    ...where.details,
    ...(value === undefined ? {} : { value }),
  });
}

function checkOne(year: number, raw: RawDay, where: Where): SpecialDay {
  const date = raw.date.trim();
  let day: number;
  try {
    day = parseDay(date);
  } catch {
    throw bad('calendar_day_invalid', where, `日期“${date}”无效，应为 YYYY-MM-DD`, `"${date}" is not a date written YYYY-MM-DD`, date);
  }
  if (Number(date.slice(0, 4)) !== year) {
    throw bad('calendar_day_outside_year', where, `${date} 不在 ${year} 年内`, `${date} is not in ${year}`, date);
  }
  const kind = KIND_WORDS[raw.kind.trim().toLowerCase()];
  if (!kind) {
    throw bad(
      'calendar_day_kind_invalid',
      where,
      `类型“${raw.kind}”无效，应为 holiday（放假）或 workday（调休上班）`,
      `"${raw.kind}" is not a kind: write holiday or workday`,
      raw.kind,
    );
  }
  const weekday = weekdayOf(day);
  if (kind === 'workday' && weekday !== 0 && weekday !== 6) {
    throw bad(
      'calendar_workday_not_weekend',
      where,
      `${date} 是工作日，调休上班日应为周六或周日`,
      `${date} is a weekday already; a make-up workday falls on a Saturday or Sunday`,
      date,
    );
  }
  const name = raw.name.trim();
  if (!name || name.length > 20) {
    throw bad('calendar_day_name_invalid', where, '请填写节日名称（不超过 20 个字）', 'Give the holiday a name (at most 20 characters)', raw.name);
  }
  const nameEn = raw.nameEn?.trim() || null;
  if (nameEn && nameEn.length > 60) {
    throw bad('calendar_day_name_invalid', where, '英文名称不超过 60 个字符', 'The English name is at most 60 characters', nameEn);
  }
  return { date, kind, name, nameEn };
}

function checkAll(year: number, raws: readonly RawDay[], whereOf: (i: number) => Where): SpecialDay[] {
  if (raws.length === 0) {
    throw errors.badRequest('calendar_year_empty', `${year} 年没有录入任何放假或调休上班日`, `No holidays or make-up workdays given for ${year}`, {
      year,
    });
  }
  if (raws.length > MAX_SPECIAL_DAYS) {
    throw errors.badRequest(
      'calendar_year_too_many_days',
      `一年最多录入 ${MAX_SPECIAL_DAYS} 天`,
      `At most ${MAX_SPECIAL_DAYS} days can be entered for a year`,
      { year, count: raws.length, max: MAX_SPECIAL_DAYS },
    );
  }
  const seen = new Map<string, number>();
  const out: SpecialDay[] = [];
  raws.forEach((raw, i) => {
    const where = whereOf(i);
    const day = checkOne(year, raw, where);
    const first = seen.get(day.date);
    if (first !== undefined) {
      const firstWhere = whereOf(first);
      throw bad('calendar_day_duplicate', where, `${day.date} 与${firstWhere.zh}重复`, `${day.date} is already given at ${firstWhere.en}`, day.date);
    }
    seen.set(day.date, i);
    out.push(day);
  });
  return out.sort((a, b) => a.date.localeCompare(b.date));
}

/** The days typed in the form, checked; sorted by date. */
export function checkFormDays(year: number, days: readonly RawDay[]): SpecialDay[] {
  return checkAll(year, days, formItem);
}

function importError(zh: string, en: string, details?: Record<string, unknown>) {
  return errors.badRequest('calendar_import_invalid', zh, en, details);
}

/** One CSV field: trimmed, surrounding double quotes removed. */
function field(value: string | undefined): string {
  const v = (value ?? '').trim();
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1).replace(/""/g, '"').trim() : v;
}

/**
 * CSV, one day per line: date,kind,name[,nameEn]. A header line (日期/date…) is skipped, as are blank lines and
 * lines starting with #. Commas, Chinese commas (，) and tabs separate fields; a name cannot contain them.
 */
function readCsv(year: number, content: string): SpecialDay[] {
  const rows: { line: number; raw: RawDay }[] = [];
  content.split(/\r\n|\n|\r/).forEach((text, i) => {
    const line = i + 1;
    if (!text.trim() || text.trim().startsWith('#')) return;
    const cells = text.split(/[,，\t]/).map((c) => field(c));
    if (rows.length === 0 && !/^\d/.test(cells[0] ?? '') && /date|日期/i.test(cells[0] ?? '')) return;
    if (cells.length < 3) {
      throw importError(
        `第 ${line} 行：应有 日期,类型,名称[,英文名称] 三到四列`,
        `Line ${line}: expected date,kind,name[,nameEn]`,
        { line },
      );
    }
    rows.push({ line, raw: { date: cells[0]!, kind: cells[1]!, name: cells[2]!, nameEn: cells[3] || null } });
  });
  return checkAll(
    year,
    rows.map((r) => r.raw),
    (i) => fileLine(rows[i]!.line),
  );
}

function readJson(year: number, content: string): SpecialDay[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    throw importError('文件不是有效的 JSON', 'The file is not valid JSON');
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { days?: unknown } | null)?.days;
  if (!Array.isArray(list)) {
    throw importError('JSON 应为日期数组，或含 days 数组的对象', 'The JSON must be an array of days, or an object with a "days" array');
  }
  const raws = list.map((item: unknown, i): RawDay => {
    const o = (item ?? {}) as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
    if (typeof item !== 'object' || item === null || typeof o.date !== 'string') {
      throw importError(`第 ${i + 1} 项：应为含 date、kind、name 的对象`, `Item ${i + 1}: expected an object with date, kind and name`, {
        index: i,
      });
    }
    return { date: o.date, kind: text(o.kind), name: text(o.name), nameEn: text(o.nameEn) || null };
  });
  return checkAll(year, raws, formItem);
}

/** A small file's days, checked: JSON when the name ends .json or the text starts with [ or {, CSV otherwise. */
export function readImportFile(year: number, fileName: string, content: string): SpecialDay[] {
  const text = content.replace(/^\uFEFF/, '');
  const json = /\.json$/i.test(fileName) || (!/\.csv$/i.test(fileName) && /^\s*[[{]/.test(text));
  return json ? readJson(year, text) : readCsv(year, text);
}
