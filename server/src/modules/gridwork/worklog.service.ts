import type { Db } from '../../db/client.js';
import type { WorkKind } from '../../db/schema/gridwork.js';
import { assertVisible, scopePaths, type Principal } from '../../platform/access.js';
import { attachFiles, checkAttachable, registerFileReader } from '../../platform/attachments.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import { outboxDispatcherOf, shareOutboxDispatcher } from '../notifications/notifications.dispatcher.js';
import { submitRequest } from '../requests/intake/service.js';
import { assertAny, canAny, loadPlace, placeFor, type Place } from './gridwork.policy.js';
import type { LogBody, LogListQuery, WorkLog } from './gridwork.schema.js';
import { addDays, startOfChinaDay } from './days.js';
import * as repo from './worklog.repo.js';

/**
 * The work log 工作日志: a grid worker writes what they did where, whom they met, with photos and a point. A
 * patrol finding becomes a request in the same transaction (channel patrol) and the entry links it.
 */

const MAX_BACKDATE_MS = 30 * 86_400_000;
export const FILE_TYPE = 'work_log';

const bad = (code: string, zh: string, en: string) => errors.badRequest(code, zh, en);

export async function logWork(ctx: AppContext, p: Principal, actor: ActorContext, body: LogBody): Promise<WorkLog> {
  const now = ctx.clock.now();
  const occurredAt = body.occurredAt ? new Date(body.occurredAt) : now;
  if (occurredAt.getTime() > now.getTime() + 60_000) throw bad('work_log_in_future', '工作时间不能晚于现在', 'The time worked cannot be in the future');
  if (now.getTime() - occurredAt.getTime() > MAX_BACKDATE_MS) throw bad('work_log_too_old', '只能补记 30 天内的工作', 'Only work of the last 30 days can be logged');
  if (body.kind === 'visit' && !body.mode) throw bad('work_log_mode_required', '走访需要选择方式（入户、电话、医院）', 'A visit needs its mode (home, phone, hospital)');
  if ((body.lng == null) !== (body.lat == null)) throw bad('work_log_point_invalid', '位置需要同时有经度和纬度', 'A point needs both longitude and latitude');
  if (body.request && body.kind !== 'patrol') throw bad('work_log_request_patrol_only', '只有巡查发现的问题可以转为诉求', 'Only a patrol finding can become a request');
  const personIds = [...new Set(body.personIds ?? [])];
  if (body.kind === 'visit' && personIds.length === 0) throw bad('work_log_persons_required', '走访需要选择见到的人', 'A visit needs the people met');

  const household = body.householdId ? await repo.householdWithPlace(ctx.db, body.householdId) : undefined;
  if (body.householdId && !household) throw errors.notFound();
  const met = await repo.personsWithPlace(ctx.db, personIds);
  if (met.length !== personIds.length) throw errors.notFound();
  const nodeId = body.nodeId ?? household?.nodeId ?? met[0]?.nodeId;
  if (!nodeId) throw bad('work_log_place_required', '请选择工作的地点', 'Pick the place of the work');
  const place = await placeFor(ctx.db, p, 'gridwork.log', nodeId);
  // The household and the people must be in the caller's reach too (404 otherwise: they do not exist for them).
  for (const path of [household?.path, ...met.map((m) => m.path)]) {
    if (path) assertAny(p, ['gridwork.log'], path);
  }
  const photoIds = await checkAttachable(ctx.db, { userId: p.userId }, body.photoIds);

  const saved = await ctx.db.transaction(async (tx) => {
    let requestId: number | null = null;
    if (body.request) {
      // The intake on this transaction: the request and the entry commit together or not at all.
      const txCtx: AppContext = { ...ctx, db: tx as unknown as Db };
      shareOutboxDispatcher(ctx, txCtx);
      const submitted = await submitRequest(txCtx, p, {
        channel: 'patrol',
        content: body.request.content,
        categoryId: body.request.categoryId ?? null,
        location: { lng: body.lng ?? null, lat: body.lat ?? null, orgNodeId: place.gridId ?? place.communityId ?? place.id },
        photoIds,
      });
      requestId = submitted.id;
    }
    const row = await repo.insertLog(
      tx,
      {
        kind: body.kind,
        mode: body.kind === 'visit' ? (body.mode ?? null) : null,
        orgNodeId: place.id,
        gridId: household?.gridId ?? place.gridId,
        communityId: household?.communityId ?? place.communityId,
        householdId: household?.id ?? null,
        lng: body.lng ?? null,
        lat: body.lat ?? null,
        note: body.note?.trim() ?? '',
        // A patrol's photos go to the request it filed (a file belongs to one object).
        photoIds: requestId ? [] : photoIds,
        requestId,
        occurredAt,
        createdBy: p.userId,
        createdAt: now,
      },
      met.map((m) => m.id),
    );
    if (!requestId) await attachFiles(tx, photoIds, { type: FILE_TYPE, id: row.id, orgNodeId: place.id });
    await recordAudit(tx, actor, now, {
      action: 'gridwork.log',
      objectType: 'work_log',
      objectId: row.id,
      orgNodeId: place.id,
      details: { kind: row.kind, persons: met.length, ...(requestId ? { requestId } : {}) },
    });
    return row;
  });
  if (saved.requestId) outboxDispatcherOf(ctx).kick();
  return getLog(ctx, p, saved.id);
}

