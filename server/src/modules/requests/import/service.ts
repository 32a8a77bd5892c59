import fs from 'node:fs';
import fsp from 'node:fs/promises';
import type { FastifyRequest } from 'fastify';
import { assertCan, assertVisible, type Principal } from '../../../platform/access.js';
import { recordAudit, type ActorContext } from '../../../platform/audit.js';
import type { AppContext } from '../../../platform/context.js';
import { AppError, errors } from '../../../platform/errors.js';
import { findNode } from '../core/repo.js';
import type { TaskDeps } from '../ledger/export.js';
import type { TaskManifest } from '../ledger/tasks.js';
import { FIELD_HEADERS, mapHeader, missingRequired, type ImportField } from './columns.js';
import { categoryMatcher, placeMatcher } from './match.js';
import { readRows, sniffFormat, type SheetFormat } from './sheet.js';
import { importRows, type ImportPlan } from './run.js';
import { receiveUpload } from './upload.js';
import { ownedTask } from '../ledger/policy.js';

/** The header is looked for in the first rows (some exports put a title row above it). */
const HEADER_SEARCH_ROWS = 5;

export type { ImportPlan } from './run.js';

export function presentImport(task: TaskManifest) {
  const done = task.status === 'done';
  return {
    id: task.id,
    status: task.status,
    rowsDone: task.rowsDone,
    rowsTotal: task.rowsTotal,
    created: task.counts.created ?? 0,
    skipped: task.counts.skipped ?? 0,
    failed: task.counts.failed ?? 0,
    warnings: task.counts.warnings ?? 0,
    createdAt: task.createdAt,
    finishedAt: task.finishedAt,
    fileName: task.fileName,
    error: task.error,
    reportUrl: done && (task.counts.problems ?? 0) > 0 ? `/api/v1/requests/imports/${task.id}/report` : null,
  };
}

async function findHeader(file: string, format: SheetFormat): Promise<{ row: number; columns: Map<ImportField, number> }> {
  let seen = 0;
  let best: { row: number; columns: Map<ImportField, number> } | null = null;
  for await (const row of readRows(file, format)) {
    const columns = mapHeader(row.cells);
    if (!best || columns.size > best.columns.size) best = { row: row.rowNumber, columns };
    if (missingRequired(columns).length === 0 || ++seen >= HEADER_SEARCH_ROWS) break;
  }
  if (!best) throw errors.badRequest('import_empty', '文件是空的', 'The file is empty');
  const missing = missingRequired(best.columns);
  if (missing.length > 0) {
    throw errors.badRequest(
      'import_columns_missing',
      `找不到必需的列：${missing.map((f) => FIELD_HEADERS[f].label).join('、')}（表头应在前 ${HEADER_SEARCH_ROWS} 行内）`,
      `Required columns not found: ${missing.map((f) => FIELD_HEADERS[f].en).join(', ')} (the header must be within the first ${HEADER_SEARCH_ROWS} rows)`,
      { missing: missing.map((f) => FIELD_HEADERS[f].label) },
    );
  }
  return best;
}

/**
 * Receive a hotline work-order sheet and import it in the background. Checked before answering: the office node
 * (requests.dispatch there, 404/403), the format and the header. Every row then goes through the requests core's
 * intake as a hotline request filed by the office (channel 'hotline', externalRef = 工单编号).
 */
export async function startImport(ctx: AppContext, deps: TaskDeps, principal: Principal, actor: ActorContext, request: FastifyRequest) {
  const id = deps.store.newId();
  await deps.store.ensureRoot();
  const file = deps.store.filePath(id, '.upload');
  try {
    const upload = await receiveUpload(request, file);
    if (upload.nodeId === null) {
      throw errors.badRequest('validation_failed', '请选择导入到哪个组织节点（nodeId）', 'Choose the org node to import into (nodeId)', [{ field: 'nodeId', problem: 'required' }]);
    }
    const node = await findNode(ctx.db, upload.nodeId);
    if (!node) throw errors.notFound(undefined, { zh: '找不到该组织节点', en: 'No such org node' });
    assertVisible(principal, node.path);
    assertCan(principal, 'requests.dispatch', node.path);
    const format = await sniffFormat(file, upload.name);
    const header = await findHeader(file, format);
    const now = ctx.clock.now();
    const task = await deps.store.create(
      { id, kind: 'hotline_import', userId: principal.userId, orgNodeId: node.id, rowsTotal: 0, fileName: upload.name ?? `工单.${format}` },
      now,
    );
    await recordAudit(ctx.db, actor, now, {
      action: 'requests.hotline_import',
      objectType: 'hotline_import',
      objectId: id,
      orgNodeId: node.id,
      details: { fileName: task.fileName, format },
    });
    const plan: ImportPlan = {
      file,
      format,
      headerRow: header.row,
      columns: header.columns,
      submitter: { system: true, name: `12345热线导入（${principal.displayName}）`, orgNodeId: node.id },
      actor,
    };
    const ids = node.path.split('.').map(Number);
    const [categories, places] = await Promise.all([categoryMatcher(ctx.db, ids), placeMatcher(ctx.db, node.path)]);
    deps.runner.start((stopping) => importRows(ctx, deps, task, plan, { categories, places }, stopping).finally(() => fsp.rm(file, { force: true })));
    return presentImport(task);
  } catch (err) {
    await fsp.rm(file, { force: true });
    throw err;
  }
}

export async function getImport(ctx: AppContext, deps: TaskDeps, principal: Principal, id: string) {
  return presentImport(ownedTask(principal, await deps.store.read(id, ctx.clock.now()), 'hotline_import'));
}

/** The per-row report (.xlsx): row number, work-order number, column, kind of problem, in Chinese and English. */
export async function openImportReport(ctx: AppContext, deps: TaskDeps, principal: Principal, id: string) {
  const task = ownedTask(principal, await deps.store.read(id, ctx.clock.now()), 'hotline_import');
  if (task.status === 'running') {
    throw errors.conflict('import_not_finished', '导入尚未完成，请稍候', 'The import has not finished yet', { rowsDone: task.rowsDone, rowsTotal: task.rowsTotal });
  }
  const file = deps.store.filePath(task.id, '.report.xlsx');
  const stat = await fsp.stat(file).catch(() => null);
  if (!stat) {
    throw new AppError(404, 'import_report_missing', { zh: '该次导入没有问题报告（全部成功或报告已过期）', en: 'This import has no problem report (every row went in, or the report expired)' });
  }
  const base = task.fileName.replace(/\.(xlsx|csv|txt)$/i, '');
  return { stream: fs.createReadStream(file), size: stat.size, fileName: `${base}-导入问题报告.xlsx` };
}
