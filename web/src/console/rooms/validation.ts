import { SLOT_MINUTES, type ExceptionInput, type HoursRule, type RoomRules } from '@/shared/api/roomsApi';
import type { FormProblem } from '@/shared/rooms/bookingForm';
import { clockMinutes } from '@/shared/rooms/time';

/**
 * Checks of the staff forms (room rules, opening-hour rules, exceptions), the same the server applies, so a
 * mistake is pointed out beside the field instead of coming back as a 400. Each problem is a message key
 * under roomsAdmin.errors with its parameters.
 */

/** The defaults the server gives a new room (rooms.service.ts), shown in the form so staff see what they get. */
export const DEFAULT_RULES: RoomRules = {
  slotMinutes: 30,
  minBookingMinutes: 30,
  maxBookingMinutes: 240,
  minNoticeMinutes: 30,
  maxAdvanceDays: 60,
  cancelNoticeMinutes: 120,
  noShowReleaseMinutes: 15,
  checkinOpensMinutes: 15,
};

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export function validateRoomRules(rules: RoomRules): FormProblem[] {
  const problems: FormProblem[] = [];
  if (!(SLOT_MINUTES as readonly number[]).includes(rules.slotMinutes)) problems.push({ key: 'roomsAdmin.errors.slot' });
  if (rules.maxBookingMinutes < rules.minBookingMinutes) problems.push({ key: 'roomsAdmin.errors.maxBelowMin' });
  if (rules.minBookingMinutes % rules.slotMinutes !== 0 || rules.maxBookingMinutes % rules.slotMinutes !== 0) {
    problems.push({ key: 'roomsAdmin.errors.lengthOffGrid', params: { minutes: rules.slotMinutes } });
  }
  if (rules.maxBookingMinutes > 1440) problems.push({ key: 'roomsAdmin.errors.tooLong' });
  if (rules.maxAdvanceDays < 1 || rules.maxAdvanceDays > 366) problems.push({ key: 'roomsAdmin.errors.advance' });
  if (rules.noShowReleaseMinutes < 1) problems.push({ key: 'roomsAdmin.errors.release' });
  return problems;
}

export function validateHoursRule(rule: HoursRule): FormProblem[] {
  const problems: FormProblem[] = [];
  if (rule.weekdays.length === 0) problems.push({ key: 'roomsAdmin.errors.weekdays' });
  if (!CLOCK.test(rule.opens) || !CLOCK.test(rule.closes)) problems.push({ key: 'roomsAdmin.errors.clock' });
  else if (clockMinutes(rule.closes) <= clockMinutes(rule.opens)) problems.push({ key: 'roomsAdmin.errors.closesBeforeOpens' });
  if (rule.validFrom && rule.validTo && rule.validTo < rule.validFrom) problems.push({ key: 'roomsAdmin.errors.validRange' });
  return problems;
}

/**
 * Problems of every rule, each with the rule's row number (1-based) among its parameters. Rules starting on the
 * same date form one rule set: they must end on the same date too, and their stretches may not overlap on a
 * weekday (the server refuses both).
 */
export function validateHoursRules(rules: readonly HoursRule[]): FormProblem[] {
  const problems = rules.flatMap((rule, i) => validateHoursRule(rule).map((p) => ({ key: p.key, params: { ...p.params, row: i + 1 } })));
  rules.forEach((rule, i) => {
    const earlier = rules.slice(0, i).filter((r) => (r.validFrom ?? null) === (rule.validFrom ?? null));
    if (earlier.some((r) => (r.validTo ?? null) !== (rule.validTo ?? null))) {
      problems.push({ key: 'roomsAdmin.errors.ruleSetMismatch', params: { row: i + 1 } });
      return;
    }
    const clash = earlier.some(
      (r) =>
        r.weekdays.some((d) => rule.weekdays.includes(d)) &&
        CLOCK.test(r.opens) &&
        CLOCK.test(r.closes) &&
        CLOCK.test(rule.opens) &&
        CLOCK.test(rule.closes) &&
        clockMinutes(r.opens) < clockMinutes(rule.closes) &&
        clockMinutes(rule.opens) < clockMinutes(r.closes),
    );
    if (clash) problems.push({ key: 'roomsAdmin.errors.ruleOverlap', params: { row: i + 1 } });
  });
  return problems;
}

export function validateException(input: ExceptionInput): FormProblem[] {
  const problems: FormProblem[] = [];
  if (!input.dateFrom) problems.push({ key: 'roomsAdmin.errors.dateFrom' });
  if (input.dateTo && input.dateFrom && input.dateTo < input.dateFrom) problems.push({ key: 'roomsAdmin.errors.dateRange' });
  const hasOpens = !!input.opens;
  const hasCloses = !!input.closes;
  if (input.kind !== 'closed' && (!hasOpens || !hasCloses)) problems.push({ key: 'roomsAdmin.errors.hoursNeeded' });
  if (input.kind === 'closed' && hasOpens !== hasCloses) problems.push({ key: 'roomsAdmin.errors.bothOrNeither' });
  if (hasOpens && hasCloses) {
    if (!CLOCK.test(input.opens!) || !CLOCK.test(input.closes!)) problems.push({ key: 'roomsAdmin.errors.clock' });
    else if (clockMinutes(input.closes!) <= clockMinutes(input.opens!)) problems.push({ key: 'roomsAdmin.errors.closesBeforeOpens' });
  }
  return problems;
}

/** One quota per room (or the whole center) and subject; hours in quarter hours up to a week. */
export function validateQuotas(quotas: readonly { roomId: number | null; subject: string; hoursPerWeek: number }[]): FormProblem[] {
  const problems: FormProblem[] = [];
  const seen = new Set<string>();
  quotas.forEach((q, i) => {
    const key = `${q.roomId ?? 'center'}:${q.subject}`;
    if (seen.has(key)) problems.push({ key: 'roomsAdmin.errors.quotaDuplicate', params: { row: i + 1 } });
    seen.add(key);
    if (!(q.hoursPerWeek >= 0 && q.hoursPerWeek <= 168) || Math.round(q.hoursPerWeek * 4) !== q.hoursPerWeek * 4) {
      problems.push({ key: 'roomsAdmin.errors.quotaHours', params: { row: i + 1 } });
    }
  });
  return problems;
}
