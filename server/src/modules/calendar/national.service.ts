import type { NationalYearSource } from '../../db/schema/calendar.js';
import type { Principal } from '../../platform/access.js';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import { shanghaiDate } from '../../platform/calendar.js';
import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import type { SpecialDay } from '../../platform/nationalCalendar.js';
import { invalidateNationalCalendar } from '../../platform/nationalCalendarStore.js';
import * as policy from './calendar.policy.js';
import { checkFormDays, readImportFile } from './national.import.js';
import * as repo from './national.repo.js';
import type { ImportYearBody, PutYearBody } from './national.schema.js';

/**
 * The national holiday schedule (全国节假日安排), year by year. Entering or importing a year replaces its
 * holidays and make-up workdays in one transaction with the audit row and a recompute of the open requests'
 * deadlines that touch the year (done in batches by the requests module's job, modules/requests/deadlines/recompute.ts).
 * After commit this process forgets its cached national calendar; other processes notice within a minute
 * (platform/nationalCalendarStore.ts).
 */

/** A schedule is published for the next year only; two years ahead is the furthest worth entering. */
const YEARS_AHEAD = 2;

function currentYear(ctx: AppContext): number {
  return Number(shanghaiDate(ctx.clock.now()).slice(0, 4));
}

function presentYear(row: repo.YearRow, recompute: repo.RecomputeRow | undefined) {
  return {
    year: row.year,
    source: row.source,
    sourceNote: row.sourceNote,
    enteredBy: row.enteredById !== null && row.enteredByName !== null ? { id: row.enteredById, displayName: row.enteredByName } : null,
    enteredAt: row.enteredAt.toISOString(),
    holidays: row.holidays,
    makeupWorkdays: row.makeupWorkdays,
    recompute: recompute
      ? {
          status: recompute.status,
          processed: recompute.processed,
          moved: recompute.moved,
          requestedAt: recompute.requestedAt.toISOString(),
          finishedAt: recompute.finishedAt?.toISOString() ?? null,
        }
      : null,
  };
}

export async function listNational(ctx: AppContext, principal: Principal) {
  const [rows, recomputes] = await Promise.all([repo.listYears(ctx.db), repo.latestRecomputes(ctx.db)]);
  const known = new Set(rows.map((r) => r.year));
  const thisYear = currentYear(ctx);
  return {
    years: rows.map((r) => presentYear(r, recomputes.get(r.year))),
    missing: [thisYear, thisYear + 1].filter((y) => !known.has(y)),
    actions: policy.nationalActions(principal),
  };
}

export async function getYear(ctx: AppContext, principal: Principal, year: number) {
  const [row, days, recomputes] = await Promise.all([repo.findYear(ctx.db, year), repo.daysOfYear(ctx.db, year), repo.latestRecomputes(ctx.db)]);
  return {
    year,
    entry: row ? presentYear(row, recomputes.get(year)) : null,
    days,
    actions: policy.nationalActions(principal),
  };
}

function sourceNoteOf(value: string): string {
  const note = value.trim();
  if (!note) {
    throw errors.badRequest(
      'calendar_source_required',
      '请注明依据，如国务院办公厅通知的文号',
      'Say where the dates come from, e.g. the number of the State Council notice',
      { field: 'sourceNote' },
    );
  }
  return note;
}

function checkYearInReach(ctx: AppContext, year: number): void {
  const latest = currentYear(ctx) + YEARS_AHEAD;
  if (year > latest) {
    throw errors.badRequest(
      'calendar_year_too_far',
      `只能录入到 ${latest} 年：节假日安排每年只公布下一年`,
      `Years up to ${latest} can be entered: each schedule is published for the next year only`,
      { year, latest },
    );
  }
}

/** What changed against the days there before, for the audit row. */
function changesFrom(previous: readonly SpecialDay[], next: readonly SpecialDay[]) {
  const before = new Map(previous.map((d) => [d.date, d]));
  const after = new Map(next.map((d) => [d.date, d]));
  const added = next.filter((d) => !before.has(d.date)).map((d) => d.date);
  const removed = previous.filter((d) => !after.has(d.date)).map((d) => d.date);
  const changed = next
    .filter((d) => {
      const old = before.get(d.date);
      return old !== undefined && (old.kind !== d.kind || old.name !== d.name || old.nameEn !== d.nameEn);
    })
    .map((d) => d.date);
  return { added, removed, changed };
}

async function saveYear(
  ctx: AppContext,
  principal: Principal,
  actor: ActorContext,
  year: number,
  entry: { source: NationalYearSource; sourceNote: string; fileName?: string },
  days: SpecialDay[],
) {
  const regionNodeId = policy.assertCanManageNational(principal);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const previous = await repo.lockYear(tx, year);
    const previousDays = previous ? await repo.daysOfYear(tx, year) : [];
    await repo.replaceYear(tx, { year, source: entry.source, sourceNote: entry.sourceNote, enteredBy: principal.userId, enteredAt: now }, days);
    const changes = changesFrom(previousDays, days);
    const daysChanged = !previous || changes.added.length + changes.removed.length + changes.changed.length > 0;
    // Same days again (a corrected note): nothing to count again.
    if (daysChanged) await repo.insertRecompute(tx, { year, requestedAt: now, requestedBy: principal.userId });
    await recordAudit(tx, actor, now, {
      action: entry.source === 'imported' ? 'calendar.national_year_import' : 'calendar.national_year_enter',
      objectType: 'national_calendar_year',
      objectId: year,
      orgNodeId: regionNodeId,
      details: {
        year,
        sourceNote: entry.sourceNote,
        ...(entry.fileName ? { fileName: entry.fileName } : {}),
        holidays: days.filter((d) => d.kind === 'holiday').length,
        makeupWorkdays: days.filter((d) => d.kind === 'workday').length,
        ...changes,
        previous: previous ? { source: previous.source, sourceNote: previous.sourceNote } : null,
        recompute: daysChanged,
      },
    });
  });
  invalidateNationalCalendar();
  return getYear(ctx, principal, year);
}

export async function putYear(ctx: AppContext, principal: Principal, actor: ActorContext, year: number, body: PutYearBody) {
  policy.assertCanManageNational(principal);
  checkYearInReach(ctx, year);
  const days = checkFormDays(year, body.days);
  return saveYear(ctx, principal, actor, year, { source: 'entered', sourceNote: sourceNoteOf(body.sourceNote) }, days);
}

export async function importYear(ctx: AppContext, principal: Principal, actor: ActorContext, year: number, body: ImportYearBody) {
  policy.assertCanManageNational(principal);
  checkYearInReach(ctx, year);
  const sourceNote = sourceNoteOf(body.sourceNote);
  const days = readImportFile(year, body.fileName, body.content);
  if (body.preview) {
    const current = await getYear(ctx, principal, year);
    return { saved: false, year, entry: current.entry, days, actions: current.actions };
  }
  const saved = await saveYear(ctx, principal, actor, year, { source: 'imported', sourceNote, fileName: body.fileName }, days);
  return { saved: true, year, entry: saved.entry, days: saved.days, actions: saved.actions };
}
