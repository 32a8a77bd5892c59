import type { RequestPriority } from '../../../db/schema/requests.js';
import { SHANGHAI_OFFSET_MS } from '../../../platform/calendarDays.js';
import type { Message } from '../../../platform/errors.js';

/**
 * The columns of a 12345 hotline work-order sheet, with the header variants the hotline systems and offices use.
 * Headers are compared after dropping spaces, asterisks, colons and anything in brackets ("联系电话（手机）").
 */
export const IMPORT_FIELDS = ['externalRef', 'receivedAt', 'reporterName', 'reporterPhone', 'content', 'address', 'category', 'priority'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const FIELD_HEADERS: Record<ImportField, { label: string; en: string; aliases: string[]; required: boolean }> = {
  externalRef: {
    label: '工单编号',
    en: 'work-order number',
    aliases: ['工单编号', '工单号', '工单编码', '编号', '受理编号', '热线编号', '来电编号', '单号', '工单id', 'orderno', 'ticket', 'ref'],
    required: true,
  },
  receivedAt: {
    label: '来电时间',
    en: 'time of call',
    aliases: ['来电时间', '来电日期', '受理时间', '登记时间', '接收时间', '派单时间', '时间', 'calltime', 'receivedat'],
    required: true,
  },
  reporterName: { label: '来电人', en: 'caller', aliases: ['来电人', '来电人姓名', '联系人', '诉求人', '反映人', '姓名', '市民姓名', 'caller', 'name'], required: false },
  reporterPhone: {
    label: '联系电话',
    en: 'phone',
    aliases: ['联系电话', '来电号码', '电话', '手机', '手机号', '手机号码', '联系方式', '来电电话', 'phone'],
    required: false,
  },
  content: {
    label: '诉求内容',
    en: 'content',
    aliases: ['诉求内容', '内容', '工单内容', '问题描述', '诉求描述', '来电内容', '反映内容', '诉求详情', 'content', 'description'],
    required: true,
  },
  address: { label: '地址', en: 'address', aliases: ['地址', '诉求地址', '事发地址', '事发地点', '详细地址', '问题地址', '发生地址', 'address'], required: false },
  category: {
    label: '类别',
    en: 'category',
    aliases: ['类别', '诉求类别', '问题类别', '分类', '工单类别', '问题分类', '诉求分类', '业务类别', 'category'],
    required: false,
  },
  priority: { label: '紧急程度', en: 'urgency', aliases: ['紧急程度', '紧急', '优先级', '缓急程度', '紧急度', 'priority', 'urgency'], required: false },
};

export type Cell = string | number | Date | null;

export function normalizeHeader(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/[（(【[].*?[）)】\]]/g, '')
    .replace(/[\s*＊:：_\-.]/g, '')
    .toLowerCase();
}

const aliasIndex = new Map<string, ImportField>();
for (const field of IMPORT_FIELDS) for (const alias of FIELD_HEADERS[field].aliases) aliasIndex.set(normalizeHeader(alias), field);

/** Column index of each known field in a header row; the first column wins when two name the same field. */
export function mapHeader(cells: Cell[]): Map<ImportField, number> {
  const found = new Map<ImportField, number>();
  cells.forEach((cell, i) => {
    const field = cell === null ? undefined : aliasIndex.get(normalizeHeader(String(cell)));
    if (field && !found.has(field)) found.set(field, i);
  });
  return found;
}

export function missingRequired(mapped: Map<ImportField, number>): ImportField[] {
  return IMPORT_FIELDS.filter((f) => FIELD_HEADERS[f].required && !mapped.has(f));
}

export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString();
  // Long numbers typed into Excel (work-order numbers, phones) come back as numbers; write them out in full.
  if (typeof cell === 'number') return Number.isInteger(cell) ? cell.toFixed(0) : String(cell);
  return cell.replace(/\u00a0/g, ' ').trim();
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * 来电时间 as an instant. Excel date cells hold China wall-clock time (exceljs hands them over as if UTC);
 * unformatted cells hold the serial day number; text may be "2026-03-02 09:15", "2026/3/2 9:15:00",
 * "2026年3月2日 9时15分" or ISO with a zone. No zone means China time. Null when unreadable.
 */
export function parseCallTime(cell: Cell | undefined): Date | null {
  if (cell === null || cell === undefined || cell === '') return null;
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : new Date(cell.getTime() - SHANGHAI_OFFSET_MS);
  if (typeof cell === 'number') {
    if (cell < 20_000 || cell > 80_000) return null;
    return new Date(Math.round(EXCEL_EPOCH_MS + cell * 86_400_000) - SHANGHAI_OFFSET_MS);
  }
  const text = cell.trim();
  if (/[zZ]$|[+-]\d{2}:?\d{2}$/.test(text) && /^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const at = new Date(text);
    return Number.isNaN(at.getTime()) ? null : at;
  }
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+(\d{1,2})\s*[:时]\s*(\d{1,2})(?:\s*[:分]\s*(\d{1,2}))?\s*[秒分]?)?$/.exec(text);
  if (!m) return null;
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1).map((v) => v ?? undefined) as string[];
  const parts = [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s)] as const;
  const wall = Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5]);
  const check = new Date(wall);
  if (check.getUTCMonth() !== parts[1] - 1 || check.getUTCDate() !== parts[2] || parts[3] > 23 || parts[4] > 59 || parts[5] > 59) return null;
  return new Date(wall - SHANGHAI_OFFSET_MS);
}

const PRIORITY_WORDS: [RegExp, RequestPriority][] = [
  [/^(特急|特别紧急|加急|紧急|急|urgent)$/i, 'urgent'],
  [/^(一般|普通|正常|常规|非紧急|ordinary|normal)$/i, 'ordinary'],
  [/^(复杂|疑难|complex)$/i, 'complex'],
];

/** 紧急程度: empty is ordinary; unknown words are a row error (undefined). */
export function parsePriority(text: string): RequestPriority | undefined {
  if (!text) return 'ordinary';
  return PRIORITY_WORDS.find(([re]) => re.test(text.trim()))?.[1];
}

/** One problem found in a row, for the report. */
export interface RowProblem {
  row: number;
  ref: string;
  /** The column's header label, or '' for the row as a whole. */
  column: string;
  level: 'error' | 'warning' | 'skipped';
  message: Message;
}
