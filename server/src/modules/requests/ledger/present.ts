import type { RequestChannel, RequestPriority, RequestStatus, Satisfaction } from '../../../db/schema/requests.js';
import { SHANGHAI_OFFSET_MS } from '../../../platform/calendarDays.js';
import type { Message } from '../../../platform/errors.js';
import { maskMobile, maskName } from '../../../platform/masking.js';
import type { LedgerRow } from './repo.js';
import type { LedgerItem } from './schema.js';
import { STATUS_LABELS } from '../workflow/transitions.js';

export const CHANNEL_LABELS: Record<RequestChannel, Message> = {
  resident: { zh: '居民上报', en: 'Resident' },
  staff: { zh: '代为登记', en: 'Entered by staff' },
  patrol: { zh: '网格巡查', en: 'Grid patrol' },
  building_leader: { zh: '楼栋长上报', en: 'Building leader' },
  mobile_grid_worker: { zh: '移动网格员', en: 'Mobile grid worker' },
  hotline: { zh: '12345热线', en: 'Hotline 12345' },
  open311: { zh: '第三方平台', en: 'Partner app (Open311)' },
};

export const PRIORITY_LABELS: Record<RequestPriority, Message> = {
  urgent: { zh: '紧急', en: 'urgent' },
  ordinary: { zh: '一般', en: 'ordinary' },
  complex: { zh: '复杂', en: 'complex' },
};

export const SATISFACTION_LABELS: Record<Satisfaction, Message> = {
  satisfied: { zh: '满意', en: 'satisfied' },
  basically_satisfied: { zh: '基本满意', en: 'basically satisfied' },
  unsatisfied: { zh: '不满意', en: 'unsatisfied' },
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** 承办人: who resolved it (from the timeline), else the person it is assigned to. */
function handlerOf(row: LedgerRow): { id: number; displayName: string } | null {
  if (row.handlerUserId !== null && row.handlerUserId !== undefined) return { id: Number(row.handlerUserId), displayName: row.handlerName ?? '' };
  return row.assigneeUserId === null ? null : { id: row.assigneeUserId, displayName: row.assigneeUserName ?? '' };
}

export function presentLedgerRow(row: LedgerRow): LedgerItem {
  const answered = row.followUpAt !== null || row.closeReason === 'no_reply';
  return {
    id: Number(row.id),
    number: row.number,
    channel: row.channel,
    status: row.status,
    priority: row.priority,
    title: row.title,
    content: row.content,
    category:
      row.categoryId === null || row.categoryName === null
        ? null
        : {
            id: row.categoryId,
            code: row.categoryCode ?? '',
            name: row.categoryName,
            nameEn: row.categoryNameEn ?? '',
            parentName: row.parentCategoryName,
            parentNameEn: row.parentCategoryNameEn,
          },
    orgNode: { id: row.orgNodeId, name: row.orgNodeName },
    address: row.address,
    reporterName: maskName(row.reporterName),
    reporterPhone: maskMobile(row.reporterPhone),
    assigneeUser: handlerOf(row),
    assigneeNode: row.assigneeNodeId === null ? null : { id: row.assigneeNodeId, name: row.assigneeNodeName ?? '' },
    receivedAt: row.receivedAt.toISOString(),
    responseDueAt: row.responseDueAt.toISOString(),
    resolutionDueAt: row.resolutionDueAt.toISOString(),
    respondedAt: iso(row.respondedAt),
    resolvedAt: iso(row.resolvedAt),
    closedAt: iso(row.closedAt),
    result: row.result,
    followUp: answered
      ? { at: iso(row.followUpAt), solved: row.followUpSolved, satisfaction: row.satisfaction, noReply: row.closeReason === 'no_reply' }
      : null,
    escalated: row.escalatedAt !== null,
    overdue: Boolean(row.overdue),
    deadlineEstimated: row.deadlineEstimated,
  };
}

/** 回访情况 as offices write it. */
export function followUpText(row: LedgerRow): string {
  if (row.closeReason === 'no_reply') return '未回复（超时结案）';
  if (row.closeReason === 'no_reporter') return '无需回访（无诉求人）';
  if (row.followUpAt !== null) {
    const solved = row.followUpSolved === null ? '' : row.followUpSolved ? '：已解决' : '：未解决';
    return `已回访${solved}${row.followUpComment ? `（${row.followUpComment}）` : ''}`;
  }
  if (row.status === 'resolved') return '待回访';
  return '';
}

/**
 * Excel has no time zones: a cell holds the wall-clock time. Shift the instant so the cell shows China time.
 */
export function excelChinaTime(at: Date | null): Date | null {
  return at ? new Date(at.getTime() + SHANGHAI_OFFSET_MS) : null;
}

export interface LedgerColumn {
  header: string;
  key: string;
  width: number;
  date?: boolean;
  value: (row: LedgerRow) => string | Date | null;
}

const categoryText = (row: LedgerRow) =>
  row.categoryName === null ? '' : row.parentCategoryName ? `${row.parentCategoryName}/${row.categoryName}` : row.categoryName;

/** The ledger's columns in the order offices file them. */
export const LEDGER_COLUMNS: LedgerColumn[] = [
  { header: '编号', key: 'number', width: 20, value: (r) => r.number },
  { header: '受理时间', key: 'receivedAt', width: 18, date: true, value: (r) => excelChinaTime(r.receivedAt) },
  { header: '渠道', key: 'channel', width: 12, value: (r) => CHANNEL_LABELS[r.channel].zh },
  { header: '诉求人', key: 'reporterName', width: 10, value: (r) => maskName(r.reporterName) },
  { header: '联系电话', key: 'reporterPhone', width: 14, value: (r) => maskMobile(r.reporterPhone) },
  { header: '地址', key: 'address', width: 30, value: (r) => r.address },
  { header: '类别', key: 'category', width: 18, value: categoryText },
  { header: '诉求内容', key: 'content', width: 50, value: (r) => r.content },
  { header: '承办单位', key: 'assigneeNode', width: 18, value: (r) => r.assigneeNodeName ?? r.orgNodeName },
  { header: '承办人', key: 'assigneeUser', width: 10, value: (r) => handlerOf(r)?.displayName ?? '' },
  { header: '响应时限', key: 'responseDueAt', width: 18, date: true, value: (r) => excelChinaTime(r.responseDueAt) },
  { header: '办结时限', key: 'resolutionDueAt', width: 18, date: true, value: (r) => excelChinaTime(r.resolutionDueAt) },
  { header: '办结时间', key: 'resolvedAt', width: 18, date: true, value: (r) => excelChinaTime(r.resolvedAt) },
  { header: '办理状态', key: 'status', width: 10, value: (r) => STATUS_LABELS[r.status as RequestStatus].zh },
  { header: '办理结果', key: 'result', width: 30, value: (r) => r.result ?? '' },
  { header: '回访情况', key: 'followUp', width: 18, value: followUpText },
  { header: '满意度', key: 'satisfaction', width: 10, value: (r) => (r.satisfaction ? SATISFACTION_LABELS[r.satisfaction].zh : '') },
  { header: '是否超期', key: 'overdue', width: 10, value: (r) => (r.overdue ? '是' : '否') },
];
