import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { recordAudit, type ActorContext } from '../../platform/audit.js';
import { newToken } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { AppError, errors } from '../../platform/errors.js';
import { maskMobile } from '../../platform/masking.js';
import { enqueueOutbox } from '../../platform/outbox.js';
import { hashPassword } from '../../platform/password.js';
import { pinyinKeys } from '../../platform/pinyin.js';
import { sealSms, SMS_CHANNEL } from '../../platform/smsSenders.js';
import { insertSession } from '../auth/auth.repo.js';
import { presentSelf } from '../auth/auth.service.js';
import { outboxDispatcherOf } from '../notifications/notifications.dispatcher.js';
import { cleanDisplayName, cleanMobile } from '../users/users.input.js';
import { insertUser } from '../users/users.repo.js';
import { assertMaySend, OTP_RULES } from './otp.limits.js';
import * as repo from './otp.repo.js';

/**
 * Sign up and sign in with a mobile number and a one-time code (docs/adr/0019).
 *
 * Asking for a code never looks the number up: the answer, and the work behind it (a keyed hash, one row, one
 * outbox message), is the same for every number, registered or not. Only someone holding the code learns anything
 * about the account behind the number: it is created, signed in, disabled, or a staff account that must use its
 * password.
 */

export const otpErrors = {
  wrong: (triesLeft: number) =>
    errors.badRequest('otp_wrong', `验证码不正确，还可以再试 ${triesLeft} 次`, `That code is not right; ${triesLeft} more tries`, { triesLeft }),
  expired: () => errors.badRequest('otp_expired', '验证码已失效，请重新获取', 'That code has expired or was replaced; ask for a new one'),
  tooManyTries: () =>
    errors.badRequest('otp_too_many_tries', '验证码错误次数过多，已失效，请重新获取', 'Too many wrong tries; this code no longer works, ask for a new one'),
  staffAccount: () =>
    new AppError(403, 'otp_password_required', {
      zh: '该号码属于工作人员账号，请使用用户名和密码登录',
      en: 'This number belongs to a staff account; sign in with the username and password',
    }),
  unavailable: () =>
    new AppError(503, 'sms_unavailable', {
      zh: '短信验证码暂未开通，请联系社区工作人员',
      en: 'Sign-in by text message is not available here; please ask your community office',
    }),
};

function requireMobile(raw: string): string {
  const mobile = cleanMobile(raw);
  if (!mobile) throw errors.badRequest('invalid_mobile', '请填写 11 位手机号码', 'Enter an 11-digit mobile number');
  return mobile;
}

/** Keyed hashes: the number for the table and the counters, the code bound to the number. */
const mobileKey = (ctx: AppContext, mobile: string) => ctx.personal.hash(`otp-mobile:${mobile}`);
const codeHash = (ctx: AppContext, key: string, code: string) => ctx.personal.hash(`otp-code:${key}:${code}`);

export interface SendResult {
  resendAfterSeconds: number;
  expiresInSeconds: number;
}

export async function sendCode(ctx: AppContext, rawMobile: string): Promise<SendResult> {
  const mobile = requireMobile(rawMobile);
  if (ctx.config.sms.sender === 'none') throw otpErrors.unavailable();
  const key = mobileKey(ctx, mobile);
  await assertMaySend(ctx.counters, key);
  const code = String(randomInt(0, 10 ** OTP_RULES.digits)).padStart(OTP_RULES.digits, '0');
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + OTP_RULES.ttlMs);
  await ctx.db.transaction(async (tx) => {
    await repo.replaceCode(tx, { mobileHash: key, codeHash: codeHash(ctx, key, code), createdAt: now, expiresAt });
    await enqueueOutbox(tx, [{ channel: SMS_CHANNEL, recipientUserId: null, payload: { ...sealSms(ctx.personal, 'otp', mobile, { code }, expiresAt) } }], now);
  });
  outboxDispatcherOf(ctx).kick();
  return { resendAfterSeconds: OTP_RULES.resendMs / 1000, expiresInSeconds: OTP_RULES.ttlMs / 1000 };
}

