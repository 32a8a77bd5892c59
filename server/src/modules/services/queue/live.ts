import { EventEmitter } from 'node:events';

/**
 * Live events of a center's queue for the hall's screen, the kiosk and the ticket pages. The platform's bus
 * (platform/events.ts) is addressed to users only; the display is public and addressed to a center, so this module
 * keeps its own in-process emitter. Other server processes learn of changes because each open display stream also
 * re-reads its snapshot every few seconds and sends it when it changed (display.stream.ts): a call made in another
 * process reaches the screen within that period, one made in this process at once.
 */
export interface QueueEvent {
  type: 'call' | 'change';
  centerId: number;
  /** For `call`: the number and the window, never a name. */
  number?: string;
  windowNumber?: number;
  windowName?: string;
  callCount?: number;
}

const emitter = new EventEmitter();
emitter.setMaxListeners(0);

/** Publish after the transaction that made the change has committed. */
export function publishQueue(event: QueueEvent): void {
  emitter.emit(`center:${event.centerId}`, event);
}

export function subscribeQueue(centerId: number, listener: (event: QueueEvent) => void): () => void {
  const key = `center:${centerId}`;
  emitter.on(key, listener);
  return () => emitter.off(key, listener);
}
