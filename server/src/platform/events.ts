import { EventEmitter } from 'node:events';

/**
 * The live bus for pushes to open pages (Server-Sent Events). Publish only after the transaction that produced
 * the event has committed — the outbox delivery does exactly that.
 *
 * Within one process the bus is an EventEmitter. With several processes on one PostgreSQL a relay
 * (`platform/liveRelay.ts`) carries each event to the other processes, which hand it to their own pages through
 * `deliverLocal`; the publishing process has already delivered it to its own pages and ignores its echo.
 */
export interface LiveEvent {
  type: string;
  data: unknown;
}

/** Carries events to the other server processes. */
export interface EventRelay {
  forward(userId: number, event: LiveEvent): void;
}

export class EventBus {
  private readonly emitter = new EventEmitter();
  private relay: EventRelay | null = null;
  constructor() {
    // One listener per open page; a busy community center has many.
    this.emitter.setMaxListeners(0);
  }

  /** Deliver to this process's open pages of the user, and to the other processes' through the relay. */
  publishToUser(userId: number, event: LiveEvent): void {
    this.deliverLocal(userId, event);
    this.relay?.forward(userId, event);
  }

  /** Deliver to this process's open pages only (the relay calls this with events from other processes). */
  deliverLocal(userId: number, event: LiveEvent): void {
    this.emitter.emit(`user:${userId}`, event);
  }

  subscribeUser(userId: number, listener: (event: LiveEvent) => void): () => void {
    const key = `user:${userId}`;
    this.emitter.on(key, listener);
    return () => this.emitter.off(key, listener);
  }

  listenerCount(userId: number): number {
    return this.emitter.listenerCount(`user:${userId}`);
  }

  /** Open subscriptions in this process, over every user (for /metrics). */
  subscriptionCount(): number {
    let n = 0;
    for (const name of this.emitter.eventNames()) if (name !== 'resync') n += this.emitter.listenerCount(name);
    return n;
  }

  setRelay(relay: EventRelay | null): void {
    this.relay = relay;
  }

  /**
   * Called when events from other processes may have been lost (the relay's connection dropped and came back).
   * Open streams end themselves, so each page reconnects with Last-Event-ID and is sent what it missed.
   */
  onResync(listener: () => void): () => void {
    this.emitter.on('resync', listener);
    return () => this.emitter.off('resync', listener);
  }

  resync(): void {
    this.emitter.emit('resync');
  }
}
