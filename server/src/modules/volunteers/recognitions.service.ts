import { and, count, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { orgNodes } from '../../db/schema/org.js';
import { volunteerRecognitionEntries, volunteerRecognitionObjections, volunteerRecognitions } from '../../db/schema/volunteerRecords.js';
import { volunteers } from '../../db/schema/volunteers.js';
import { can, inSubtrees, isUnder, isVisible, type Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import { toShanghaiIso as toIso } from '../../platform/calendarDays.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { maskName } from '../../platform/masking.js';
import { listPaths } from '../registry/scope.js';
import { assertManageAt, nodeOr404 } from './access.js';
import { volunteerErrors } from './errors.js';
import type { RecognitionBody } from './volunteers.schema.js';

/**
 * 嘉许名单: a list per node and period, drafted by staff (a bar of confirmed hours in the period, or by hand),
 * published for a notice period (default 7 days) during which objections are recorded, then final — by the job, or
 * by the first read after the period ends (both the same conditional update, safe in two processes).
 */
export const DEFAULT_NOTICE_DAYS = 7;
const DAY = 86_400_000;
export const RECOGNITION_JOB = 'volunteers.recognitions.finalize';

export async function finalizeDue(db: DbOrTx, now: Date): Promise<number> {
  const done = await db
    .update(volunteerRecognitions)
    .set({ status: 'final', finalAt: sql`${volunteerRecognitions.noticeEndsAt}`, updatedAt: now })
    .where(and(eq(volunteerRecognitions.status, 'notice'), lte(volunteerRecognitions.noticeEndsAt, now)))
    .returning({ id: volunteerRecognitions.id });
  return done.length;
}

export function registerRecognitionJobs(ctx: AppContext): void {
  ctx.jobs.register({ name: RECOGNITION_JOB, intervalMs: 10 * 60_000, run: (now) => finalizeDue(ctx.db, now).then(() => undefined) });
}

/** Confirmed minutes of each volunteer in the period (hour_entries; corrections count with their sign). */
async function minutesInPeriod(db: DbOrTx, start: string, end: string, filter: { path?: string; ids?: number[] }) {
  const rows = (await db.execute(sql`
    select v.id as "volunteerId", coalesce(sum(h.minutes), 0)::int as minutes
    from volunteers v
    join org_nodes n on n.id = v.node_id
    left join hour_entries h on h.volunteer_id = v.id and h.status = 'confirmed' and h.service_date between ${start} and ${end}
    where ${filter.ids ? sql`v.id in (${sql.join(filter.ids.length ? filter.ids.map((i) => sql`${i}`) : [sql`null`], sql`, `)})` : sql`v.status = 'active'`}
      ${filter.path ? sql`and n.path <@ ${filter.path}::ltree` : sql``}
    group by v.id`)) as unknown as { rows?: { volunteerId: number; minutes: number }[] } | { volunteerId: number; minutes: number }[];
  return Array.isArray(rows) ? rows : (rows.rows ?? []);
}

async function loadRecognition(db: DbOrTx, id: number) {
  const [r] = await db
    .select({ r: volunteerRecognitions, nodeName: orgNodes.name, nodePath: sql<string>`${orgNodes.path}::text` })
    .from(volunteerRecognitions)
    .innerJoin(orgNodes, eq(orgNodes.id, volunteerRecognitions.nodeId))
    .where(eq(volunteerRecognitions.id, id));
  return r;
}

const iso = (d: Date | null) => (d ? toIso(d) : null);
const hours = (m: number) => Math.floor(m / 6) / 10;

function summaryOf(r: typeof volunteerRecognitions.$inferSelect, nodeName: string, entryCount: number) {
  return {
    id: r.id,
    nodeId: r.nodeId,
    nodeName,
    title: r.title,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    minHours: r.minHours,
    noticeDays: r.noticeDays,
    status: r.status,
    publishedAt: iso(r.publishedAt),
    noticeEndsAt: iso(r.noticeEndsAt),
    finalAt: iso(r.finalAt),
    entryCount,
  };
}

async function entriesOf(db: DbOrTx, id: number) {
  return db
    .select({ volunteerId: volunteerRecognitionEntries.volunteerId, name: volunteers.name, volunteerNo: volunteers.volunteerNo, minutes: volunteerRecognitionEntries.minutes })
    .from(volunteerRecognitionEntries)
    .innerJoin(volunteers, eq(volunteers.id, volunteerRecognitionEntries.volunteerId))
    .where(eq(volunteerRecognitionEntries.recognitionId, id))
    .orderBy(desc(volunteerRecognitionEntries.minutes), volunteers.namePinyin);
}

async function readable(ctx: AppContext, principal: Principal, id: number) {
  await finalizeDue(ctx.db, ctx.clock.now());
  const r = await loadRecognition(ctx.db, id);
  if (!r || !(can(principal, 'volunteers.read', r.nodePath) || can(principal, 'volunteers.manage', r.nodePath))) throw errors.notFound();
  return r;
}

export async function getRecognition(ctx: AppContext, principal: Principal, id: number) {
  const r = await readable(ctx, principal, id);
  const entries = await entriesOf(ctx.db, id);
  const objections = await ctx.db
    .select({ id: volunteerRecognitionObjections.id, volunteerId: volunteerRecognitionObjections.volunteerId, content: volunteerRecognitionObjections.content, recordedAt: volunteerRecognitionObjections.recordedAt })
    .from(volunteerRecognitionObjections)
    .where(eq(volunteerRecognitionObjections.recognitionId, id))
    .orderBy(volunteerRecognitionObjections.recordedAt);
  return {
    ...summaryOf(r.r, r.nodeName, entries.length),
    entries: entries.map((e) => ({ volunteerId: e.volunteerId, name: e.name, volunteerNo: e.volunteerNo, hours: hours(e.minutes) })),
    objections: objections.map((o) => ({ ...o, recordedAt: toIso(o.recordedAt) })),
  };
}

export async function listRecognitions(ctx: AppContext, principal: Principal, query: { nodeId?: number; limit?: number; offset?: number }) {
  await finalizeDue(ctx.db, ctx.clock.now());
  const paths = await listPaths(ctx.db, principal, ['volunteers.read'], query.nodeId);
  const cond = inSubtrees(orgNodes.path, paths);
  const [{ total }] = (await ctx.db.select({ total: count() }).from(volunteerRecognitions).innerJoin(orgNodes, eq(orgNodes.id, volunteerRecognitions.nodeId)).where(cond)) as [{ total: number }];
  const rows = await ctx.db
    .select({
      r: volunteerRecognitions,
      nodeName: orgNodes.name,
      entryCount: sql<number>`(select count(*)::int from volunteer_recognition_entries e where e.recognition_id = ${volunteerRecognitions.id})`,
    })
    .from(volunteerRecognitions)
    .innerJoin(orgNodes, eq(orgNodes.id, volunteerRecognitions.nodeId))
    .where(cond)
    .orderBy(desc(volunteerRecognitions.periodEnd), desc(volunteerRecognitions.id))
    .limit(query.limit ?? 20)
    .offset(query.offset ?? 0);
  return { items: rows.map((x) => summaryOf(x.r, x.nodeName, Number(x.entryCount))), total: Number(total) };
}

async function pickEntries(db: DbOrTx, nodePath: string, start: string, end: string, minHours: number | undefined, ids: number[] | undefined) {
  const picked = new Map<number, number>();
  if (minHours !== undefined) {
    for (const r of await minutesInPeriod(db, start, end, { path: nodePath })) if (Number(r.minutes) >= minHours * 60) picked.set(Number(r.volunteerId), Number(r.minutes));
  }
  if (ids?.length) {
    const found = await minutesInPeriod(db, start, end, { path: nodePath, ids });
    if (found.length !== ids.length) throw volunteerErrors.recognitionVolunteerOutside();
    for (const r of found) picked.set(Number(r.volunteerId), Math.max(0, Number(r.minutes)));
  }
  return picked;
}

export async function createRecognition(ctx: AppContext, principal: Principal, actor: ActorContext, body: RecognitionBody) {
  const node = await nodeOr404(ctx.db, body.nodeId);
  assertManageAt(principal, node.path);
  if (body.periodEnd < body.periodStart) throw volunteerErrors.periodInvalid();
  const picked = await pickEntries(ctx.db, node.path, body.periodStart, body.periodEnd, body.minHours, body.volunteerIds);
  const now = ctx.clock.now();
  const id = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(volunteerRecognitions)
      .values({
        nodeId: node.id,
        title: body.title.trim(),
        periodStart: body.periodStart,
        periodEnd: body.periodEnd,
        minHours: body.minHours ?? null,
        noticeDays: body.noticeDays ?? DEFAULT_NOTICE_DAYS,
        createdBy: principal.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: volunteerRecognitions.id });
    if (picked.size) await tx.insert(volunteerRecognitionEntries).values([...picked].map(([volunteerId, minutes]) => ({ recognitionId: row!.id, volunteerId, minutes: Math.max(0, minutes) })));
    await recordAudit(tx, actor, now, { action: 'recognition.create', objectType: 'volunteer_recognition', objectId: row!.id, orgNodeId: node.id, details: { entries: picked.size } });
    return row!.id;
  });
  return getRecognition(ctx, principal, id);
}

