import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { testRedisUrl } from '../config.js';
import { TestClock } from './clock.js';
import { MemoryCounterStore, RedisCounterStore, type CounterStore } from './counters.js';

const REDIS_URL = testRedisUrl();

/** Whether a Redis answers where the machines run one (CI does); the Redis half is skipped on a laptop without. */
async function redisAnswers(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname, port: Number(u.port || 6379), timeout: 500 }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const haveRedis = await redisAnswers(REDIS_URL);
const opened: CounterStore[] = [];
afterAll(async () => {
  for (const s of opened) await s.close();
});

function contract(name: string, make: () => { a: CounterStore; b: CounterStore; wait: (ms: number) => Promise<void> }) {
  describe(name, () => {
    it('counts hits in a window that ends, and marks keys for a while', async () => {
      const { a, wait } = make();
      const key = `t:${randomBytes(4).toString('hex')}`;
      expect(await a.hit(key, 300)).toMatchObject({ count: 1 });
      const second = await a.hit(key, 300);
      expect(second.count).toBe(2);
      expect(second.resetInMs).toBeGreaterThan(0);
      expect(second.resetInMs).toBeLessThanOrEqual(300);
      expect(await a.count(key)).toBe(2);
      expect(await a.markOnce(`${key}:r`, 300)).toBe(true);
      expect(await a.markOnce(`${key}:r`, 300)).toBe(false);
      await a.mark(`${key}:w`, 300);
      expect(await a.markedFor(`${key}:w`)).toBeGreaterThan(0);
      await wait(350);
      expect(await a.count(key)).toBe(0);
      expect(await a.markedFor(`${key}:w`)).toBe(0);
      expect((await a.hit(key, 300)).count).toBe(1);
      await a.reset(key);
      expect(await a.count(key)).toBe(0);
    });

    it('is shared by every process that uses the same store', async () => {
      const { a, b } = make();
      const key = `t:${randomBytes(4).toString('hex')}`;
      await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).hit(key, 10_000)));
      expect(await a.count(key)).toBe(20);
      expect(await b.count(key)).toBe(20);
    });
  });
}

contract('counters in memory (one process)', () => {
  const clock = new TestClock();
  const store = new MemoryCounterStore(clock);
  return { a: store, b: store, wait: async (ms) => clock.advance(ms) };
});

describe.skipIf(!haveRedis)('counters in Redis (several processes)', () => {
  contract('two connections, as two server processes', () => {
    const prefix = `lianxin-test-${randomBytes(4).toString('hex')}:`;
    const a = new RedisCounterStore(REDIS_URL, prefix);
    const b = new RedisCounterStore(REDIS_URL, prefix);
    opened.push(a, b);
    return { a, b, wait: (ms) => new Promise((r) => setTimeout(r, ms)) };
  });
});
