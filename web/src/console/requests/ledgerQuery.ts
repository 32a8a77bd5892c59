import type { LedgerFilter, LedgerSort, RequestChannel, RequestPriority, RequestStatus } from '@/shared/api/requestsApi';

export type TriState = 'any' | 'yes' | 'no';

/** The ledger's filter bar as the page holds it. */
export interface LedgerForm {
  nodeId: number | null;
  categoryId: number | null;
  status: RequestStatus[];
  channel: RequestChannel[];
  priority: RequestPriority[];
  /** Whole days, YYYY-MM-DD, inclusive. */
  range: [string, string] | null;
  overdue: TriState;
  escalated: TriState;
  q: string;
  sort: LedgerSort;
  order: 'asc' | 'desc' | null;
}

export const MAX_OFFSET = 10_000;

export function emptyLedgerForm(): LedgerForm {
  return { nodeId: null, categoryId: null, status: [], channel: [], priority: [], range: null, overdue: 'any', escalated: 'any', q: '', sort: 'received', order: null };
}

const tri = (value: TriState): boolean | undefined => (value === 'any' ? undefined : value === 'yes');

/**
 * What the server receives, for the list and for the export alike: empty filters left out (not sent as "" or []),
 * the node defaulting to the one the console is looking at.
 */
export function toFilter(form: LedgerForm, currentNodeId: number | null): LedgerFilter {
  const filter: LedgerFilter = { sort: form.sort };
  const nodeId = form.nodeId ?? currentNodeId;
  if (nodeId !== null) filter.nodeId = nodeId;
  if (form.categoryId !== null) filter.categoryId = form.categoryId;
  if (form.status.length) filter.status = [...form.status];
  if (form.channel.length) filter.channel = [...form.channel];
  if (form.priority.length) filter.priority = [...form.priority];
  if (form.range) {
    filter.from = form.range[0];
    filter.to = form.range[1];
  }
  const overdue = tri(form.overdue);
  if (overdue !== undefined) filter.overdue = overdue;
  const escalated = tri(form.escalated);
  if (escalated !== undefined) filter.escalated = escalated;
  const q = form.q.trim();
  if (q) filter.q = q.slice(0, 100);
  if (form.order) filter.order = form.order;
  return filter;
}

/** Page numbers the server can serve by offset (it stops at 10,000 rows; narrow the filter beyond). */
export function maxPage(total: number, size: number): number {
  return Math.max(1, Math.ceil(Math.min(total, MAX_OFFSET) / size));
}

/** Progress of an export, 0–100, with an empty export counting as done. */
export function exportPercent(rowsDone: number, rowsTotal: number, status: string): number {
  if (status === 'done') return 100;
  if (rowsTotal <= 0) return 0;
  return Math.min(99, Math.floor((rowsDone / rowsTotal) * 100));
}
