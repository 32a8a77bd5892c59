import fsp from 'node:fs/promises';
import type { AppContext } from '../../../platform/context.js';
import { AppError, type Message } from '../../../platform/errors.js';
import { cleanText } from '../intake/submission.js';
import { submitRequest, type SubmitRequestInput } from '../intake/service.js';
import type { TaskDeps } from '../ledger/export.js';
import type { TaskManifest } from '../ledger/tasks.js';
import { XlsxStreamWriter } from '../ledger/xlsx.js';
import { cellText, FIELD_HEADERS, parseCallTime, parsePriority, type Cell, type ImportField, type RowProblem } from './columns.js';
import type { CategoryMatcher, PlaceMatcher } from './match.js';
import { readRows, type SheetFormat } from './sheet.js';
import type { ActorContext } from '../../../platform/audit.js';
import type { SystemSubmitter } from '../intake/submission.js';
import { findNumber } from './repo.js';

export interface ImportPlan {
  file: string;
  format: SheetFormat;
  headerRow: number;
  columns: Map<ImportField, number>;
  submitter: SystemSubmitter;
  actor: ActorContext;
}


/** The manifest's progress moves every this many rows. */
const PROGRESS_EVERY = 25;

const REPORT_COLUMNS = [
  { header: '行号', key: 'row', width: 8 },
  { header: '工单编号', key: 'ref', width: 20 },
  { header: '列', key: 'column', width: 12 },
  { header: '类型', key: 'level', width: 8 },
  { header: '问题', key: 'zh', width: 60 },
  { header: 'Problem', key: 'en', width: 60 },
];
const LEVEL_LABELS = { error: '错误', warning: '提示', skipped: '跳过' } as const;

/** Which column a core validation error is about (its details.field, else its code). */
const FIELD_OF_ERROR: Record<string, ImportField> = {
  content: 'content',
  content_invalid: 'content',
  'reporter.phone': 'reporterPhone',
  phone_invalid: 'reporterPhone',
  reporter: 'reporterName',
  receivedAt: 'receivedAt',
  received_at_invalid: 'receivedAt',
  location: 'address',
  category_unknown: 'category',
  category_not_leaf: 'category',
  priority_invalid: 'priority',
};

interface Matchers {
  categories: CategoryMatcher;
  places: PlaceMatcher;
}

type RowOutcome = { input: SubmitRequestInput; problems: RowProblem[] } | { problems: RowProblem[] };

/** A row's cells checked and turned into an intake input; problems the row has on its own, before intake. */
export function rowInput(cells: Cell[], rowNumber: number, columns: Map<ImportField, number>, matchers: Matchers): RowOutcome {
  const get = (f: ImportField) => {
    const i = columns.get(f);
    return i === undefined ? undefined : cells[i];
  };
  const text = (f: ImportField) => cellText(get(f));
  const ref = text('externalRef');
  const problems: RowProblem[] = [];
  const problem = (field: ImportField | '', level: RowProblem['level'], message: Message) =>
    problems.push({ row: rowNumber, ref, column: field ? FIELD_HEADERS[field].label : '', level, message });

  if (!ref) problem('externalRef', 'error', { zh: '缺少工单编号', en: 'The work-order number is missing' });
  const rawTime = get('receivedAt');
  const receivedAt = parseCallTime(rawTime);
  if (!receivedAt) {
    problem(
      'receivedAt',
      'error',
      cellText(rawTime)
        ? { zh: `无法识别的时间“${cellText(rawTime)}”，请写成 2026-03-02 09:15 这样的格式`, en: `Unreadable time "${cellText(rawTime)}"; write it like 2026-03-02 09:15` }
        : { zh: '缺少来电时间', en: 'The time of the call is missing' },
    );
  }
  const content = text('content');
  if (!content) problem('content', 'error', { zh: '缺少诉求内容', en: 'The content is missing' });
  const priority = parsePriority(text('priority'));
  if (!priority) {
    problem('priority', 'error', { zh: `无法识别的紧急程度“${text('priority')}”（可填：紧急、一般、复杂）`, en: `Unknown urgency "${text('priority')}" (use 紧急, 一般 or 复杂)` });
  }
  let categoryId: number | undefined;
  const categoryText = text('category');
  if (categoryText) {
    const matched = matchers.categories.match(categoryText);
    if ('categoryId' in matched) categoryId = matched.categoryId;
    else problem('category', 'warning', matched.warning);
  }
  if (problems.some((p) => p.level === 'error')) return { problems };
  const address = cleanText(text('address'), 200);
  const reporterName = text('reporterName');
  return {
    problems,
    input: {
      channel: 'hotline',
      externalRef: ref,
      receivedAt,
      content,
      priority,
      categoryId,
      reporter: { name: /^(匿名|无|不详|-+)$/.test(reporterName) ? null : reporterName || null, phone: text('reporterPhone') || null },
      location: { orgNodeId: address ? matchers.places.match(address) : null, address },
    },
  };
}

