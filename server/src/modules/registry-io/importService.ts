import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { orgNodes } from '../../db/schema/org.js';
import { assertCan, type Principal } from '../../platform/access.js';
import type { ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { AppError, errors } from '../../platform/errors.js';
import { cellText } from '../requests/import/columns.js';
import { readRows, sniffFormat, type SheetFormat } from '../requests/import/sheet.js';
import { ownedTask } from '../requests/ledger/policy.js';
import type { TaskManifest } from '../requests/ledger/tasks.js';
import { FIELD_LABELS, guessMapping, headerScore, REGISTRY_FIELDS, type ColumnMapping } from './fields.js';
import { loadPlaces, tagsInForce } from './places.js';
import { runImport, type ImportPlan } from './run.js';
import type { ImportRunBody } from './schema.js';
import type { RegistryTaskDeps } from './tasks.js';
import { receiveSheet } from './upload.js';
import { visibleTags } from './visibility.js';

/** The header is looked for in the first rows (a title row often sits above it). */
const HEADER_SEARCH_ROWS = 5;
const PREVIEW_ROWS = 5;
/** A sheet may be this many times the general upload limit (MAX_UPLOAD_MB, 10 MB by default: 50 MB here). */
export const SHEET_LIMIT_FACTOR = 5;

/** What the upload step leaves for the run step, beside the uploaded file. */
interface Draft {
  id: string;
  userId: number;
  communityId: number;
  fileName: string;
  format: SheetFormat;
  headerRow: number;
  columns: string[];
  mapping: ColumnMapping;
  preview: { row: number; cells: string[] }[];
}

async function manageableCommunity(ctx: AppContext, principal: Principal, id: number | null) {
  if (id === null) {
    throw errors.badRequest('validation_failed', '请选择导入到哪个社区（nodeId）', 'Choose the community to import into (nodeId)', [{ field: 'nodeId', problem: 'required' }]);
  }
  const [node] = await ctx.db.select({ id: orgNodes.id, kind: orgNodes.kind, path: orgNodes.path, name: orgNodes.name }).from(orgNodes).where(eq(orgNodes.id, id));
  if (!node) throw errors.notFound(undefined, { zh: '找不到该社区', en: 'No such community' });
  assertCan(principal, 'registry.manage', node.path);
  if (node.kind !== 'community') throw errors.badRequest('import_node_not_community', '请选择一个社区（嘎查村）导入', 'Choose a community (village, gacha) to import into');
  return node;
}

/** Digits that look like an ID number or a mobile are masked in the preview (the page shows the shape, not the data). */
function previewText(text: string): string {
  return text
    .replace(/\b(\d{4})\d{10}(\d{3}[\dXx])\b/g, '$1**********$2')
    .replace(/\b(\d{6})\d{6}(\d{3})\b/g, '$1******$2')
    .replace(/\b(1[3-9]\d)\d{4}(\d{4})\b/g, '$1****$2');
}

/**
 * Step 1: receive the sheet, find its header among the first rows, map the columns it names and show the first
 * rows. Refused here: no such community (404), no registry.manage (403), a file that is not a sheet, empty,
 * too big or without a recognisable header (400).
 */
export async function uploadSheet(ctx: AppContext, deps: RegistryTaskDeps, principal: Principal, request: FastifyRequest) {
  const id = deps.store.newId();
  await deps.store.ensureRoot();
  const file = deps.store.filePath(id, '.upload');
  try {
    const upload = await receiveSheet(request, file, ctx.config.maxUploadBytes * SHEET_LIMIT_FACTOR);
    const community = await manageableCommunity(ctx, principal, upload.communityId);
    if (upload.bytes === 0) throw errors.badRequest('import_empty', '文件是空的', 'The file is empty');
    const format = await sniffFormat(file, upload.name);
    const head: { row: number; cells: string[] }[] = [];
    for await (const row of readRows(file, format)) {
      head.push({ row: row.rowNumber, cells: row.cells.map((c) => cellText(c)) });
      if (head.length >= HEADER_SEARCH_ROWS + PREVIEW_ROWS) break;
    }
    if (head.length === 0) throw errors.badRequest('import_empty', '文件是空的', 'The file is empty');
    const candidates = head.slice(0, HEADER_SEARCH_ROWS);
    const header = candidates.reduce((best, r) => (headerScore(r.cells) > headerScore(best.cells) ? r : best), candidates[0]!);
    if (headerScore(header.cells) === 0) {
      throw errors.badRequest('import_header_not_found', `前 ${HEADER_SEARCH_ROWS} 行中找不到表头（如 姓名、身份证号、楼栋）`, `No header (姓名, 身份证号, 楼栋 …) within the first ${HEADER_SEARCH_ROWS} rows`);
    }
    const rows = head.filter((r) => r.row > header.row).slice(0, PREVIEW_ROWS);
    if (rows.length === 0) throw errors.badRequest('import_no_rows', '表格只有表头，没有数据行', 'The sheet has a header but no rows');
    const width = Math.max(header.cells.length, ...rows.map((r) => r.cells.length));
    const columns = Array.from({ length: width }, (_, i) => header.cells[i] ?? '');
    const draft: Draft = {
      id,
      userId: principal.userId,
      communityId: community.id,
      fileName: upload.name ?? '实有人口.xlsx',
      format,
      headerRow: header.row,
      columns,
      mapping: guessMapping(columns),
      preview: rows.map((r) => ({ row: r.row, cells: columns.map((_, i) => previewText(r.cells[i] ?? '')) })),
    };
    await fsp.writeFile(deps.store.filePath(id, '.draft.json'), JSON.stringify(draft), { mode: 0o640 });
    return presentDraft(draft);
  } catch (err) {
    await fsp.rm(file, { force: true });
    throw err;
  }
}

function presentDraft(d: Draft) {
  return {
    id: d.id,
    communityId: d.communityId,
    fileName: d.fileName,
    headerRow: d.headerRow,
    columns: d.columns.map((header, index) => ({ index, header })),
    mapping: d.mapping,
    fields: REGISTRY_FIELDS.map((field) => ({ field, label: { zh: FIELD_LABELS[field].zh, en: FIELD_LABELS[field].en } })),
    preview: d.preview,
  };
}

async function readDraft(deps: RegistryTaskDeps, principal: Principal, id: string): Promise<Draft> {
  const text = await fsp.readFile(deps.store.filePath(id, '.draft.json'), 'utf8').catch(() => null);
  const draft = text ? (JSON.parse(text) as Draft) : null;
  if (!draft || draft.userId !== principal.userId) throw errors.notFound(undefined, { zh: '找不到该导入（或已过期），请重新上传', en: 'No such import (or it expired); upload the sheet again' });
  return draft;
}

export async function getDraft(deps: RegistryTaskDeps, principal: Principal, id: string) {
  return presentDraft(await readDraft(deps, principal, id));
}

/** Step 2: start the import with the importer's mapping and choices; it runs in the background. */
export async function startImport(ctx: AppContext, deps: RegistryTaskDeps, principal: Principal, actor: ActorContext, id: string, body: ImportRunBody) {
  const draft = await readDraft(deps, principal, id);
  const community = await manageableCommunity(ctx, principal, draft.communityId);
  const mapping = body.mapping as ColumnMapping;
  const used = new Map<number, string>();
  for (const [field, index] of Object.entries(mapping)) {
    if (index === undefined) continue;
    if (index >= draft.columns.length) {
      throw errors.badRequest('import_mapping_invalid', `列 ${index + 1} 不在表格中`, `Column ${index + 1} is not in the sheet`, { field });
    }
    if (used.has(index)) {
      throw errors.badRequest('import_mapping_invalid', `同一列不能对应两个字段（第 ${index + 1} 列）`, `One column cannot feed two fields (column ${index + 1})`, { field });
    }
    used.set(index, field);
  }
  if (mapping.name === undefined) throw errors.badRequest('import_mapping_invalid', '请指定“姓名”对应的列', 'Choose the column holding the name', { field: 'name' });
  const file = deps.store.filePath(id, '.upload');
  if (!(await fsp.stat(file).catch(() => null)) && !(await deps.store.read(id, ctx.clock.now()))) {
    throw errors.notFound(undefined, { zh: '上传的文件已过期，请重新上传', en: 'The uploaded file expired; upload it again' });
  }
  // Exclusive creation: two clicks on "start" run the import once.
  const claimed = await fsp.writeFile(deps.store.filePath(id, '.started'), '', { flag: 'wx', mode: 0o640 }).then(
    () => true,
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'EEXIST') return false;
      throw err;
    },
  );
  if (!claimed) throw errors.conflict('import_already_started', '该导入已经开始', 'This import has already started');

  const task = await launchImport(ctx, deps, principal, actor, {
    id,
    file,
    fileName: draft.fileName,
    format: draft.format,
    headerRow: draft.headerRow,
    mapping,
    mode: body.mode,
    duplicates: body.duplicates,
    community,
  });
  return presentImport(task);
}

