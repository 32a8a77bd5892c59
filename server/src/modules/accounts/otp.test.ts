import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, errorCode, loginAs, type TestApp } from '../../../test/app.js';
import { createOrgTree, createUser, TEST_PASSWORD } from '../../../test/factories.js';
import { loadConfig } from '../../config.js';
import { otpCodes } from '../../db/schema/accounts.js';
import { outbox } from '../../db/schema/platform.js';
import { auditLog } from '../../db/schema/platform.js';
import { freshIp, lastCodeFor } from '../../../test/accounts.js';

let t: TestApp;
let tree: Awaited<ReturnType<typeof createOrgTree>>;
const STAFF_MOBILE = '13800138000';
const RESIDENT_MOBILE = '13900139001';

beforeAll(async () => {
  t = await createTestApp({ DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'lianxin-otp-')) });
  tree = await createOrgTree(t.database.db);
  await createUser(t.database.db, {
    username: 'staff.a',
    mobile: STAFF_MOBILE,
    homeNodeId: tree.communityA.id,
    roles: [{ role: 'community_staff', orgNodeId: tree.communityA.id }],
  });
  await createUser(t.database.db, { username: 'res.a', mobile: RESIDENT_MOBILE, homeNodeId: tree.unitA1.id, roles: [{ role: 'resident', orgNodeId: tree.unitA1.id }] });
});
afterAll(() => t.close());

const send = (mobile: string, ip: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/otp/send', remoteAddress: ip, payload: { mobile } });
const verify = (mobile: string, code: string | undefined, ip: string, displayName?: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/otp/verify', remoteAddress: ip, payload: { mobile, code, displayName } });
const minutes = (n: number) => t.clock.advance(n * 60_000);

describe('asking for a code', () => {
  it('answers byte for byte the same for a registered, a staff and an unknown number', async () => {
    const answers = await Promise.all([send(RESIDENT_MOBILE, freshIp()), send(STAFF_MOBILE, freshIp()), send('13700137000', freshIp())]);
    for (const res of answers) expect(res.statusCode).toBe(200);
    expect(new Set(answers.map((r) => r.body)).size).toBe(1);
    expect(answers[0]!.json()).toEqual({ sent: true, resendAfterSeconds: 60, expiresInSeconds: 300 });
    // The refusal for asking again too soon is the same too.
    const again = await Promise.all([send(RESIDENT_MOBILE, freshIp()), send('13700137000', freshIp())]);
    expect(again.map((r) => r.statusCode)).toEqual([429, 429]);
    expect(again[0]!.body).toBe(again[1]!.body);
    expect(again[0]!.headers['retry-after']).toBe(again[1]!.headers['retry-after']);
  });

  it('keeps neither the number nor the code in plain text: hashed row, sealed outbox message', async () => {
    const mobile = '13600136000';
    await send(mobile, freshIp());
    const code = await lastCodeFor(t, mobile);
    expect(code).toMatch(/^\d{6}$/);
    const codes = JSON.stringify(await t.database.db.select().from(otpCodes));
    expect(codes).not.toContain(mobile);
    expect(codes).not.toContain(`"${code}"`);
    const messages = await t.database.db.select().from(outbox).where(eq(outbox.channel, 'sms'));
    expect(messages.length).toBeGreaterThan(0);
    const text = JSON.stringify(messages.map((m) => m.payload));
    expect(text).not.toContain(mobile);
    expect(messages.every((m) => m.status === 'sent')).toBe(true);
  });

  it('refuses a number that is not a mobile number with 400', async () => {
    const res = await send('12345', freshIp());
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('invalid_mobile');
  });

  it('limits a number to five codes an hour, each a minute apart', async () => {
    const mobile = '13500135000';
    for (let i = 0; i < 5; i++) {
      expect((await send(mobile, freshIp())).statusCode).toBe(200);
      minutes(1.1);
    }
    const sixth = await send(mobile, freshIp());
    expect(sixth.statusCode).toBe(429);
    expect(errorCode(sixth)).toBe('rate_limited');
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(60);
    minutes(60);
    expect((await send(mobile, freshIp())).statusCode).toBe(200);
  });

  it('limits one address to ten codes an hour across numbers', async () => {
    const ip = freshIp();
    for (let i = 0; i < 10; i++) expect((await send(`1330013${String(1000 + i)}`, ip)).statusCode).toBe(200);
    const eleventh = await send('13300139999', ip);
    expect(eleventh.statusCode).toBe(429);
    expect(eleventh.headers['retry-after']).toBeDefined();
  });
});

describe('signing in with a code', () => {
  it('creates a resident account for a new number, filed at the top of the tree until it joins', async () => {
    const mobile = '13100131000';
    const ip = freshIp();
    await send(mobile, ip);
    const res = await verify(mobile, await lastCodeFor(t, mobile), ip);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.created).toBe(true);
    expect(body.user).toMatchObject({ displayName: '居民1000', mobile: '131****1000', homeNodeId: tree.region.id });
    expect(body.user.username).toMatch(/^r1000_[0-9a-f]{6}$/);
    expect(res.cookies.find((c) => c.name === 'lianxin_session')?.httpOnly).toBe(true);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(body.token) });
    expect(me.json().roles).toEqual([]);
    // The random password nobody knows does not sign in.
    const pw = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: freshIp(), payload: { username: mobile, password: TEST_PASSWORD } });
    expect(pw.statusCode).toBe(401);
    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'account.sign_up'));
    expect(audits.some((a) => a.objectId === String(body.user.id))).toBe(true);
    expect(JSON.stringify(audits)).not.toContain(mobile);

    // The next code signs the same account in.
    minutes(2);
    await send(mobile, ip);
    const again = await verify(mobile, await lastCodeFor(t, mobile), ip);
    expect(again.json()).toMatchObject({ created: false, user: { id: body.user.id } });
  });

  it('takes the name a new resident gives', async () => {
    const mobile = '13100131001';
    const ip = freshIp();
    await send(mobile, ip);
    const res = await verify(mobile, await lastCodeFor(t, mobile), ip, '赵小明');
    expect(res.json().user.displayName).toBe('赵小明');
  });

  it('signs an existing resident in by their number', async () => {
    const ip = freshIp();
    minutes(2);
    await send(RESIDENT_MOBILE, ip);
    const res = await verify(RESIDENT_MOBILE, await lastCodeFor(t, RESIDENT_MOBILE), ip);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: false, user: { username: 'res.a' } });
  });

  it('never signs a staff account in by code; its password still works', async () => {
    const ip = freshIp();
    minutes(2);
    await send(STAFF_MOBILE, ip);
    const res = await verify(STAFF_MOBILE, await lastCodeFor(t, STAFF_MOBILE), ip);
    expect(res.statusCode).toBe(403);
    expect(errorCode(res)).toBe('otp_password_required');
    expect(res.json().error.messages.en).toContain('password');
    expect(await loginAs(t.app, 'staff.a', TEST_PASSWORD)).toBeTruthy();
  });

  it('answers a wrong code with the tries left, then kills the code after five', async () => {
    const mobile = '13200132000';
    const ip = freshIp();
    await send(mobile, ip);
    const right = (await lastCodeFor(t, mobile))!;
    const wrong = right === '000000' ? '111111' : '000000';
    const first = await verify(mobile, wrong, ip);
    expect(first.statusCode).toBe(400);
    expect(errorCode(first)).toBe('otp_wrong');
    expect(first.json().error.details).toEqual({ triesLeft: 4 });
    for (let i = 0; i < 3; i++) expect(errorCode(await verify(mobile, wrong, ip))).toBe('otp_wrong');
    const fifth = await verify(mobile, wrong, ip);
    expect(errorCode(fifth)).toBe('otp_too_many_tries');
    const late = await verify(mobile, right, ip);
    expect(late.statusCode).toBe(400);
    expect(errorCode(late)).toBe('otp_too_many_tries');
  });

  it('refuses an expired code, a replaced code and a used code', async () => {
    const mobile = '13200132001';
    const ip = freshIp();
    await send(mobile, ip);
    const old = await lastCodeFor(t, mobile);
    minutes(5.1);
    expect(errorCode(await verify(mobile, old, ip))).toBe('otp_expired');
    await send(mobile, ip);
    const replaced = await lastCodeFor(t, mobile);
    minutes(1.1);
    await send(mobile, ip);
    const current = await lastCodeFor(t, mobile);
    if (replaced !== current) expect(errorCode(await verify(mobile, replaced, ip))).toMatch(/^otp_(wrong|expired)$/);
    expect((await verify(mobile, current, ip)).statusCode).toBe(200);
    const reused = await verify(mobile, current, ip);
    expect(reused.statusCode).toBe(400);
    expect(errorCode(reused)).toBe('otp_expired');
  });

  it('answers the same for a wrong code whether or not the number has an account', async () => {
    minutes(2);
    const a = freshIp();
    const b = freshIp();
    await send(RESIDENT_MOBILE, a);
    await send('13200132009', b);
    const known = await verify(RESIDENT_MOBILE, '999999', a);
    const unknown = await verify('13200132009', '999999', b);
    // (both codes being 999999 is one in a million; then the answers differ and this fails loudly)
    expect(known.statusCode).toBe(400);
    expect(known.body).toBe(unknown.body);
    const never = await verify('13200132010', '123456', freshIp());
    expect(never.statusCode).toBe(400);
    expect(errorCode(never)).toBe('otp_expired');
  });

  it('refuses a malformed code as a validation error', async () => {
    const res = await verify('13200132011', '12ab', freshIp());
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('validation_failed');
  });
});

