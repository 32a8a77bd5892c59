import fsp from 'node:fs/promises';
import { and, inArray, isNotNull, ne } from 'drizzle-orm';
import { persons } from '../../db/schema/registry.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { shanghaiDate } from '../../platform/calendarDays.js';
import { AppError } from '../../platform/errors.js';
import type { TaskManifest } from '../requests/ledger/tasks.js';
import { XlsxStreamWriter } from '../requests/ledger/xlsx.js';
import { readRows, type SheetFormat } from '../requests/import/sheet.js';
import type { ColumnMapping } from './fields.js';
import { HouseholdIndex, type CommunityPlaces, type PlaceNode, type TagRef } from './places.js';
import { checkRow, type PersonDraft, type ProblemLevel, type RowContext, type RowProblem } from './row.js';
import type { RegistryTaskDeps } from './tasks.js';
import { ELSEWHERE_MESSAGE, writeBatch, type BatchOutcome, type DuplicatePolicy, type WriteContext } from './write.js';

/**
 * The import itself, in two streamed passes over the uploaded sheet (so a 100,000-row sheet never sits in memory):
 * 1. check every row (values, ID checksum, place, duplicates inside the sheet by ID hash) and write the problems
 *    to the report as they come;
 * 2. write the good rows in batches of BATCH_ROWS — in one transaction for all-or-nothing (skipped entirely when
 *    the check found any bad row), in a transaction per batch for good-rows-only.
 * What stays in memory is the map of ID hashes seen (for duplicates) and the community's places and households.
 */
export type ImportMode = 'all_or_nothing' | 'good_rows';

export interface ImportPlan {
  file: string;
  format: SheetFormat;
  headerRow: number;
  mapping: ColumnMapping;
  mode: ImportMode;
  duplicates: DuplicatePolicy;
  community: { id: number; path: string };
  places: CommunityPlaces;
  tags: TagRef[];
  userId: number;
  actor: ActorContext;
}

export const BATCH_ROWS = 500;
/** More rows than this are refused: split the sheet (a community rarely has more than 50,000 people). */
export const MAX_IMPORT_ROWS = 200_000;
const PROGRESS_EVERY = 500;

const REPORT_COLUMNS = [
  { header: '行号', key: 'row', width: 8 },
  { header: '列', key: 'column', width: 12 },
  { header: '类型', key: 'level', width: 8 },
  { header: '问题', key: 'zh', width: 60 },
  { header: 'Problem', key: 'en', width: 60 },
];
const LEVEL_LABELS: Record<ProblemLevel, string> = { error: '错误', warning: '提示', skipped: '跳过', updated: '更新' };

class Rollback extends Error {}

/** Of these hashes, those of persons registered in another community (with the row each came from). */
async function registeredElsewhere(ctx: AppContext, communityId: number, rows: { hash: string; row: number }[]) {
  if (rows.length === 0) return [];
  const found = await ctx.db
    .select({ idHash: persons.idHash })
    .from(persons)
    .where(and(inArray(persons.idHash, rows.map((r) => r.hash)), isNotNull(persons.communityId), ne(persons.communityId, communityId)));
  const hashes = new Set(found.map((f) => f.idHash));
  return rows.filter((r) => hashes.has(r.hash));
}

function tagIndex(tags: TagRef[]): Map<string, TagRef> {
  const out = new Map<string, TagRef>();
  for (const t of tags) {
    for (const key of [t.name, t.code, t.code.toLowerCase(), t.nameEn, t.nameEn.toLowerCase()]) if (key && !out.has(key)) out.set(key, t);
  }
  return out;
}

