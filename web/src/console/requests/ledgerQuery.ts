import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import { LEDGER_SORTS, REQUEST_STATUSES, type LedgerFilter, type LedgerSort, type RequestChannel, type RequestPriority, type RequestStatus } from '@/shared/api/requestsApi';

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
  /** Resolution deadline on this day (YYYY-MM-DD): set by the home page's "due today" link, not by the filter bar. */
  dueOn: string | null;
  q: string;
  sort: LedgerSort;
  order: 'asc' | 'desc' | null;
}

export const MAX_OFFSET = 10_000;

export function emptyLedgerForm(): LedgerForm {
  return { nodeId: null, categoryId: null, status: [], channel: [], priority: [], range: null, overdue: 'any', escalated: 'any', dueOn: null, q: '', sort: 'received', order: null };
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
  if (form.dueOn) filter.dueOn = form.dueOn;
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

/** The filter a home-page count was computed with (server/src/modules/home), as the server sends it. */
export interface LedgerLink {
  nodeId: number;
  status: RequestStatus[];
  overdue?: boolean;
  escalated?: boolean;
  dueOn?: string;
  sort: LedgerSort;
}

/** The ledger's address for a link: /console/requests/ledger?nodeId=…&status=…&overdue=yes&sort=deadline. */
export function ledgerLocation(link: LedgerLink): { name: string; query: LocationQueryRaw } {
  const query: LocationQueryRaw = { nodeId: String(link.nodeId), status: [...link.status], sort: link.sort };
  if (link.overdue !== undefined) query.overdue = link.overdue ? 'yes' : 'no';
  if (link.escalated !== undefined) query.escalated = link.escalated ? 'yes' : 'no';
  if (link.dueOn) query.dueOn = link.dueOn;
  return { name: 'requests-ledger', query };
}

const list = (value: LocationQuery[string] | undefined): string[] => (Array.isArray(value) ? value : value == null ? [] : [value]).filter((v): v is string => typeof v === 'string');
const one = (value: LocationQuery[string] | undefined): string | undefined => list(value)[0];
const triOf = (value: string | undefined): TriState => (value === 'yes' || value === 'no' ? value : 'any');

/** The ledger form for an address made by ledgerLocation; null when the address carries no filter. */
export function formFromQuery(query: LocationQuery): LedgerForm | null {
  if (Object.keys(query).length === 0) return null;
  const form = emptyLedgerForm();
  const nodeId = Number(one(query.nodeId));
  if (Number.isInteger(nodeId) && nodeId > 0) form.nodeId = nodeId;
  form.status = list(query.status).filter((s): s is RequestStatus => (REQUEST_STATUSES as readonly string[]).includes(s));
  form.overdue = triOf(one(query.overdue));
  form.escalated = triOf(one(query.escalated));
  const dueOn = one(query.dueOn);
  if (dueOn && /^\d{4}-\d{2}-\d{2}$/.test(dueOn)) form.dueOn = dueOn;
  const sort = one(query.sort);
  if (sort && (LEDGER_SORTS as readonly string[]).includes(sort)) form.sort = sort as LedgerSort;
  return form;
}