describe('SMS configuration', () => {
  const keys = { PERSONAL_DATA_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`, PERSONAL_DATA_HASH_KEY: Buffer.alloc(32, 2).toString('base64') };
  it('refuses the development sender in production and defaults to none there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', SMS_SENDER: 'log', ...keys })).toThrow(/SMS_SENDER=log is refused/);
    expect(loadConfig({ NODE_ENV: 'production', ...keys }).sms.sender).toBe('none');
    expect(loadConfig({ NODE_ENV: 'development' }).sms.sender).toBe('log');
  });
  it('needs an https address, a token and a template for the HTTP gateway in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', SMS_SENDER: 'http', SMS_HTTP_URL: 'http://sms.example.cn/send', ...keys })).toThrow(/SMS_HTTP_URL/);
    expect(() => loadConfig({ NODE_ENV: 'production', SMS_SENDER: 'http', SMS_HTTP_URL: 'https://sms.example.cn/send', ...keys })).toThrow(/SMS_HTTP_TOKEN/);
    const ok = loadConfig({
      NODE_ENV: 'production',
      SMS_SENDER: 'http',
      SMS_HTTP_URL: 'https://sms.example.cn/send',
      SMS_HTTP_TOKEN: 'x'.repeat(24),
      SMS_TEMPLATE_ID: 'SMS_1234',
      ...keys,
    });
    expect(ok.sms).toMatchObject({ sender: 'http', httpUrl: 'https://sms.example.cn/send', signName: '连心', templateId: 'SMS_1234' });
  });
});
