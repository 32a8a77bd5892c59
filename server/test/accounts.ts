import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { TestApp } from './app.js';
import { outboxDispatcherOf } from '../src/modules/notifications/notifications.dispatcher.js';

/** Test helpers: the code the development sender wrote for a number, and a whole sign-up by code. */
export async function lastCodeFor(t: TestApp, mobile: string): Promise<string | undefined> {
  await outboxDispatcherOf(t.app.ctx).drain();
  const file = path.join(t.app.ctx.config.dataDir, 'dev-sms.log');
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { to: string; params: { code: string } })
    .filter((l) => l.to === mobile);
  return lines.at(-1)?.params.code;
}

let ipCounter = 0;
/** A fresh address per call, so the per-address limits of one test do not spill into another. */
export function freshIp(): string {
  ipCounter += 1;
  return `10.9.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
}

export async function signUpByCode(t: TestApp, mobile: string, displayName?: string): Promise<{ token: string; userId: number }> {
  const ip = freshIp();
  const sent = await t.app.inject({ method: 'POST', url: '/api/v1/auth/otp/send', remoteAddress: ip, payload: { mobile } });
  if (sent.statusCode !== 200) throw new Error(`send failed: ${sent.body}`);
  const code = await lastCodeFor(t, mobile);
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/otp/verify', remoteAddress: ip, payload: { mobile, code, displayName } });
  if (res.statusCode !== 200) throw new Error(`verify failed: ${res.body}`);
  const body = res.json() as { token: string; user: { id: number } };
  return { token: body.token, userId: body.user.id };
}
