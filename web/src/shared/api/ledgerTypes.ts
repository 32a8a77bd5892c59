/** The ledger 台账 and its .xlsx export (server/src/modules/requests/ledger.schema.ts). */
import type { RequestChannel, RequestPriority, RequestStatus, Satisfaction } from './requestTypes';

export const LEDGER_SORTS = ['received', 'deadline', 'status'] as const;
export type LedgerSort = (typeof LEDGER_SORTS)[number];

/** The filters shared by the list and the export. */
export interface LedgerFilter {
  nodeId?: number;
  categoryId?: number;
  status?: RequestStatus[];
  channel?: RequestChannel[];
  priority?: RequestPriority[];
  /** A day (YYYY-MM-DD, a whole day in China time) or an instant. */
  from?: string;
  to?: string;
  overdue?: boolean;
  escalated?: boolean;
  /** Number, words of the text, or the pinyin of the reporter's name. */
  q?: string;
  sort: LedgerSort;
  order?: 'asc' | 'desc';
}

export interface LedgerQuery extends LedgerFilter {
  limit: number;
  offset: number;
  cursor?: string;
}

export interface LedgerItem {
  id: number;
  number: string;
  channel: string;
  status: string;
  priority: string;
  title: string;
  content: string;
  category: { id: number; code: string; name: string; nameEn: string; parentName: string | null; parentNameEn: string | null } | null;
  orgNode: { id: number; name: string };
  address: string | null;
  /** Masked. */
  reporterName: string | null;
  reporterPhone: string | null;
  assigneeUser: { id: number; displayName: string } | null;
  assigneeNode: { id: number; name: string } | null;
  receivedAt: string;
  responseDueAt: string;
  resolutionDueAt: string;
  respondedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  /** The note of the latest resolution (办理结果). */
  result: string | null;
  followUp: { at: string | null; solved: boolean | null; satisfaction: Satisfaction | null; noReply: boolean } | null;
  escalated: boolean;
  /** Resolved after, or still open past, the resolution deadline. */
  overdue: boolean;
  /** A deadline was counted over a year whose holiday schedule is not entered yet (预计): it may move. */
  deadlineEstimated: boolean;
}

export interface LedgerPage {
  items: LedgerItem[];
  /** Counted up to 10,000. */
  total: number;
  totalCapped: boolean;
  nextCursor: string | null;
}

export interface LedgerExport {
  id: string;
  status: 'running' | 'done' | 'failed';
  rowsDone: number;
  rowsTotal: number;
  createdAt: string;
  finishedAt: string | null;
  fileName: string;
  error: { zh: string; en: string } | null;
}

/** A 12345 hotline work-order import running in the background (server/src/modules/requests/import.schema.ts). */
export interface HotlineImport {
  id: string;
  status: 'running' | 'done' | 'failed';
  rowsDone: number;
  /** Data rows in the file (0 until counted). */
  rowsTotal: number;
  created: number;
  /** Work orders imported before (same 工单编号). */
  skipped: number;
  failed: number;
  warnings: number;
  createdAt: string;
  finishedAt: string | null;
  fileName: string;
  error: { zh: string; en: string } | null;
  /** The per-row problem report (.xlsx), once finished, when there were problems. */
  reportUrl: string | null;
}