/**
 * Create the task of an uploaded (or generated) sheet and start it in the background: the places and the care
 * tags the importer may see are read now, the rows by the task.
 */
export async function launchImport(
  ctx: AppContext,
  deps: RegistryTaskDeps,
  principal: Principal,
  actor: ActorContext,
  p: Omit<ImportPlan, 'places' | 'tags' | 'userId' | 'actor'> & { id: string; fileName: string },
): Promise<TaskManifest> {
  const [places, tags] = await Promise.all([loadPlaces(ctx.db, p.community), tagsInForce(ctx.db, p.community.path)]);
  const task = await deps.store.create(
    { id: p.id, kind: 'registry_import', userId: principal.userId, orgNodeId: p.community.id, rowsTotal: 0, fileName: p.fileName },
    ctx.clock.now(),
  );
  const seeded = { ...task, counts: { allOrNothing: p.mode === 'all_or_nothing' ? 1 : 0 } };
  await deps.store.write(seeded);
  const plan: ImportPlan = {
    file: p.file,
    format: p.format,
    headerRow: p.headerRow,
    mapping: p.mapping,
    mode: p.mode,
    duplicates: p.duplicates,
    community: { id: p.community.id, path: p.community.path },
    places,
    tags: visibleTags(tags, principal, p.community.path),
    userId: principal.userId,
    actor,
  };
  deps.runner.start((stopping) => runImport(ctx, deps, seeded, plan, stopping));
  return seeded;
}

