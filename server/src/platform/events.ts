import { EventEmitter } from 'node:events';

/**
 * In-process bus for live pushes to open pages (Server-Sent Events). Publish only after the transaction that
 * produced the event has committed — the outbox delivery does exactly that.
 */
export interface LiveEvent {
  type: string;
  data: unknown;
}

export class EventBus {
  private readonly emitter = new EventEmitter();
  constructor() {
    // One listener per open page; a busy community center has many.
    this.emitter.setMaxListeners(0);
  }
  publishToUser(userId: number, event: LiveEvent): void {
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
}