/** Check the code; on success the code is used up. Errors: otp_expired, otp_wrong (tries left), otp_too_many_tries. */
async function useCode(ctx: AppContext, key: string, code: string): Promise<void> {
  const now = ctx.clock.now();
  const row = await repo.latestOpenCode(ctx.db, key);
  if (!row || row.expiresAt <= now) throw otpErrors.expired();
  if (row.attempts >= OTP_RULES.maxTries) throw otpErrors.tooManyTries();
  const given = Buffer.from(codeHash(ctx, key, code), 'hex');
  const right = given.length === 32 && timingSafeEqual(given, Buffer.from(row.codeHash, 'hex'));
  if (!right) {
    const attempts = await repo.countWrongTry(ctx.db, row.id, OTP_RULES.maxTries);
    if (attempts === null || attempts >= OTP_RULES.maxTries) throw otpErrors.tooManyTries();
    throw otpErrors.wrong(OTP_RULES.maxTries - attempts);
  }
  if (!(await repo.consumeCode(ctx.db, row.id, now, OTP_RULES.maxTries))) throw otpErrors.expired();
}

/** A username nobody types: "r" + the number's last four + six random hex digits (never shaped like a mobile). */
function derivedUsername(mobile: string): string {
  return `r${mobile.slice(-4)}_${randomBytes(3).toString('hex')}`;
}

export async function verifyCode(ctx: AppContext, actor: ActorContext, rawMobile: string, code: string, rawDisplayName?: string) {
  const mobile = requireMobile(rawMobile);
  const displayName = rawDisplayName?.trim() ? cleanDisplayName(rawDisplayName) : `居民${mobile.slice(-4)}`;
  const key = mobileKey(ctx, mobile);
  await useCode(ctx, key, code);
  // The password nobody knows: a resident who wants one sets it later; until then only codes sign them in.
  const unusable = await hashPassword(randomBytes(32).toString('base64url'));
  const now = ctx.clock.now();
  const { token, tokenHash } = newToken();
  const expiresAt = new Date(now.getTime() + ctx.config.sessionTtlHours * 3_600_000);
  const result = await ctx.db.transaction(async (tx) => {
    let user = await repo.findUserByMobile(tx, mobile);
    let created = false;
    if (user) {
      const roles = await repo.roleNames(tx, user.id);
      if (roles.some((r) => r !== 'resident')) throw otpErrors.staffAccount();
      if (user.disabled) throw errors.accountDisabled();
    } else {
      const homeNodeId = await repo.rootNodeId(tx);
      const keys = pinyinKeys(displayName);
      const id = await insertUser(tx, {
        username: derivedUsername(mobile),
        displayName,
        namePinyin: keys.full,
        nameInitials: keys.initials,
        mobile,
        passwordHash: unusable,
        homeNodeId,
      });
      await recordAudit(tx, { ...actor, userId: id }, now, {
        action: 'account.sign_up',
        objectType: 'user',
        objectId: id,
        orgNodeId: homeNodeId,
        details: { method: 'otp', mobile: maskMobile(mobile) },
      });
      user = (await repo.findUserByMobile(tx, mobile))!;
      created = true;
    }
    await insertSession(tx, { tokenHash, userId: user.id, createdAt: now, expiresAt, ip: actor.ip, userAgent: actor.userAgent });
    await recordAudit(tx, { ...actor, userId: user.id }, now, {
      action: 'auth.login',
      objectType: 'user',
      objectId: user.id,
      orgNodeId: user.homeNodeId,
      details: { method: 'otp' },
    });
    return { user, created };
  });
  return { token, expiresAt, created: result.created, user: presentSelf(result.user) };
}

export const OTP_PURGE_JOB = 'accounts.otp_purge';

/** Used and expired codes are kept a day (for the counts an investigation may want), then deleted. */
export function registerOtpJobs(ctx: AppContext): void {
  ctx.jobs.register({
    name: OTP_PURGE_JOB,
    intervalMs: 3_600_000,
    run: async (now) => void (await repo.purgeCodes(ctx.db, new Date(now.getTime() - 24 * 3_600_000))),
  });
}