export async function runImport(ctx: AppContext, deps: RegistryTaskDeps, task: TaskManifest, plan: ImportPlan, stopping: () => boolean): Promise<void> {
  const reportPart = deps.store.filePath(task.id, '.report.xlsx.part');
  const counts = { allOrNothing: plan.mode === 'all_or_nothing' ? 1 : 0, checked: 0, created: 0, updated: 0, skipped: 0, failed: 0, warnings: 0, problems: 0, households: 0, writing: 0, committed: 0 };
  let current = task;
  const save = async (patch: Partial<TaskManifest>) => {
    current = { ...current, ...patch, counts: { ...counts }, heartbeatAt: ctx.clock.now().toISOString() };
    await deps.store.write(current);
  };
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  const community: PlaceNode = { id: plan.community.id, gridId: null };
  const rc: RowContext = { mapping: plan.mapping, places: plan.places, community, tags: tagIndex(plan.tags), personal: ctx.personal, today };
  const interrupted = () => new AppError(503, 'import_interrupted', { zh: '服务器正在停止，导入已中断', en: 'The server is stopping; the import was interrupted' });
  try {
    const report = new XlsxStreamWriter(reportPart, '导入问题', REPORT_COLUMNS);
    const note = (p: RowProblem) => {
      counts.problems++;
      if (p.level === 'warning') counts.warnings++;
      report.addRow([p.row, p.column, LEVEL_LABELS[p.level], p.message.zh, p.message.en]);
    };

    // Pass 1: check. The first row holding an ID number keeps it; later rows with the same hash are errors. Good
    // rows' hashes are looked up BATCH_ROWS at a time: a person registered in another community fails here, so an
    // all-or-nothing import never opens its transaction only to roll it back.
    const firstRowOf = new Map<string, number>();
    const elsewhere = new Set<string>();
    let pending: { hash: string; row: number }[] = [];
    const lookUp = async () => {
      for (const p of await registeredElsewhere(ctx, plan.community.id, pending)) {
        elsewhere.add(p.hash);
        counts.failed++;
        note({ row: p.row, column: '身份证号', level: 'error', message: ELSEWHERE_MESSAGE });
      }
      pending = [];
    };
    for await (const row of readRows(plan.file, plan.format)) {
      if (row.rowNumber <= plan.headerRow) continue;
      if (stopping()) throw interrupted();
      if (++counts.checked > MAX_IMPORT_ROWS) {
        throw new AppError(400, 'import_too_many_rows', { zh: `表格超过 ${MAX_IMPORT_ROWS} 行，请拆分后分批导入`, en: `The sheet has more than ${MAX_IMPORT_ROWS} rows; split it and import the parts` });
      }
      const { draft, problems } = checkRow(row.cells, row.rowNumber, rc);
      if (draft?.id) {
        const first = firstRowOf.get(draft.id.hash);
        if (first !== undefined) {
          problems.push({ row: row.rowNumber, column: '身份证号', level: 'error', message: { zh: `身份证号与第 ${first} 行重复（表内重复）`, en: `The ID number repeats row ${first} (a duplicate inside the sheet)` } });
        } else firstRowOf.set(draft.id.hash, row.rowNumber);
      }
      const bad = !draft || problems.some((p) => p.level === 'error');
      if (bad) counts.failed++;
      else if (draft.id) pending.push({ hash: draft.id.hash, row: row.rowNumber });
      problems.forEach(note);
      if (pending.length >= BATCH_ROWS) await lookUp();
      if (counts.checked % PROGRESS_EVERY === 0) await save({});
    }
    if (pending.length > 0) await lookUp();
    const total = counts.checked;
    await save({ rowsTotal: total });

    // Pass 2: write, unless all-or-nothing already failed.
    if (!(plan.mode === 'all_or_nothing' && counts.failed > 0)) {
      counts.writing = 1;
      await save({ rowsDone: 0 });
      const households = await HouseholdIndex.load(ctx.db, plan.community.id);
      const w: WriteContext = { communityId: plan.community.id, personal: ctx.personal, userId: plan.userId, now, today, duplicates: plan.duplicates, households };
      const apply = (o: BatchOutcome) => {
        counts.created += o.created;
        counts.updated += o.updated;
        counts.skipped += o.skipped;
        counts.failed += o.failed;
        counts.households += o.newHouseholds.length;
        o.problems.forEach(note);
        for (const h of o.newHouseholds) households.add(h.id, h.nodeId, h.householdNo, h.door);
      };
      const batches = goodBatches(plan, rc, firstRowOf, elsewhere, stopping, interrupted);
      let done = 0;
      if (plan.mode === 'all_or_nothing') {
        try {
          await ctx.db.transaction(async (tx) => {
            for await (const { drafts, rows } of batches) {
              const o = drafts.length > 0 ? await writeBatch(tx, drafts, w) : null;
              if (o) apply(o);
              if (o && o.failed > 0) throw new Rollback();
              done += rows;
              await save({ rowsDone: done });
            }
            counts.committed = 1;
            await recordAudit(tx, plan.actor, ctx.clock.now(), importAudit(current, plan, counts));
          });
        } catch (err) {
          if (!(err instanceof Rollback)) throw err;
          counts.created = 0;
          counts.updated = 0;
          counts.households = 0;
          counts.committed = 0;
        }
      } else {
        for await (const { drafts, rows } of batches) {
          if (drafts.length > 0) try {
            apply(await ctx.db.transaction((tx) => writeBatch(tx, drafts, w)));
          } catch (err) {
            // A batch the database refused: its rows again one at a time, so one bad row costs only itself.
            deps.log.warn({ err, task: task.id }, 'registry import batch refused; retrying row by row');
            for (const d of drafts) {
              try {
                apply(await ctx.db.transaction((tx) => writeBatch(tx, [d], w)));
              } catch (rowErr) {
                deps.log.error({ err: rowErr, task: task.id, row: d.row }, 'registry import row failed');
                counts.failed++;
                note({ row: d.row, column: '', level: 'error', message: { zh: '系统错误，该行未导入', en: 'A server error; the row was not imported' } });
              }
            }
          }
          done += rows;
          await save({ rowsDone: done });
        }
        counts.committed = counts.created + counts.updated > 0 ? 1 : 0;
      }
    }
    if (counts.committed === 0 || plan.mode === 'good_rows') await recordAudit(ctx.db, plan.actor, ctx.clock.now(), importAudit(current, plan, counts));

    await report.commit();
    if (counts.problems > 0) await fsp.rename(reportPart, deps.store.filePath(task.id, '.report.xlsx'));
    else await fsp.rm(reportPart, { force: true });
    const finishedAt = ctx.clock.now().toISOString();
    await save({ status: 'done', rowsDone: total, rowsTotal: total, finishedAt });
  } catch (err) {
    deps.log.error({ err, task: task.id }, 'registry import failed');
    await fsp.rm(reportPart, { force: true });
    const error = err instanceof AppError ? err.messages : { zh: '导入失败，请稍后重试', en: 'The import failed; try again later' };
    await save({ status: 'failed', error, finishedAt: ctx.clock.now().toISOString() });
  } finally {
    await fsp.rm(plan.file, { force: true });
  }
}

