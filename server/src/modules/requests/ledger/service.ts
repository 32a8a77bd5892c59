import type { Principal } from '../../../platform/access.js';
import type { AppContext } from '../../../platform/context.js';
import { errors } from '../../../platform/errors.js';
import { looksLikePinyin } from '../../../platform/pinyin.js';
import { parseBound } from '../../audit/audit.service.js';
import { ledgerScope } from './policy.js';
import { presentLedgerRow } from './present.js';
import * as repo from './repo.js';
import type { LedgerFilterInput, LedgerQuery } from './schema.js';

const DEFAULT_DIRECTION = { received: 'desc', deadline: 'asc', status: 'asc' } as const;

/** The caller's filter, checked and scoped: 404/403 for a node out of reach, 400 for bad dates or categories. */
export async function resolveFilter(ctx: AppContext, principal: Principal, input: LedgerFilterInput, now: Date): Promise<repo.LedgerFilter> {
  // null: no node filter; undefined: a node that does not exist (404 like one out of reach).
  const nodePath = input.nodeId === undefined ? null : await repo.findNodePath(ctx.db, input.nodeId);
  const scope = ledgerScope(principal, nodePath === null ? null : nodePath === undefined ? undefined : { path: nodePath });
  const from = input.from === undefined ? undefined : parseBound(input.from, 'from');
  const before = input.to === undefined ? undefined : parseBound(input.to, 'to');
  if (from && before && from >= before) {
    throw errors.badRequest('invalid_range', '开始时间须早于结束时间', 'from must be before to');
  }
  if (input.categoryId !== undefined && !(await repo.findCategory(ctx.db, input.categoryId))) {
    throw errors.badRequest('category_not_found', `没有编号为 ${input.categoryId} 的诉求类别`, `There is no request category ${input.categoryId}`);
  }
  const q = input.q?.trim();
  return {
    ...scope,
    categoryId: input.categoryId,
    statuses: input.status,
    channels: input.channel,
    priorities: input.priority,
    from,
    before,
    overdue: input.overdue,
    escalated: input.escalated,
    dueOn: input.dueOn === undefined ? undefined : { from: parseBound(input.dueOn, 'from'), before: parseBound(input.dueOn, 'to') },
    keyword: q ? { text: q, pinyin: looksLikePinyin(q) ? q.toLowerCase().replace(/[\s']+/g, '') : null } : undefined,
    now,
  };
}

export function orderOf(input: Pick<LedgerFilterInput, 'sort' | 'order'>): repo.LedgerOrder {
  return { sort: input.sort, direction: input.order ?? DEFAULT_DIRECTION[input.sort] };
}

interface CursorBody {
  s: string;
  d: string;
  k: string;
  i: number;
}

export function encodeCursor(order: repo.LedgerOrder, position: repo.LedgerPosition): string {
  const body: CursorBody = { s: order.sort, d: order.direction, k: position.key, i: position.id };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/** A timestamptz as PostgreSQL writes it in text, e.g. "2026-03-02 01:00:00.123+00". */
const PG_TIMESTAMPTZ = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;

/** Checks the fields too, so a tampered cursor is a 400 here rather than a database error. */
function isTimestampText(text: string): boolean {
  const m = PG_TIMESTAMPTZ.exec(text);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const at = new Date(Date.UTC(y, mo - 1, d));
  return at.getUTCFullYear() === y && at.getUTCMonth() === mo - 1 && at.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
}

const badCursor = () =>
  errors.badRequest('invalid_cursor', '翻页标记无效或与当前排序不符，请从第一页重新开始', 'The cursor is invalid or belongs to another sort order; start again from the first page');

export function decodeCursor(cursor: string, order: repo.LedgerOrder): repo.LedgerPosition {
  let body: Partial<CursorBody>;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorBody>;
  } catch {
    throw badCursor();
  }
  if (body.s !== order.sort || body.d !== order.direction || typeof body.k !== 'string' || !Number.isSafeInteger(body.i)) throw badCursor();
  const validKey = order.sort === 'status' ? /^\d{1,2}$/.test(body.k) : isTimestampText(body.k);
  if (!validKey) throw badCursor();
  return { key: body.k, id: body.i! };
}

/** Whether to read node by node (see repo.PER_NODE_BUDGET): received order and few nodes × rows. */
export async function readsPerNode(ctx: AppContext, filter: repo.LedgerFilter, order: repo.LedgerOrder, rows: number): Promise<boolean> {
  if (order.sort !== 'received' || rows > repo.PER_NODE_BUDGET) return false;
  const maxNodes = Math.floor(repo.PER_NODE_BUDGET / rows);
  return (await repo.scopeNodeCount(ctx.db, filter, maxNodes)) <= maxNodes;
}

export async function listLedger(ctx: AppContext, principal: Principal, query: LedgerQuery) {
  const filter = await resolveFilter(ctx, principal, query, ctx.clock.now());
  const order = orderOf(query);
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, order);
  const offset = after ? 0 : query.offset;
  const perNode = await readsPerNode(ctx, filter, order, query.limit + offset);
  const [{ rows, last }, counted] = await Promise.all([
    repo.ledgerPage(ctx.db, filter, order, { limit: query.limit, offset, after, perNode }),
    repo.countMatching(ctx.db, filter, repo.LEDGER_COUNT_CAP),
  ]);
  return {
    items: rows.map(presentLedgerRow),
    total: Math.min(counted, repo.LEDGER_COUNT_CAP),
    totalCapped: counted > repo.LEDGER_COUNT_CAP,
    nextCursor: rows.length === query.limit && last ? encodeCursor(order, last) : null,
  };
}
