import type { CounterStore } from '../../platform/counters.js';
import { errors } from '../../platform/errors.js';

/**
 * The rules of a sign-in code (docs/adr/0019): six digits, good for five minutes, five wrong tries kill it; a new
 * code for the same number after a minute, at most five an hour and ten a day. Per address the route's rate-limit
 * class `otp` applies (platform/rateLimit.ts). Counters are keyed by the number's keyed hash, never the number.
 */
export const OTP_RULES = {
  digits: 6,
  ttlMs: 5 * 60_000,
  maxTries: 5,
  resendMs: 60_000,
  perHour: 5,
  perDay: 10,
} as const;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function tooSoon(ms: number, zh: string, en: string): Error {
  return errors.rateLimited(Math.max(1, Math.ceil(ms / 1000)), zh, en);
}

/** Refuse (429 with Retry-After) when this number had a code within a minute or too many this hour or day. */
export async function assertMaySend(store: CounterStore, mobileKey: string): Promise<void> {
  const wait = await store.markedFor(`otp:resend:${mobileKey}`);
  if (wait > 0) {
    throw tooSoon(wait, `验证码已发送，请 ${Math.ceil(wait / 1000)} 秒后再重新获取`, `A code was just sent; you can ask again in ${Math.ceil(wait / 1000)} s`);
  }
  const hour = await store.hit(`otp:hour:${mobileKey}`, HOUR);
  if (hour.count > OTP_RULES.perHour) {
    throw tooSoon(hour.resetInMs, '该号码获取验证码过于频繁，请一小时后再试', 'Too many codes for this number; please try again in an hour');
  }
  const day = await store.hit(`otp:day:${mobileKey}`, DAY);
  if (day.count > OTP_RULES.perDay) {
    throw tooSoon(day.resetInMs, '该号码今天获取验证码的次数已用完，请明天再试', 'This number has had all its codes for today; please try again tomorrow');
  }
  await store.mark(`otp:resend:${mobileKey}`, OTP_RULES.resendMs);
}
