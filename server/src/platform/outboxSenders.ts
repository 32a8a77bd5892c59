import type { EventBus } from './events.js';
import { maskIdNumber, maskMobile } from './masking.js';
import { PUSH_CHANNEL } from './notifications.js';
import type { OutboxLogger, OutboxMessage, Sender } from './outbox.js';

/**
 * Publishes the live event to the recipient's open pages in this process. Sending twice publishes the same
 * event id twice; the page keeps one. Nobody listening is not an error: the inbox row is the record, and a page
 * that reconnects asks for what it missed (Last-Event-ID).
 */
export class PushSender implements Sender {
  readonly channel = PUSH_CHANNEL;
  constructor(private readonly bus: EventBus) {}

  async send(message: OutboxMessage): Promise<void> {
    if (message.recipientUserId === null) return;
    const { event, data } = message.payload as { event?: unknown; data?: unknown };
    if (typeof event !== 'string') throw new Error('push payload has no event name');
    this.bus.publishToUser(message.recipientUserId, { type: event, data });
  }
}

/**
 * The development sender: writes the message to the log instead of a phone, at debug level (LOG_LEVEL=debug shows
 * it; a first start delivering the demo's notices would otherwise flood the terminal). Mobile and ID numbers inside
 * the text are masked, and the recipient appears by user id only.
 */
export class ConsoleSender implements Sender {
  readonly channel = 'console';
  constructor(private readonly log: OutboxLogger) {}

  async send(message: OutboxMessage): Promise<void> {
    const text: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(message.payload)) {
      text[key] = typeof value === 'string' ? maskNumbersInText(value) : value;
    }
    this.log.debug({ outboxId: message.id, toUserId: message.recipientUserId, message: text }, 'notification (console channel)');
  }
}

const MOBILE_IN_TEXT = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
const ID_NUMBER_IN_TEXT = /(?<![\dXx])\d{17}[\dXx](?![\dXx])/g;

/** "请联系 13800138000" → "请联系 138****8000"; 18-character ID numbers likewise. */
export function maskNumbersInText(text: string): string {
  return text.replace(ID_NUMBER_IN_TEXT, (m) => maskIdNumber(m) ?? '').replace(MOBILE_IN_TEXT, (m) => maskMobile(m) ?? '');
}
