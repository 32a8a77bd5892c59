import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx, type Tx } from '../../db/client.js';
import { orgNodes } from '../../db/schema/org.js';
import { activities, hourEntries, volunteers, type HourEntryStatus } from '../../db/schema/volunteers.js';
import { assertCan, inSubtrees, isUnder, scopePaths, type Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import { loadWorkCalendar } from '../../platform/calendar.js';
import { dayStartMs, parseDay, shanghaiDate } from '../../platform/calendarDays.js';
import type { AppContext } from '../../platform/context.js';
import { AppError, errors } from '../../platform/errors.js';
import { notify } from '../../platform/notifications.js';
import { roleHas } from '../../platform/roles.js';
import { outboxDispatcherOf } from '../notifications/notifications.dispatcher.js';
import { awardInTx } from '../points/awards.job.js';
import { findNode, iso, isoOrNull, MINUTE_MS, ownVolunteer, RECORD_WINDOW_WORKDAYS, type ActivityRow } from './common.js';

/**
 * Service hours 服务时长 (docs/adr/0023). Check-out writes a `record` entry (pending); the organiser confirms it,
 * alone or in bulk, or adjusts its minutes with a reason — an adjustment is a new `correction` entry (a signed
 * delta), never an edit. A record must be confirmed within 10 working days after the activity's date (the node's
 * work calendar); after that, confirming or creating it makes it awaiting_approval, and someone holding
 * volunteers.manage strictly above the entry's node approves it. `volunteers.confirmed_minutes` moves in the same
 * transaction as every entry that becomes confirmed.
 */

export type HourEntryRow = typeof hourEntries.$inferSelect;

/** The instant the record window of a service date closes: the closing of its 10th working day after it. */
export async function recordDeadline(db: DbOrTx, nodeId: number, serviceDate: string): Promise<Date> {
  const calendar = await loadWorkCalendar(db, nodeId);
  // The day of the activity itself is not counted (as for every "within n working days").
  return calendar.addWorkingDays(new Date(dayStartMs(parseDay(serviceDate)) + 12 * 3_600_000), RECORD_WINDOW_WORKDAYS);
}

async function isLate(db: DbOrTx, nodeId: number, serviceDate: string, now: Date): Promise<boolean> {
  return now.getTime() > (await recordDeadline(db, nodeId, serviceDate)).getTime();
}

/** Minutes from check-in to check-out, capped to the activity's window. */
export function actualMinutes(activity: Pick<ActivityRow, 'startsAt' | 'endsAt'>, checkedInAt: Date, checkedOutAt: Date): number {
  const from = Math.max(checkedInAt.getTime(), activity.startsAt.getTime());
  const to = Math.min(checkedOutAt.getTime(), activity.endsAt.getTime());
  return Math.max(0, Math.min(1440, Math.floor((to - from) / MINUTE_MS)));
}

export function plannedMinutes(activity: Pick<ActivityRow, 'startsAt' | 'endsAt'>): number {
  return Math.min(1440, Math.round((activity.endsAt.getTime() - activity.startsAt.getTime()) / MINUTE_MS));
}

/** The record entry of a check-out, in the check-out's transaction (one per sign-up: a unique index holds it). */
export async function writeRecordEntry(
  tx: Tx,
  input: { activity: ActivityRow; signupId: number; volunteerId: number; checkedInAt: Date; checkedOutAt: Date; flagged: boolean; recordedBy: number | null },
  now: Date,
): Promise<HourEntryRow | undefined> {
  const { activity } = input;
  const serviceDate = shanghaiDate(activity.startsAt);
  const status: HourEntryStatus = (await isLate(tx, activity.nodeId, serviceDate, now)) ? 'awaiting_approval' : 'pending';
  const [row] = await tx
    .insert(hourEntries)
    .values({
      volunteerId: input.volunteerId,
      activityId: activity.id,
      signupId: input.signupId,
      nodeId: activity.nodeId,
      communityId: activity.communityId,
      kind: 'record',
      serviceDate,
      plannedMinutes: plannedMinutes(activity),
      minutes: actualMinutes(activity, input.checkedInAt, input.checkedOutAt),
      content: activity.title,
      flagged: input.flagged,
      status,
      recordedBy: input.recordedBy,
      recordedAt: now,
    })
    .onConflictDoNothing()
    .returning();
  return row;
}

// ---------------------------------------------------------------- presenting

export interface PresentedEntry {
  id: number;
  kind: 'record' | 'correction';
  correctsId: number | null;
  volunteer: { id: number; name: string; volunteerNo: string };
  activity: { id: number; title: string } | null;
  nodeId: number;
  serviceDate: string;
  plannedMinutes: number | null;
  minutes: number;
  /** For a record: its minutes plus those of its corrections that are not rejected. */
  effectiveMinutes: number;
  content: string;
  reason: string | null;
  flagged: boolean;
  status: HourEntryStatus;
  recordedAt: string;
  decidedAt: string | null;
  /** The end of the 10-working-day window (records only). */
  deadline: string | null;
}

const entrySelect = {
  entry: hourEntries,
  volunteerName: volunteers.name,
  volunteerNo: volunteers.volunteerNo,
  activityTitle: activities.title,
  corrections: sql<number>`coalesce((select sum(c.minutes) from hour_entries c where c.corrects_id = ${hourEntries.id} and c.status <> 'rejected'), 0)::int`,
};

type EntryJoin = { entry: HourEntryRow; volunteerName: string; volunteerNo: string; activityTitle: string | null; corrections: number };

async function presentAll(db: DbOrTx, rows: EntryJoin[]): Promise<PresentedEntry[]> {
  const deadlines = new Map<string, string>();
  const out: PresentedEntry[] = [];
  for (const r of rows) {
    const e = r.entry;
    let deadline: string | null = null;
    if (e.kind === 'record') {
      const key = `${e.nodeId}:${e.serviceDate}`;
      if (!deadlines.has(key)) deadlines.set(key, iso(await recordDeadline(db, e.nodeId, e.serviceDate)));
      deadline = deadlines.get(key)!;
    }
    out.push({
      id: e.id,
      kind: e.kind,
      correctsId: e.correctsId,
      volunteer: { id: e.volunteerId, name: r.volunteerName, volunteerNo: r.volunteerNo },
      activity: e.activityId ? { id: e.activityId, title: r.activityTitle ?? '' } : null,
      nodeId: e.nodeId,
      serviceDate: e.serviceDate,
      plannedMinutes: e.plannedMinutes,
      minutes: e.minutes,
      effectiveMinutes: e.kind === 'record' ? e.minutes + Number(r.corrections) : e.minutes,
      content: e.content,
      reason: e.reason,
      flagged: e.flagged,
      status: e.status,
      recordedAt: iso(e.recordedAt),
      decidedAt: isoOrNull(e.decidedAt),
      deadline,
    });
  }
  return out;
}

function entryQuery(db: DbOrTx, where: SQL | undefined) {
  return db
    .select(entrySelect)
    .from(hourEntries)
    .innerJoin(volunteers, eq(volunteers.id, hourEntries.volunteerId))
    .leftJoin(activities, eq(activities.id, hourEntries.activityId))
    .innerJoin(orgNodes, eq(orgNodes.id, hourEntries.nodeId))
    .where(where);
}

// ---------------------------------------------------------------- lists

export interface EntryListQuery {
  nodeId?: number;
  activityId?: number;
  status?: HourEntryStatus;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

function filters(q: Omit<EntryListQuery, 'limit' | 'offset'>, nodePath: string | null): SQL[] {
  const where: SQL[] = [];
  if (nodePath) where.push(sql`${orgNodes.path} <@ ${nodePath}::ltree`);
  if (q.activityId) where.push(eq(hourEntries.activityId, q.activityId));
  if (q.status) where.push(eq(hourEntries.status, q.status));
  if (q.from) where.push(sql`${hourEntries.serviceDate} >= ${q.from}`);
  if (q.to) where.push(sql`${hourEntries.serviceDate} <= ${q.to}`);
  return where;
}

async function scopedNodePath(ctx: AppContext, principal: Principal, nodeId: number | undefined, permission: 'volunteers.read' | 'volunteers.manage') {
  if (!nodeId) return null;
  const node = await findNode(ctx.db, nodeId);
  if (!node) throw errors.notFound();
  assertCan(principal, permission, node.path);
  return node.path;
}

export async function listEntries(ctx: AppContext, principal: Principal, q: EntryListQuery) {
  const nodePath = await scopedNodePath(ctx, principal, q.nodeId, 'volunteers.read');
  const where = and(inSubtrees(orgNodes.path, scopePaths(principal, 'volunteers.read')), ...filters(q, nodePath));
  const [count] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(hourEntries)
    .innerJoin(orgNodes, eq(orgNodes.id, hourEntries.nodeId))
    .where(where);
  const rows = await entryQuery(ctx.db, where).orderBy(desc(hourEntries.serviceDate), asc(hourEntries.id)).limit(q.limit).offset(q.offset);
  return { total: count?.n ?? 0, items: await presentAll(ctx.db, rows) };
}

/** Awaiting approval, at nodes strictly below one where the caller holds volunteers.manage. */
export async function approvalQueue(ctx: AppContext, principal: Principal, q: { limit: number; offset: number }) {
  const paths = scopePaths(principal, 'volunteers.manage');
  const below = paths.length ? sql`not (${orgNodes.path} = any(array[${sql.join(paths.map((p) => sql`${p}::ltree`), sql`, `)}]))` : sql`false`;
  const where = and(inSubtrees(orgNodes.path, paths), below, eq(hourEntries.status, 'awaiting_approval'));
  const [count] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(hourEntries).innerJoin(orgNodes, eq(orgNodes.id, hourEntries.nodeId)).where(where);
  const rows = await entryQuery(ctx.db, where).orderBy(asc(hourEntries.serviceDate), asc(hourEntries.id)).limit(q.limit).offset(q.offset);
  return { total: count?.n ?? 0, items: await presentAll(ctx.db, rows) };
}

/** The signed-in volunteer's own entries and confirmed total. */
export async function myHours(ctx: AppContext, principal: Principal, q: { limit: number; offset: number }) {
  const volunteer = await ownVolunteer(ctx.db, principal);
  const where = eq(hourEntries.volunteerId, volunteer.id);
  const [count] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(hourEntries).where(where);
  const [pending] = await ctx.db
    .select({ n: sql<number>`coalesce(sum(${hourEntries.minutes}), 0)::int` })
    .from(hourEntries)
    .where(and(where, inArray(hourEntries.status, ['pending', 'awaiting_approval'])));
  const rows = await entryQuery(ctx.db, where).orderBy(desc(hourEntries.serviceDate), desc(hourEntries.id)).limit(q.limit).offset(q.offset);
  return {
    volunteer: { id: volunteer.id, name: volunteer.name, volunteerNo: volunteer.volunteerNo },
    confirmedMinutes: volunteer.confirmedMinutes,
    pendingMinutes: pending?.n ?? 0,
    total: count?.n ?? 0,
    items: await presentAll(ctx.db, rows),
  };
}

// ---------------------------------------------------------------- decisions

async function loadEntries(db: DbOrTx, ids: number[]) {
  return db
    .select({ entry: hourEntries, path: sql<string>`${orgNodes.path}::text` })
    .from(hourEntries)
    .innerJoin(orgNodes, eq(orgNodes.id, hourEntries.nodeId))
    .where(inArray(hourEntries.id, ids));
}

/** Move entries from one status to another, conditionally; add the confirmed minutes to each volunteer. */
async function moveEntries(tx: Tx, ids: number[], from: HourEntryStatus, to: HourEntryStatus, userId: number, now: Date): Promise<HourEntryRow[]> {
  if (ids.length === 0) return [];
  const moved = await tx
    .update(hourEntries)
    .set({ status: to, decidedBy: userId, decidedAt: now })
    .where(and(inArray(hourEntries.id, ids), eq(hourEntries.status, from)))
    .returning();
  if (to === 'confirmed') {
    await addConfirmed(tx, moved);
    // Points come with the hours, in the same transaction (the points job catches anything confirmed elsewhere).
    for (const row of moved) await awardInTx(tx, row, now);
  }
  return moved;
}

async function addConfirmed(tx: Tx, rows: HourEntryRow[]): Promise<void> {
  const byVolunteer = new Map<number, number>();
  for (const r of rows) byVolunteer.set(r.volunteerId, (byVolunteer.get(r.volunteerId) ?? 0) + r.minutes);
  for (const [volunteerId, minutes] of [...byVolunteer].sort((a, b) => a[0] - b[0])) {
    if (minutes !== 0) await tx.update(volunteers).set({ confirmedMinutes: sql`${volunteers.confirmedMinutes} + ${minutes}` }).where(eq(volunteers.id, volunteerId));
  }
}

async function correctionsOf(tx: DbOrTx, recordIds: number[], status: HourEntryStatus): Promise<number[]> {
  if (recordIds.length === 0) return [];
  const rows = await tx
    .select({ id: hourEntries.id })
    .from(hourEntries)
    .where(and(inArray(hourEntries.correctsId, recordIds), eq(hourEntries.status, status)));
  return rows.map((r) => r.id);
}

const notRecord = () => errors.badRequest('hour_entry_not_record', '只能对活动时长记录操作（更正随记录一起处理）', 'Only records can be decided (their corrections go with them)');

/**
 * Confirm records (and their pending corrections) as the organiser, who holds volunteers.manage at each entry's
 * node. Within the window they become confirmed; after it, awaiting_approval. Entries no longer pending are
 * skipped (a second click confirms nothing twice).
 */
export async function confirmEntries(ctx: AppContext, principal: Principal, actor: ActorContext, ids: number[]) {
  const unique = [...new Set(ids)];
  const rows = await loadEntries(ctx.db, unique);
  if (rows.length !== unique.length) throw errors.notFound();
  for (const r of rows) assertCan(principal, 'volunteers.manage', r.path);
  if (rows.some((r) => r.entry.kind !== 'record')) throw notRecord();
  const now = ctx.clock.now();
  const result = await ctx.db.transaction(async (tx) => {
    let confirmed = 0;
    let awaiting = 0;
    for (const r of rows) {
      const late = await isLate(tx, r.entry.nodeId, r.entry.serviceDate, now);
      const to: HourEntryStatus = late ? 'awaiting_approval' : 'confirmed';
      const moved = await moveEntries(tx, [r.entry.id], 'pending', to, principal.userId, now);
      if (moved.length === 0) continue;
      await moveEntries(tx, await correctionsOf(tx, [r.entry.id], 'pending'), 'pending', to, principal.userId, now);
      if (late) awaiting++;
      else confirmed++;
      await recordAudit(tx, actor, now, { action: late ? 'hours.confirm_late' : 'hours.confirm', objectType: 'hour_entry', objectId: r.entry.id, orgNodeId: r.entry.nodeId });
    }
    return { confirmed, awaitingApproval: awaiting };
  });
  return result;
}

/** Approve late records (and their awaiting corrections): volunteers.manage strictly above the entry's node. */
export async function approveEntries(ctx: AppContext, principal: Principal, actor: ActorContext, ids: number[]) {
  const unique = [...new Set(ids)];
  const rows = await loadEntries(ctx.db, unique);
  if (rows.length !== unique.length) throw errors.notFound();
  for (const r of rows) {
    assertCan(principal, 'volunteers.manage', r.path);
    if (!canApprove(principal, r.path)) {
      throw new AppError(403, 'approval_needs_node_above', { zh: '超期记录须由上级节点审批', en: 'A late record needs approval by a node above its own' });
    }
  }
  if (rows.some((r) => r.entry.kind !== 'record')) throw notRecord();
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    let approved = 0;
    for (const r of rows) {
      const moved = await moveEntries(tx, [r.entry.id], 'awaiting_approval', 'confirmed', principal.userId, now);
      if (moved.length === 0) continue;
      await moveEntries(tx, await correctionsOf(tx, [r.entry.id], 'awaiting_approval'), 'awaiting_approval', 'confirmed', principal.userId, now);
      approved++;
      await recordAudit(tx, actor, now, { action: 'hours.approve', objectType: 'hour_entry', objectId: r.entry.id, orgNodeId: r.entry.nodeId });
    }
    return { approved };
  });
}