/** The audit row: counts and choices, never names or numbers. */
function importAudit(task: TaskManifest, plan: ImportPlan, counts: Record<string, number>) {
  return {
    action: 'registry.import',
    objectType: 'registry_import',
    objectId: task.id,
    orgNodeId: plan.community.id,
    details: {
      mode: plan.mode,
      duplicates: plan.duplicates,
      rows: counts.checked,
      created: counts.created,
      updated: counts.updated,
      skipped: counts.skipped,
      failed: counts.failed,
      households: counts.households,
      committed: counts.committed === 1,
    },
  };
}

/** The rows that passed the check, again from the file, BATCH_ROWS at a time (with how many sheet rows each batch covers). */
async function* goodBatches(plan: ImportPlan, rc: RowContext, firstRowOf: Map<string, number>, elsewhere: Set<string>, stopping: () => boolean, interrupted: () => Error) {
  let drafts: PersonDraft[] = [];
  let rows = 0;
  for await (const row of readRows(plan.file, plan.format)) {
    if (row.rowNumber <= plan.headerRow) continue;
    if (stopping()) throw interrupted();
    rows++;
    const { draft, problems } = checkRow(row.cells, row.rowNumber, rc);
    const good = draft && !problems.some((p) => p.level === 'error') && (!draft.id || (firstRowOf.get(draft.id.hash) === row.rowNumber && !elsewhere.has(draft.id.hash)));
    if (good) drafts.push(draft);
    if (drafts.length >= BATCH_ROWS) {
      yield { drafts, rows };
      drafts = [];
      rows = 0;
    }
  }
  if (drafts.length > 0 || rows > 0) yield { drafts, rows };
}