/** Replace the names on a draft (by hand). */
export async function setEntries(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, volunteerIds: number[]) {
  const r = await readable(ctx, principal, id);
  assertManageAt(principal, r.nodePath);
  if (r.r.status !== 'draft') throw volunteerErrors.recognitionNotDraft();
  const picked = await pickEntries(ctx.db, r.nodePath, r.r.periodStart, r.r.periodEnd, undefined, volunteerIds);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [locked] = await tx.select({ status: volunteerRecognitions.status }).from(volunteerRecognitions).where(eq(volunteerRecognitions.id, id)).for('update');
    if (locked?.status !== 'draft') throw volunteerErrors.recognitionNotDraft();
    await tx.delete(volunteerRecognitionEntries).where(eq(volunteerRecognitionEntries.recognitionId, id));
    if (picked.size) await tx.insert(volunteerRecognitionEntries).values([...picked].map(([volunteerId, minutes]) => ({ recognitionId: id, volunteerId, minutes })));
    await tx.update(volunteerRecognitions).set({ updatedAt: now }).where(eq(volunteerRecognitions.id, id));
    await recordAudit(tx, actor, now, { action: 'recognition.entries', objectType: 'volunteer_recognition', objectId: id, orgNodeId: r.r.nodeId, details: { entries: picked.size } });
  });
  return getRecognition(ctx, principal, id);
}

