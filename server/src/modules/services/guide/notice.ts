import type { ServiceItemCategory, ServiceMaterial, ServiceMode } from '../../../db/schema/services.js';

/**
 * The one-time complete notice 一次性告知 of a service item: everything a resident needs to know before coming, in
 * one printable sheet, built from the item's fields (so it never disagrees with the guide). Pure: no database.
 * Each section has a stable key (the pages translate headings by key) and its lines in Chinese, the language of the
 * printed notice.
 */
export interface NoticeItem {
  name: string;
  category: ServiceItemCategory;
  eligibility: string;
  materials: ServiceMaterial[];
  legalBasis: string;
  feeCents: number;
  feeNote: string;
  timeLimitDays: number;
  modes: ServiceMode[];
  process: string;
  notice: string;
}

export interface NoticeWindow {
  centerName: string;
  number: number;
  name: string;
}

export const NOTICE_SECTION_KEYS = ['eligibility', 'materials', 'modes', 'process', 'time_limit', 'fee', 'windows', 'legal_basis', 'notice'] as const;
export type NoticeSectionKey = (typeof NOTICE_SECTION_KEYS)[number];

export interface NoticeSection {
  key: NoticeSectionKey;
  heading: string;
  lines: string[];
}

export interface CompleteNotice {
  title: string;
  sections: NoticeSection[];
}

export const MODE_LABELS: Record<ServiceMode, string> = {
  on_the_spot: '马上办（窗口即时办理）',
  online: '线上办（网上或掌上办理）',
  by_appointment: '预约办（预约时段到窗口办理）',
  at_home: '上门办（工作人员上门办理）',
  on_behalf: '帮办代办（工作人员代为办理）',
};

const FORM_LABELS: Record<ServiceMaterial['form'], string> = {
  original: '原件',
  copy: '复印件',
  original_and_copy: '原件及复印件',
  electronic: '电子材料',
};

/** "原件1份", "原件及复印件2份", "电子材料". */
export function materialForm(m: Pick<ServiceMaterial, 'form' | 'copies'>): string {
  if (m.form === 'electronic') return FORM_LABELS.electronic;
  return `${FORM_LABELS[m.form]}${m.copies}份`;
}

/** "免费（不收费）" or "20.00元（…）". */
export function feeText(feeCents: number, feeNote: string): string {
  const base = feeCents === 0 ? '不收费' : `${(feeCents / 100).toFixed(2)}元`;
  const note = feeNote.trim();
  return note ? `${base}（${note}）` : base;
}

/** "即时办结" or "5个工作日". */
export function timeLimitText(days: number): string {
  return days === 0 ? '即时办结' : `${days}个工作日`;
}

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);

export function completeNotice(item: NoticeItem, windows: NoticeWindow[] = []): CompleteNotice {
  const sections: NoticeSection[] = [];
  const add = (key: NoticeSectionKey, heading: string, body: string[]) => {
    if (body.length > 0) sections.push({ key, heading, lines: body });
  };
  add('eligibility', '服务对象及申请条件', lines(item.eligibility));
  add(
    'materials',
    '申请材料',
    item.materials.map((m, i) => {
      const parts = [materialForm(m), m.required ? '必需' : '视情况提供'];
      if (m.source?.trim()) parts.push(`来源：${m.source.trim()}`);
      if (m.note?.trim()) parts.push(m.note.trim());
      return `${i + 1}. ${m.name}（${parts.join('；')}）`;
    }),
  );
  add('modes', '办理方式', item.modes.map((m) => MODE_LABELS[m]));
  add('process', '办理流程', lines(item.process).map((l, i) => (/^\d+[.、．]/.test(l) ? l : `${i + 1}. ${l}`)));
  add('time_limit', '承诺时限', [timeLimitText(item.timeLimitDays)]);
  add('fee', '收费标准', [feeText(item.feeCents, item.feeNote)]);
  add(
    'windows',
    '办理窗口',
    windows.map((w) => `${w.centerName} ${w.number}号窗口（${w.name}）`),
  );
  add('legal_basis', '设定依据', lines(item.legalBasis));
  add('notice', '特别提示', lines(item.notice));
  return { title: `“${item.name}”一次性告知书`, sections };
}
