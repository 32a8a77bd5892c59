import type { Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import { loadNodeOverrides, loadWorkCalendar } from '../../platform/calendar.js';
import { parseDay } from '../../platform/calendarDays.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import * as policy from './calendar.policy.js';
import * as repo from './calendar.repo.js';
import type { DaysQuery, OverridesQuery, PutOverrideBody, WorkingTimeBetweenQuery, WorkingTimeQuery } from './calendar.schema.js';

/** The longest day list one request may ask for. */
export const MAX_DAYS_RANGE = 366;

/** The node, if the caller can see it (404 otherwise: never reveal that it exists). */
async function visibleNode(ctx: AppContext, principal: Principal, nodeId: number) {
  const node = await repo.findNode(ctx.db, nodeId);
  if (!node) throw errors.notFound();
  policy.assertCanRead(principal, node.path);
  return node;
}

function checkRange(from: string, to: string, maxDays?: number): void {
  const first = parseDay(from);
  const last = parseDay(to);
  if (last < first) {
    throw errors.badRequest('invalid_range', `结束日期 ${to} 早于开始日期 ${from}`, `The end date ${to} is before the start date ${from}`, {
      from,
      to,
    });
  }
  if (maxDays !== undefined && last - first + 1 > maxDays) {
    throw errors.badRequest(
      'range_too_long',
      `日期范围最多 ${maxDays} 天`,
      `The date range may span at most ${maxDays} days`,
      { from, to, maxDays },
    );
  }
}

function instant(value: string, field: string): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) {
    throw errors.badRequest('invalid_instant', `${field} 不是有效的时间`, `${field} is not a valid point in time`, { field, value });
  }
  return at;
}

export async function days(ctx: AppContext, principal: Principal, query: DaysQuery) {
  checkRange(query.from, query.to, MAX_DAYS_RANGE);
  await visibleNode(ctx, principal, query.nodeId);
  const calendar = await loadWorkCalendar(ctx.db, query.nodeId);
  return { items: calendar.days(query.from, query.to) };
}

export async function listOverrides(ctx: AppContext, principal: Principal, query: OverridesQuery) {
  if (query.from && query.to) checkRange(query.from, query.to);
  const node = await visibleNode(ctx, principal, query.nodeId);
  const rows = await loadNodeOverrides(ctx.db, node.id, { from: query.from, to: query.to });
  // Rows come deepest first within a day: the first of each day is the one that decides it.
  const decided = new Set<string>();
  const items = rows.map((o) => {
    const effective = !decided.has(o.day);
    decided.add(o.day);
    return {
      id: o.id,
      day: o.day,
      kind: o.kind,
      note: o.note,
      node: { id: o.orgNodeId, name: o.nodeName, kind: o.nodeKind },
      inherited: o.orgNodeId !== node.id,
      effective,
      createdAt: o.createdAt.toISOString(),
      actions: policy.overrideActions(principal, o.nodePath),
    };
  });
  return { items, actions: policy.calendarActions(principal, node.path) };
}

export async function putOverride(ctx: AppContext, principal: Principal, actor: ActorContext, body: PutOverrideBody) {
  parseDay(body.day);
  const node = await repo.findNode(ctx.db, body.nodeId);
  if (!node) throw errors.notFound();
  policy.assertCanManage(principal, node.path);
  const now = ctx.clock.now();
  const note = body.note?.trim() || null;
  const row = await ctx.db.transaction(async (tx) => {
    const previous = await repo.findOverrideForUpdate(tx, node.id, body.day);
    const saved = await repo.upsertOverride(tx, {
      orgNodeId: node.id,
      day: body.day,
      kind: body.kind,
      note,
      createdBy: principal.userId,
      createdAt: now,
    });
    await recordAudit(tx, actor, now, {
      action: previous ? 'calendar.override_update' : 'calendar.override_create',
      objectType: 'calendar_override',
      objectId: saved.id,
      orgNodeId: node.id,
      details: { day: body.day, kind: body.kind, note, ...(previous ? { previous: { kind: previous.kind, note: previous.note } } : {}) },
    });
    return saved;
  });
  return {
    id: row.id,
    day: row.day,
    kind: row.kind,
    note: row.note,
    node: { id: node.id, name: node.name, kind: node.kind },
    inherited: false,
    effective: true,
    createdAt: row.createdAt.toISOString(),
    actions: policy.overrideActions(principal, node.path),
  };
}

export async function deleteOverride(ctx: AppContext, principal: Principal, actor: ActorContext, id: number) {
  const found = await repo.findOverrideWithNode(ctx.db, id);
  if (!found) throw errors.notFound();
  policy.assertCanManage(principal, found.nodePath);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    if (!(await repo.deleteOverride(tx, id))) throw errors.notFound();
    await recordAudit(tx, actor, now, {
      action: 'calendar.override_delete',
      objectType: 'calendar_override',
      objectId: id,
      orgNodeId: found.orgNodeId,
      details: { day: found.day, kind: found.kind, note: found.note },
    });
  });
}

export async function workingTime(ctx: AppContext, principal: Principal, query: WorkingTimeQuery) {
  const start = instant(query.start, 'start');
  await visibleNode(ctx, principal, query.nodeId);
  const calendar = await loadWorkCalendar(ctx.db, query.nodeId);
  const deadline = calendar.addWorkingTime(start, query.minutes);
  return { deadline: deadline.toISOString(), estimated: calendar.estimatedBetween(start, deadline) };
}

export async function workingTimeBetween(ctx: AppContext, principal: Principal, query: WorkingTimeBetweenQuery) {
  const from = instant(query.from, 'from');
  const to = instant(query.to, 'to');
  await visibleNode(ctx, principal, query.nodeId);
  const calendar = await loadWorkCalendar(ctx.db, query.nodeId);
  return { minutes: calendar.workingTimeBetween(from, to), estimated: calendar.estimatedBetween(from, to) };
}
