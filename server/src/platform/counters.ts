import { Redis } from 'ioredis';
import type { Clock } from './clock.js';

/**
 * Short-lived counters for rate limits and sign-in throttling. One process keeps them in memory; several processes
 * serving one database share them in Redis (REDIS_URL), so a limit is a limit whichever process answers.
 * Nothing here is data that must survive a restart.
 */
export interface CounterStore {
  /** Count one more within a window that starts at the first hit; returns the count and ms until the window ends. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
  /** The count of a window still open (0 when none). */
  count(key: string): Promise<number>;
  /** Mark a key for `ms` (a block), replacing a mark already there. */
  mark(key: string, ms: number): Promise<void>;
  /** Mark a key for `ms` unless it is marked already; true when this call marked it (report once per period). */
  markOnce(key: string, ms: number): Promise<boolean>;
  /** Ms until a mark ends, 0 when there is none. */
  markedFor(key: string): Promise<number>;
  /** Forget a key (a window or a mark). */
  reset(...keys: string[]): Promise<void>;
  close(): Promise<void>;
}

interface Entry {
  count: number;
  expiresAt: number;
}

/** In memory, on the app's clock (tests move it); expired entries are swept as the map grows. */
export class MemoryCounterStore implements CounterStore {
  private readonly entries = new Map<string, Entry>();
  private writes = 0;

  constructor(private readonly clock: Clock) {}

  private live(key: string, now: number): Entry | undefined {
    const e = this.entries.get(key);
    if (e && e.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  private sweep(now: number): void {
    if (++this.writes % 1000 !== 0) return;
    for (const [key, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(key);
  }

  async hit(key: string, windowMs: number) {
    const now = this.clock.now().getTime();
    this.sweep(now);
    const e = this.live(key, now) ?? { count: 0, expiresAt: now + windowMs };
    e.count += 1;
    this.entries.set(key, e);
    return { count: e.count, resetInMs: e.expiresAt - now };
  }

  async count(key: string) {
    return this.live(key, this.clock.now().getTime())?.count ?? 0;
  }

  async mark(key: string, ms: number) {
    const now = this.clock.now().getTime();
    this.sweep(now);
    this.entries.set(key, { count: 1, expiresAt: now + ms });
  }

  async markOnce(key: string, ms: number) {
    if (this.live(key, this.clock.now().getTime())) return false;
    await this.mark(key, ms);
    return true;
  }

  async markedFor(key: string) {
    const now = this.clock.now().getTime();
    const e = this.live(key, now);
    return e ? e.expiresAt - now : 0;
  }

  async reset(...keys: string[]) {
    for (const key of keys) this.entries.delete(key);
  }

  async close() {
    this.entries.clear();
  }
}

/** INCR and set the window's expiry on its first hit, atomically; answer the count and the time left. */
const HIT = `local c = redis.call('INCR', KEYS[1])
if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {c, ttl}`;

/** Shared by every process; Redis's own clock decides when windows end. */
export class RedisCounterStore implements CounterStore {
  private readonly redis: Redis;

  constructor(url: string, private readonly prefix = 'lianxin:') {
    // Fail fast rather than queue requests while Redis is away: a limit check must not hang a sign-in.
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: true, lazyConnect: false });
    this.redis.on('error', () => undefined);
  }

  async hit(key: string, windowMs: number) {
    const [count, ttl] = (await this.redis.eval(HIT, 1, this.prefix + key, String(windowMs))) as [number, number];
    return { count, resetInMs: ttl };
  }

  async count(key: string) {
    return Number((await this.redis.get(this.prefix + key)) ?? 0);
  }

  async mark(key: string, ms: number) {
    await this.redis.set(this.prefix + key, '1', 'PX', ms);
  }

  async markOnce(key: string, ms: number) {
    return (await this.redis.set(this.prefix + key, '1', 'PX', ms, 'NX')) === 'OK';
  }

  async markedFor(key: string) {
    return Math.max(0, await this.redis.pttl(this.prefix + key));
  }

  async reset(...keys: string[]) {
    if (keys.length) await this.redis.del(...keys.map((k) => this.prefix + k));
  }

  async close() {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

export function createCounterStore(redisUrl: string | undefined, clock: Clock): CounterStore {
  return redisUrl ? new RedisCounterStore(redisUrl) : new MemoryCounterStore(clock);
}