export async function getLog(ctx: AppContext, p: Principal, id: number): Promise<WorkLog> {
  const found = await repo.logWithPath(ctx.db, id);
  if (!found) throw errors.notFound();
  assertVisible(p, found.path);
  const { rows } = await repo.listLogs(ctx.db, { paths: readPaths(p), ids: [id] }, 1, 0);
  if (rows.length === 0) throw errors.notFound();
  return (await present(ctx, rows))[0]!;
}

/** Read: gridwork.read, or gridwork.log (a worker reads what they may write). */
export function readPaths(p: Principal): string[] {
  return [...scopePaths(p, 'gridwork.read'), ...scopePaths(p, 'gridwork.log')];
}

export async function listLogs(ctx: AppContext, p: Principal, q: LogListQuery) {
  let nodePath: string | undefined;
  if (q.nodeId) {
    const place = await loadPlace(ctx.db, q.nodeId);
    assertAny(p, ['gridwork.read', 'gridwork.log'], place.path);
    nodePath = place.path;
  }
  const { rows, total } = await repo.listLogs(
    ctx.db,
    {
      paths: readPaths(p),
      nodePath,
      kind: q.kind,
      authorId: q.authorId,
      from: q.from ? startOfChinaDay(q.from) : undefined,
      to: q.to ? startOfChinaDay(addDays(q.to, 1)) : undefined,
    },
    q.limit,
    q.offset,
  );
  return { items: await present(ctx, rows), total };
}

export async function present(ctx: AppContext, rows: repo.LogListRow[]): Promise<WorkLog[]> {
  const people = await repo.personsOfLogs(
    ctx.db,
    rows.map((r) => r.log.id),
  );
  return rows.map(({ log, nodeName, authorName, requestNumber }) => ({
    id: log.id,
    kind: log.kind,
    mode: log.mode,
    node: { id: log.orgNodeId, name: nodeName },
    gridId: log.gridId,
    communityId: log.communityId,
    householdId: log.householdId,
    persons: people.filter((x) => x.workLogId === log.id).map((x) => ({ id: x.id, name: x.name })),
    lng: log.lng,
    lat: log.lat,
    note: log.note,
    photoIds: log.photoIds,
    request: log.requestId && requestNumber ? { id: log.requestId, number: requestNumber } : null,
    occurredAt: log.occurredAt.toISOString(),
    author: { id: log.createdBy, name: authorName },
    createdAt: log.createdAt.toISOString(),
  }));
}

/**
 * A household's history: work logged about it or its members, and requests its members filed from their own
 * accounts — each only as far as the caller may read.
 */
export async function householdTimeline(ctx: AppContext, p: Principal, householdId: number) {
  const household = await repo.householdWithPlace(ctx.db, householdId);
  if (!household) throw errors.notFound();
  assertAny(p, ['gridwork.read', 'gridwork.log', 'registry.read'], household.path);
  const members = await repo.membersOf(ctx.db, householdId);
  const { rows } = await repo.listLogs(
    ctx.db,
    { paths: readPaths(p), householdIds: [householdId], personIds: members.map((m) => m.id) },
    200,
    0,
  );
  const logs = await present(ctx, rows);
  const requestPaths = [...scopePaths(p, 'requests.read'), ...readPaths(p)];
  const filed = await repo.requestsBy(
    ctx.db,
    members.flatMap((m) => (m.userId ? [m.userId] : [])),
    requestPaths,
  );
  const items = [
    ...logs.map((log) => ({ kind: 'work_log' as const, at: log.occurredAt, log, request: null })),
    ...filed.map((r) => ({
      kind: 'request' as const,
      at: r.receivedAt.toISOString(),
      log: null,
      request: { id: r.id, number: r.number, title: r.title, status: r.status, channel: r.channel },
    })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  return { householdId, items };
}

/** Who may see a work log's photos: whoever may read the entry. */
export function registerWorkLogFiles(): void {
  registerFileReader(FILE_TYPE, async (ctx, principal, objectId) => {
    const found = await repo.logWithPath(ctx.db, Number(objectId));
    return !!found && canAny(principal, ['gridwork.read', 'gridwork.log'], found.path);
  });
}

export type { Place, WorkKind };