export async function publishRecognition(ctx: AppContext, principal: Principal, actor: ActorContext, id: number) {
  const r = await readable(ctx, principal, id);
  assertManageAt(principal, r.nodePath);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [n] = (await tx.select({ n: count() }).from(volunteerRecognitionEntries).where(eq(volunteerRecognitionEntries.recognitionId, id))) as [{ n: number }];
    if (Number(n.n) === 0) throw volunteerErrors.recognitionEmpty();
    const done = await tx
      .update(volunteerRecognitions)
      .set({ status: 'notice', publishedAt: now, noticeEndsAt: new Date(now.getTime() + r.r.noticeDays * DAY), updatedAt: now })
      .where(and(eq(volunteerRecognitions.id, id), eq(volunteerRecognitions.status, 'draft')))
      .returning({ id: volunteerRecognitions.id });
    if (done.length === 0) throw volunteerErrors.recognitionNotDraft();
    await recordAudit(tx, actor, now, { action: 'recognition.publish', objectType: 'volunteer_recognition', objectId: id, orgNodeId: r.r.nodeId });
  });
  return getRecognition(ctx, principal, id);
}

/** Record an objection while the list is in its notice period: anyone whose roles reach the node or lie inside it. */
export async function addObjection(ctx: AppContext, principal: Principal, actor: ActorContext, id: number, body: { content: string; volunteerId?: number }) {
  await finalizeDue(ctx.db, ctx.clock.now());
  const r = await loadRecognition(ctx.db, id);
  if (!r || !(isVisible(principal, r.nodePath) || principal.roles.some((role) => isUnder(role.path, r.nodePath)))) throw errors.notFound();
  const now = ctx.clock.now();
  if (r.r.status !== 'notice' || !r.r.noticeEndsAt || r.r.noticeEndsAt <= now) throw volunteerErrors.recognitionNotInNotice();
  if (body.volunteerId !== undefined) {
    const [e] = await ctx.db
      .select({ id: volunteerRecognitionEntries.id })
      .from(volunteerRecognitionEntries)
      .where(and(eq(volunteerRecognitionEntries.recognitionId, id), eq(volunteerRecognitionEntries.volunteerId, body.volunteerId)));
    if (!e) throw errors.badRequest('objection_volunteer_not_listed', '该志愿者不在名单中', 'This volunteer is not on the list', { field: 'volunteerId' });
  }
  await ctx.db.transaction(async (tx) => {
    await tx.insert(volunteerRecognitionObjections).values({ recognitionId: id, volunteerId: body.volunteerId ?? null, content: body.content.trim(), recordedBy: principal.userId, recordedAt: now });
    await recordAudit(tx, actor, now, { action: 'recognition.objection', objectType: 'volunteer_recognition', objectId: id, orgNodeId: r.r.nodeId });
  });
  return { ok: true };
}

/** Published and final lists of a node (and below), names masked — no sign-in. */
export async function publicRecognitions(ctx: AppContext, nodeId: number) {
  await finalizeDue(ctx.db, ctx.clock.now());
  const node = await nodeOr404(ctx.db, nodeId);
  const rows = await ctx.db
    .select({ r: volunteerRecognitions, nodeName: orgNodes.name })
    .from(volunteerRecognitions)
    .innerJoin(orgNodes, eq(orgNodes.id, volunteerRecognitions.nodeId))
    .where(and(inSubtrees(orgNodes.path, [node.path]), inArray(volunteerRecognitions.status, ['notice', 'final'])))
    .orderBy(desc(volunteerRecognitions.publishedAt))
    .limit(20);
  const items = [];
  for (const x of rows) {
    const entries = await entriesOf(ctx.db, x.r.id);
    items.push({
      id: x.r.id,
      nodeName: x.nodeName,
      title: x.r.title,
      periodStart: x.r.periodStart,
      periodEnd: x.r.periodEnd,
      status: x.r.status,
      noticeEndsAt: iso(x.r.noticeEndsAt),
      entries: entries.map((e) => ({ name: maskName(e.name) ?? '*', hours: hours(e.minutes) })),
    });
  }
  return { items };
}
