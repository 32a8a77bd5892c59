import { AppError, errors } from '../../platform/errors.js';
import { pgErrorCode } from '../org/org.service.js';

/** The refusals of the rooms module, each with a stable code and a Chinese and English message. */

export { pgErrorCode };

/** The constraint a PostgreSQL error names, looking through Drizzle's wrapping. */
export function pgConstraint(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const constraint = (e as { constraint?: unknown }).constraint;
    if (typeof constraint === 'string') return constraint;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** SQLSTATE of an exclusion-constraint violation: the booking overlaps one that holds the room. */
export const EXCLUSION_VIOLATION = '23P01';
/** Serialization failure or deadlock: the transaction may simply be run again. */
export const RETRYABLE = new Set(['40001', '40P01']);

export const roomErrors = {
  windowInvalid: (zh: string, en: string, details?: unknown) => errors.badRequest('booking_window_invalid', zh, en, details),
  tooSoon: (earliest: string) =>
    errors.badRequest('booking_too_soon', `预约须提前，最早可预约 ${earliest} 开始的时段`, `Too short notice: the earliest start you can book is ${earliest}`, {
      earliest,
    }),
  tooFar: (lastDate: string, days: number) =>
    errors.badRequest('booking_too_far', `最多可提前 ${days} 天预约（至 ${lastDate}）`, `Bookings open at most ${days} days ahead (until ${lastDate})`, {
      lastDate,
      maxAdvanceDays: days,
    }),
  closed: (date: string, hoursZh: string, hoursEn: string, hours: unknown) =>
    errors.badRequest(
      'room_closed',
      `所选时间不在开放时间内。${date} 的开放时间：${hoursZh}`,
      `The room is not open for all of that time. Opening hours on ${date}: ${hoursEn}`,
      { date, hours },
    ),
  quotaExceeded: (details: { scope: 'room' | 'center'; subject: 'team' | 'resident'; limitMinutes: number; usedMinutes: number; requestedMinutes: number; weekStart: string }) => {
    const team = details.subject === 'team';
    const room = details.scope === 'room';
    const h = (m: number) => Number((m / 60).toFixed(2));
    return errors.conflict(
      'quota_exceeded',
      `超出每周预约时长：${team ? '团队' : '您'}在${room ? '该功能室' : '本中心'}每周最多 ${h(details.limitMinutes)} 小时，${details.weekStart} 这周已约 ${h(details.usedMinutes)} 小时，本次 ${h(details.requestedMinutes)} 小时`,
      `Weekly quota exceeded: ${team ? 'the team' : 'you'} may hold at most ${h(details.limitMinutes)} h a week in ${room ? 'this room' : 'this center'}; the week of ${details.weekStart} already has ${h(details.usedMinutes)} h and this asks for ${h(details.requestedMinutes)} h`,
      details,
    );
  },
  suspended: (until: string, team: boolean) =>
    errors.conflict(
      'booking_suspended',
      `${team ? '该团队' : '您'}因多次预约未到，暂停预约至 ${until}`,
      `${team ? 'The team has' : 'You have'} missed too many bookings: booking is suspended until ${until}`,
      { until },
    ),
  notMember: () => errors.forbidden(undefined, { zh: '您不是该团队的成员，不能以团队名义预约', en: 'You are not a member of that team, so you cannot book for it' }),
  teamInactive: () => errors.conflict('team_inactive', '该团队已停用', 'That team is no longer active'),
  wrongStatus: (status: string, zh: string, en: string) => errors.conflict('booking_status', zh, en, { status }),
  cancelTooLate: (deadline: string) =>
    errors.conflict(
      'cancel_too_late',
      `已过取消期限（${deadline} 前可取消），请联系社区工作人员`,
      `Too late to cancel (the deadline was ${deadline}); please contact the center’s staff`,
      { deadline },
    ),
  started: () => errors.conflict('booking_started', '预约已开始，不能再修改', 'The booking has already started'),
};

export function isRetryable(err: unknown): boolean {
  const code = pgErrorCode(err);
  return code !== undefined && RETRYABLE.has(code);
}

/** Run a write transaction again (up to three times) when PostgreSQL aborted it as a deadlock victim. */
export async function withRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= 3 || !isRetryable(err) || err instanceof AppError) throw err;
    }
  }
}