export function presentImport(task: TaskManifest) {
  const c = task.counts;
  const finished = task.status !== 'running';
  return {
    id: task.id,
    status: task.status,
    phase: finished ? ('finished' as const) : c.writing ? ('writing' as const) : ('checking' as const),
    mode: c.allOrNothing ? ('all_or_nothing' as const) : ('good_rows' as const),
    rowsChecked: c.checked ?? 0,
    rowsDone: task.rowsDone,
    rowsTotal: task.rowsTotal,
    created: c.created ?? 0,
    updated: c.updated ?? 0,
    skipped: c.skipped ?? 0,
    failed: c.failed ?? 0,
    warnings: c.warnings ?? 0,
    households: c.households ?? 0,
    committed: c.committed === 1,
    createdAt: task.createdAt,
    finishedAt: task.finishedAt,
    fileName: task.fileName,
    error: task.error,
    reportUrl: task.status === 'done' && (c.problems ?? 0) > 0 ? `/api/v1/registry/imports/${task.id}/report` : null,
  };
}

export async function getImport(ctx: AppContext, deps: RegistryTaskDeps, principal: Principal, id: string) {
  return presentImport(ownedTask(principal, await deps.store.read(id, ctx.clock.now()), 'registry_import'));
}

export async function openImportReport(ctx: AppContext, deps: RegistryTaskDeps, principal: Principal, id: string) {
  const task = ownedTask(principal, await deps.store.read(id, ctx.clock.now()), 'registry_import');
  if (task.status === 'running') throw errors.conflict('import_not_finished', '导入尚未完成，请稍候', 'The import has not finished yet');
  const file = deps.store.filePath(task.id, '.report.xlsx');
  const stat = await fsp.stat(file).catch(() => null);
  if (!stat) throw new AppError(404, 'import_report_missing', { zh: '该次导入没有问题报告', en: 'This import has no problem report' });
  const base = task.fileName.replace(/\.(xlsx|csv|txt)$/i, '');
  return { stream: fs.createReadStream(file), size: stat.size, fileName: `${base}-导入问题报告.xlsx` };
}