export function canApprove(principal: Principal, entryPath: string): boolean {
  return principal.roles.some((r) => roleHas(r.role, 'volunteers.manage') && isUnder(entryPath, r.path) && entryPath !== r.path);
}

/** Reject a pending record (organiser) or an awaiting one (approver above); its open corrections go with it. */
export async function rejectEntry(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, reason: string) {
  const [r] = await loadEntries(ctx.db, [id]);
  if (!r) throw errors.notFound();
  assertCan(principal, 'volunteers.manage', r.path);
  if (r.entry.kind !== 'record') throw notRecord();
  if (r.entry.status === 'awaiting_approval' && !canApprove(principal, r.path)) throw errors.forbidden();
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const from = r.entry.status;
    if (from !== 'pending' && from !== 'awaiting_approval') throw wrongStatus(from);
    const moved = await moveEntries(tx, [id], from, 'rejected', principal.userId, now);
    if (moved.length === 0) throw wrongStatus('changed');
    await moveEntries(tx, await correctionsOf(tx, [id], from), from, 'rejected', principal.userId, now);
    await recordAudit(tx, actor, now, { action: 'hours.reject', objectType: 'hour_entry', objectId: id, orgNodeId: r.entry.nodeId, details: { reason } });
  });
  return getEntry(ctx, principal, id);
}