function problemOfError(err: AppError, ref: string, rowNumber: number): RowProblem {
  const details = (err.details ?? {}) as { field?: unknown };
  const field = FIELD_OF_ERROR[typeof details.field === 'string' ? details.field : ''] ?? FIELD_OF_ERROR[err.code];
  return { row: rowNumber, ref, column: field ? FIELD_HEADERS[field].label : '', level: 'error', message: err.messages };
}

export async function importRows(ctx: AppContext, deps: TaskDeps, task: TaskManifest, plan: ImportPlan, matchers: Matchers, stopping: () => boolean) {
  const reportPart = deps.store.filePath(task.id, '.report.xlsx.part');
  const counts = { created: 0, skipped: 0, failed: 0, warnings: 0, problems: 0 };
  let current: TaskManifest = task;
  const save = async (patch: Partial<TaskManifest>) => {
    current = { ...current, ...patch, counts: { ...counts }, heartbeatAt: ctx.clock.now().toISOString() };
    await deps.store.write(current);
  };
  try {
    let total = 0;
    for await (const row of readRows(plan.file, plan.format)) if (row.rowNumber > plan.headerRow) total++;
    await save({ rowsTotal: total });
    const report = new XlsxStreamWriter(reportPart, '导入问题', REPORT_COLUMNS);
    const note = (p: RowProblem) => {
      counts.problems++;
      if (p.level === 'warning') counts.warnings++;
      report.addRow([p.row, p.ref, p.column, LEVEL_LABELS[p.level], p.message.zh, p.message.en]);
    };
    let done = 0;
    for await (const row of readRows(plan.file, plan.format)) {
      if (row.rowNumber <= plan.headerRow) continue;
      if (stopping()) throw new AppError(503, 'import_interrupted', { zh: '服务器正在停止，导入已中断', en: 'The server is stopping; the import was interrupted' });
      const outcome = rowInput(row.cells, row.rowNumber, plan.columns, matchers);
      if (!('input' in outcome)) {
        counts.failed++;
        outcome.problems.forEach(note);
      } else {
        await submitRow(ctx, plan, outcome.input, row.rowNumber, counts, note, outcome.problems, deps.log);
      }
      done++;
      if (done % PROGRESS_EVERY === 0) await save({ rowsDone: done });
    }
    await report.commit();
    if (counts.problems > 0) await fsp.rename(reportPart, deps.store.filePath(task.id, '.report.xlsx'));
    else await fsp.rm(reportPart, { force: true });
    const finishedAt = ctx.clock.now().toISOString();
    await save({ status: 'done', rowsDone: done, rowsTotal: Math.max(total, done), finishedAt });
  } catch (err) {
    deps.log.error({ err, task: task.id }, 'hotline import failed');
    await fsp.rm(reportPart, { force: true });
    const error = err instanceof AppError ? err.messages : { zh: '导入失败，请稍后重试', en: 'The import failed; try again later' };
    await save({ status: 'failed', error, finishedAt: ctx.clock.now().toISOString() });
  }
}

async function submitRow(
  ctx: AppContext,
  plan: ImportPlan,
  input: SubmitRequestInput,
  rowNumber: number,
  counts: Record<'created' | 'skipped' | 'failed', number>,
  note: (p: RowProblem) => void,
  warnings: RowProblem[],
  log: TaskDeps['log'],
) {
  const ref = input.externalRef ?? '';
  try {
    await submitRequest(ctx, plan.submitter, input, { actor: plan.actor });
    counts.created++;
    warnings.forEach(note);
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) {
      // One row's failure must not stop the others; it is logged and reported, the import goes on.
      log.error({ err, row: rowNumber }, 'hotline import row failed');
      counts.failed++;
      note({ row: rowNumber, ref, column: '', level: 'error', message: { zh: '系统错误，该行未导入，请稍后重试', en: 'A server error; the row was not imported; try again later' } });
      return;
    }
    if (err.code === 'request_duplicate') {
      counts.skipped++;
      const existing = await findNumber(ctx.db, (err.details as { requestId?: number } | undefined)?.requestId);
      note({
        row: rowNumber,
        ref,
        column: FIELD_HEADERS.externalRef.label,
        level: 'skipped',
        message: { zh: `工单 ${ref} 已导入过${existing ? `（诉求 ${existing}）` : ''}，已跳过`, en: `Work order ${ref} was imported before${existing ? ` (request ${existing})` : ''}; skipped` },
      });
      return;
    }
    counts.failed++;
    note(problemOfError(err, ref, rowNumber));
  }
}
