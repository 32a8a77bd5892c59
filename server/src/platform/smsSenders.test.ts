import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PersonalCipher, testPersonalDataKeys } from './personalCrypto.js';
import { DevelopmentSmsGateway, HttpSmsGateway, sealSms, SmsSender, type SmsMessage } from './smsSenders.js';
import type { OutboxMessage } from './outbox.js';

const personal = new PersonalCipher(testPersonalDataKeys());
const now = new Date('2026-03-03T08:00:00Z');

function message(expiresAt: Date): OutboxMessage {
  return { id: 42, channel: 'sms', recipientUserId: null, attempts: 1, createdAt: now, payload: { ...sealSms(personal, 'otp', '13800138000', { code: '123456' }, expiresAt) } };
}

describe('the SMS sender', () => {
  it('opens the sealed number and code for the gateway, with the outbox id as idempotency key', async () => {
    const sent: SmsMessage[] = [];
    const sender = new SmsSender({ name: 'fake', send: async (m) => void sent.push(m) }, personal, () => now);
    const msg = message(new Date(now.getTime() + 60_000));
    expect(JSON.stringify(msg.payload)).not.toContain('13800138000');
    expect(JSON.stringify(msg.payload)).not.toContain('123456');
    await sender.send(msg);
    expect(sent).toEqual([{ kind: 'otp', to: '13800138000', params: { code: '123456' }, idempotencyKey: 'lianxin-outbox-42' }]);
  });

  it('drops a message whose code has expired instead of sending it late', async () => {
    const sent: SmsMessage[] = [];
    const sender = new SmsSender({ name: 'fake', send: async (m) => void sent.push(m) }, personal, () => now);
    await sender.send(message(new Date(now.getTime() - 1)));
    expect(sent).toEqual([]);
  });

  it('development gateway: logs the code with the number masked and appends a JSON line to dev-sms.log', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lianxin-sms-'));
    const lines: unknown[] = [];
    const log = { debug: () => undefined, info: (obj: unknown) => void lines.push(obj), warn: () => undefined, error: () => undefined };
    await new DevelopmentSmsGateway(log as never, dir, () => now).send({ kind: 'otp', to: '13800138000', params: { code: '123456' }, idempotencyKey: 'k' });
    expect(lines).toEqual([{ recipient: '138****8000', kind: 'otp', params: { code: '123456' } }]);
    expect(JSON.parse(readFileSync(path.join(dir, 'dev-sms.log'), 'utf8'))).toEqual({ at: now.toISOString(), to: '13800138000', kind: 'otp', params: { code: '123456' } });
  });

  it('HTTP gateway: posts the documented JSON with the bearer token; a refusal throws without the number', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    let status = 200;
    const fakeFetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(status === 200 ? '{"ok":true}' : 'bad phone 13800138000', { status });
    }) as unknown as typeof fetch;
    const gateway = new HttpSmsGateway({ httpUrl: 'https://sms.example.cn/send', httpToken: 't'.repeat(20), templateId: 'SMS_1', signName: '连心' }, fakeFetch);
    const msg: SmsMessage = { kind: 'otp', to: '13800138000', params: { code: '123456' }, idempotencyKey: 'lianxin-outbox-7' };
    await gateway.send(msg);
    expect(calls[0]!.url).toBe('https://sms.example.cn/send');
    const headers = calls[0]!.init.headers as Record<string, string>;
    expect(headers.authorization).toBe(`Bearer ${'t'.repeat(20)}`);
    expect(headers['idempotency-key']).toBe('lianxin-outbox-7');
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({
      phone: '13800138000',
      signName: '连心',
      templateId: 'SMS_1',
      params: { code: '123456' },
      idempotencyKey: 'lianxin-outbox-7',
    });
    status = 400;
    const failure = gateway.send(msg);
    await expect(failure).rejects.toThrow(/SMS gateway answered 400/);
    await expect(gateway.send(msg)).rejects.not.toThrow(/13800138000/);
  });
});