const wrongStatus = (status: string) =>
  errors.conflict('hour_entry_wrong_status', '该记录的状态不允许此操作（可能刚被处理）', 'The entry’s status does not allow this (it may just have been decided)', { status });

/**
 * Adjust a record's minutes with a reason: a new correction entry of the difference. It follows its record: on a
 * pending record it stays pending and is confirmed with it; on a confirmed record it is confirmed at once within the
 * window (awaiting_approval after it); on an awaiting record it waits with it.
 */
export async function adjustEntry(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: { minutes: number; reason: string }) {
  const [r] = await loadEntries(ctx.db, [id]);
  if (!r) throw errors.notFound();
  assertCan(principal, 'volunteers.manage', r.path);
  if (r.entry.kind !== 'record') throw notRecord();
  const now = ctx.clock.now();
  const correctionId = await ctx.db.transaction(async (tx) => {
    // Lock the record: two adjustments at once must not both compute their delta from the same total.
    const [record] = await tx.select().from(hourEntries).where(eq(hourEntries.id, id)).for('update');
    if (!record || record.status === 'rejected') throw wrongStatus(record?.status ?? 'missing');
    const [sum] = await tx
      .select({ n: sql<number>`coalesce(sum(${hourEntries.minutes}), 0)::int` })
      .from(hourEntries)
      .where(and(eq(hourEntries.correctsId, id), sql`${hourEntries.status} <> 'rejected'`));
    const current = record.minutes + (sum?.n ?? 0);
    const delta = body.minutes - current;
    if (delta === 0) throw errors.badRequest('hour_entry_no_change', '时长没有变化', 'The minutes are unchanged');
    let status: HourEntryStatus = record.status;
    if (record.status === 'confirmed' && (await isLate(tx, record.nodeId, record.serviceDate, now))) status = 'awaiting_approval';
    const [row] = await tx
      .insert(hourEntries)
      .values({
        volunteerId: record.volunteerId,
        activityId: record.activityId,
        signupId: record.signupId,
        nodeId: record.nodeId,
        communityId: record.communityId,
        kind: 'correction',
        correctsId: record.id,
        serviceDate: record.serviceDate,
        minutes: delta,
        content: record.content,
        reason: body.reason.trim(),
        status,
        recordedBy: principal.userId,
        recordedAt: now,
        ...(status === 'confirmed' ? { decidedBy: principal.userId, decidedAt: now } : {}),
      })
      .returning();
    if (status === 'confirmed') await addConfirmed(tx, [row!]);
    await recordAudit(tx, actor, now, { action: 'hours.adjust', objectType: 'hour_entry', objectId: id, orgNodeId: record.nodeId, details: { delta, correctionId: row!.id } });
    return row!.id;
  });
  return getEntry(ctx, principal, correctionId);
}

