import fs from 'node:fs';
import fsp from 'node:fs/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { Principal } from '../../../platform/access.js';
import { recordAudit, type ActorContext } from '../../../platform/audit.js';
import { shanghaiDate } from '../../../platform/calendarDays.js';
import type { AppContext } from '../../../platform/context.js';
import { AppError, errors } from '../../../platform/errors.js';
import { ledgerScope, ownedTask } from './policy.js';
import { LEDGER_COLUMNS } from './present.js';
import * as repo from './repo.js';
import type { LedgerExportBody, LedgerExportReply } from './schema.js';
import { orderOf, readsPerNode, resolveFilter } from './service.js';
import type { TaskManifest, TaskRunner, TaskStore } from './tasks.js';
import { XlsxStreamWriter } from './xlsx.js';

/** Below Excel's 1,048,576 rows per sheet, with room for the header. */
export const MAX_EXPORT_ROWS = 1_000_000;
/** Rows read per keyset page; the manifest's progress moves once per page. */
export const EXPORT_PAGE_ROWS = 500;

export interface TaskDeps {
  store: TaskStore;
  runner: TaskRunner;
  log: FastifyBaseLogger;
}

export function presentTask(task: TaskManifest): LedgerExportReply {
  return {
    id: task.id,
    status: task.status,
    rowsDone: task.rowsDone,
    rowsTotal: task.rowsTotal,
    createdAt: task.createdAt,
    finishedAt: task.finishedAt,
    fileName: task.fileName,
    error: task.error,
  };
}

/** The node an audit row about the caller's ledger is filed at: the filter's node, else the caller's widest scope. */
function auditNode(principal: Principal, filter: repo.LedgerFilter, nodeId: number | undefined): number {
  if (nodeId !== undefined) return nodeId;
  const top = filter.scopePaths[0];
  return top ? Number(top.split('.').at(-1)) : principal.homeNodeId;
}

/**
 * Start an export of the filtered ledger. The rows are counted first (refused above MAX_EXPORT_ROWS), then written
 * in the background page by page from a keyset cursor into a streaming workbook; progress is in the manifest.
 */
export async function startExport(ctx: AppContext, deps: TaskDeps, principal: Principal, actor: ActorContext, body: LedgerExportBody) {
  const now = ctx.clock.now();
  const filter = await resolveFilter(ctx, principal, body, now);
  const order = orderOf(body);
  const total = await repo.countMatching(ctx.db, filter, MAX_EXPORT_ROWS);
  if (total > MAX_EXPORT_ROWS) {
    throw errors.badRequest(
      'export_too_large',
      `符合条件的诉求超过 ${MAX_EXPORT_ROWS} 条，超出 Excel 单表上限，请缩小日期范围或节点后再导出`,
      `More than ${MAX_EXPORT_ROWS} requests match, beyond what one Excel sheet holds; narrow the dates or the node and export again`,
    );
  }
  const orgNodeId = auditNode(principal, filter, body.nodeId);
  const task = await deps.store.create(
    {
      kind: 'ledger_export',
      userId: principal.userId,
      orgNodeId,
      rowsTotal: total,
      fileName: `诉求台账-${shanghaiDate(now).replace(/-/g, '')}.xlsx`,
    },
    now,
  );
  await recordAudit(ctx.db, actor, now, {
    action: 'requests.ledger_export',
    objectType: 'ledger_export',
    objectId: task.id,
    orgNodeId,
    details: { filter: body, rows: total },
  });
  const perNode = await readsPerNode(ctx, filter, order, EXPORT_PAGE_ROWS);
  deps.runner.start((stopping) => writeExport(ctx, deps, task, filter, order, perNode, stopping));
  return presentTask(task);
}

async function writeExport(
  ctx: AppContext,
  deps: TaskDeps,
  task: TaskManifest,
  filter: repo.LedgerFilter,
  order: repo.LedgerOrder,
  perNode: boolean,
  stopping: () => boolean,
): Promise<void> {
  const partial = deps.store.filePath(task.id, '.xlsx.part');
  let current = task;
  try {
    const writer = new XlsxStreamWriter(partial, '诉求台账', LEDGER_COLUMNS);
    let after: repo.LedgerPosition | undefined;
    let done = 0;
    while (done < MAX_EXPORT_ROWS) {
      if (stopping()) throw new AppError(503, 'export_interrupted', { zh: '服务器正在停止，导出已中断', en: 'The server is stopping; the export was interrupted' });
      const limit = Math.min(EXPORT_PAGE_ROWS, MAX_EXPORT_ROWS - done);
      const { rows, last } = await repo.ledgerPage(ctx.db, filter, order, { limit, after, perNode });
      for (const row of rows) writer.addRow(LEDGER_COLUMNS.map((c) => c.value(row)));
      done += rows.length;
      current = { ...current, rowsDone: done, rowsTotal: Math.max(current.rowsTotal, done), heartbeatAt: ctx.clock.now().toISOString() };
      await deps.store.write(current);
      if (rows.length < limit || !last) break;
      after = last;
    }
    await writer.commit();
    await fsp.rename(partial, deps.store.filePath(task.id, '.xlsx'));
    const finishedAt = ctx.clock.now().toISOString();
    await deps.store.write({ ...current, status: 'done', rowsTotal: current.rowsDone, finishedAt, heartbeatAt: finishedAt });
  } catch (err) {
    deps.log.error({ err, task: task.id }, 'ledger export failed');
    await fsp.rm(partial, { force: true });
    const error = err instanceof AppError ? err.messages : { zh: '导出失败，请稍后重试', en: 'The export failed; try again later' };
    const finishedAt = ctx.clock.now().toISOString();
    await deps.store.write({ ...current, status: 'failed', error, finishedAt, heartbeatAt: finishedAt });
  }
}

export async function getExport(ctx: AppContext, deps: TaskDeps, principal: Principal, id: string) {
  const task = ownedTask(principal, await deps.store.read(id, ctx.clock.now()), 'ledger_export');
  return presentTask(task);
}

/** The finished file, for its owner only; every download is audited. */
export async function openExportFile(ctx: AppContext, deps: TaskDeps, principal: Principal, actor: ActorContext, id: string) {
  const now = ctx.clock.now();
  ledgerScope(principal, null);
  const task = ownedTask(principal, await deps.store.read(id, now), 'ledger_export');
  if (task.status !== 'done') {
    throw errors.conflict('export_not_ready', '导出尚未完成，请稍候', 'The export has not finished yet', { status: task.status, rowsDone: task.rowsDone, rowsTotal: task.rowsTotal });
  }
  const file = deps.store.filePath(task.id, '.xlsx');
  const stat = await fsp.stat(file).catch(() => null);
  if (!stat) throw errors.notFound(undefined, { zh: '导出文件已过期，请重新导出', en: 'The export file has expired; export again' });
  await recordAudit(ctx.db, actor, now, {
    action: 'requests.ledger_export_download',
    objectType: 'ledger_export',
    objectId: task.id,
    orgNodeId: task.orgNodeId ?? principal.homeNodeId,
    details: { rows: task.rowsDone, fileName: task.fileName },
  });
  return { stream: fs.createReadStream(file), size: stat.size, fileName: task.fileName };
}
