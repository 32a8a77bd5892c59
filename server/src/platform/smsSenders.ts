import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { SmsConfig } from '../config.js';
import { maskMobile } from './masking.js';
import type { OutboxLogger, OutboxMessage, Sender } from './outbox.js';
import type { PersonalCipher, Sealed } from './personalCrypto.js';

/**
 * Text messages through the outbox channel `sms`. The outbox row holds the number and the code sealed with the
 * personal-data key (never in plain text), and the moment after which sending is pointless (a code's expiry).
 * Which gateway sends is configuration (SMS_SENDER): the development sender, an HTTP gateway, or none.
 */
export const SMS_CHANNEL = 'sms';

export interface SmsPayload {
  /** What the message is: the gateway picks its template by it. */
  kind: 'otp';
  to: Sealed;
  /** JSON of the template parameters ({ code }), sealed. */
  params: Sealed;
  /** ISO instant; a message still undelivered then is dropped (a late code is no use). */
  expiresAt: string;
}

/** One message as a gateway sees it: plain values, for the moment of sending only. */
export interface SmsMessage {
  kind: SmsPayload['kind'];
  to: string;
  params: Record<string, string>;
  /** The outbox id: a gateway that de-duplicates on it sends a retried message once. */
  idempotencyKey: string;
}

export interface SmsGateway {
  readonly name: string;
  send(message: SmsMessage): Promise<void>;
}

export function sealSms(personal: PersonalCipher, kind: SmsPayload['kind'], to: string, params: Record<string, string>, expiresAt: Date): SmsPayload {
  return { kind, to: personal.seal(to), params: personal.seal(JSON.stringify(params)), expiresAt: expiresAt.toISOString() };
}

export class SmsSender implements Sender {
  readonly channel = SMS_CHANNEL;
  constructor(
    private readonly gateway: SmsGateway,
    private readonly personal: PersonalCipher,
    private readonly now: () => Date,
  ) {}

  async send(message: OutboxMessage): Promise<void> {
    const payload = message.payload as unknown as SmsPayload;
    if (Date.parse(payload.expiresAt) <= this.now().getTime()) return;
    await this.gateway.send({
      kind: payload.kind,
      to: this.personal.open(payload.to),
      params: JSON.parse(this.personal.open(payload.params)) as Record<string, string>,
      idempotencyKey: `lianxin-outbox-${message.id}`,
    });
  }
}

/**
 * The development sender: the message goes to the server log (the one place a sign-in code is ever logged) and
 * is appended as a JSON line to DATA_DIR/dev-sms.log, where the browser tests read it. config.ts refuses it when
 * NODE_ENV=production.
 */
export class DevelopmentSmsGateway implements SmsGateway {
  readonly name = 'log';
  readonly file: string;
  constructor(
    private readonly log: OutboxLogger,
    dataDir: string,
    private readonly now: () => Date,
  ) {
    this.file = path.join(dataDir, 'dev-sms.log');
  }

  async send(message: SmsMessage): Promise<void> {
    this.log.info({ recipient: maskMobile(message.to), kind: message.kind, params: message.params }, 'development SMS (SMS_SENDER=log; never in production)');
    await mkdir(path.dirname(this.file), { recursive: true });
    const line = JSON.stringify({ at: this.now().toISOString(), to: message.to, kind: message.kind, params: message.params });
    await appendFile(this.file, `${line}\n`, { mode: 0o600 });
  }
}

/**
 * A gateway that takes one JSON POST per message (most Chinese SMS providers, or a small relay in front of one):
 *   POST SMS_HTTP_URL   Authorization: Bearer SMS_HTTP_TOKEN   Idempotency-Key: lianxin-outbox-<id>
 *   { "phone": "13800138000", "signName": "连心", "templateId": "SMS_123", "params": { "code": "123456" },
 *     "idempotencyKey": "lianxin-outbox-<id>" }
 * Any 2xx is sent; anything else throws, and the outbox retries with backoff. The body of a refusal is kept short
 * in the outbox's last_error and never holds the number.
 */
export class HttpSmsGateway implements SmsGateway {
  readonly name = 'http';
  constructor(
    private readonly config: { httpUrl: string; httpToken: string; templateId: string; signName: string },
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async send(message: SmsMessage): Promise<void> {
    const res = await this.fetchImpl(this.config.httpUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${this.config.httpToken}`,
        'idempotency-key': message.idempotencyKey,
      },
      body: JSON.stringify({
        phone: message.to,
        signName: this.config.signName,
        templateId: this.config.templateId,
        params: message.params,
        idempotencyKey: message.idempotencyKey,
      }),
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) {
      const text = (await res.text().catch(() => '')).replace(/\d{11}/g, '[number]').slice(0, 200);
      throw new Error(`SMS gateway answered ${res.status}: ${text}`);
    }
  }
}

/** The sender for SMS_SENDER, or null when text messages are off (SMS_SENDER=none). */
export function createSmsSender(config: SmsConfig, personal: PersonalCipher, log: OutboxLogger, dataDir: string, now: () => Date): SmsSender | null {
  if (config.sender === 'none') return null;
  const gateway =
    config.sender === 'log'
      ? new DevelopmentSmsGateway(log, dataDir, now)
      : new HttpSmsGateway({ httpUrl: config.httpUrl!, httpToken: config.httpToken!, templateId: config.templateId!, signName: config.signName });
  return new SmsSender(gateway, personal, now);
}