export async function getEntry(ctx: AppContext, principal: Principal, id: number): Promise<PresentedEntry> {
  const rows = await entryQuery(ctx.db, eq(hourEntries.id, id));
  const row = rows[0];
  if (!row) throw errors.notFound();
  const [node] = await loadEntries(ctx.db, [id]);
  assertCan(principal, 'volunteers.read', node!.path);
  return (await presentAll(ctx.db, [row]))[0]!;
}

/** Tell the volunteer their hours were recorded (after the transaction). */
export function kickOutbox(ctx: AppContext): void {
  outboxDispatcherOf(ctx).kick();
}

export async function notifyVolunteers(tx: Tx, userIds: (number | null)[], input: Omit<Parameters<typeof notify>[1], 'userIds'>, now: Date): Promise<number> {
  const ids = [...new Set(userIds.filter((u): u is number => u != null))];
  if (ids.length === 0) return 0;
  await notify(tx, { ...input, userIds: ids }, now);
  return ids.length;
}

/** Invariant: each volunteer's confirmed_minutes equals the sum of their confirmed entries. Returns the mismatches. */
export async function recountConfirmedMinutes(db: DbOrTx): Promise<{ volunteerId: number; stored: number; counted: number }[]> {
  const list = await queryRows<{ volunteer_id: number; stored: number; counted: number }>(
    db,
    sql`select v.id as volunteer_id, v.confirmed_minutes as stored, coalesce(s.total, 0)::int as counted
    from volunteers v
    left join (select volunteer_id, sum(minutes) as total from hour_entries where status = 'confirmed' group by volunteer_id) s on s.volunteer_id = v.id
    where v.confirmed_minutes <> coalesce(s.total, 0)`,
  );
  return list.map((r) => ({ volunteerId: Number(r.volunteer_id), stored: Number(r.stored), counted: Number(r.counted) }));
}
