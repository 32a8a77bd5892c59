import type { PersonalCipher } from './personalCrypto.js';
import type { Config } from '../config.js';
import type { Database, Db } from '../db/client.js';
import type { Clock } from './clock.js';
import type { CounterStore } from './counters.js';
import type { EventBus } from './events.js';
import type { JobRunner } from './jobs.js';

/** What every module plugin receives: the database, the clock, config, the live event bus and the job runner. */
export interface AppContext {
  database: Database;
  db: Db;
  clock: Clock;
  config: Config;
  bus: EventBus;
  /** Periodic jobs; modules register theirs when their plugin loads. */
  jobs: JobRunner;
  /** Short-lived shared counters: rate limits, sign-in throttling (memory, or Redis with several processes). */
  counters: CounterStore;
  /** Encrypts and hashes ID numbers (platform/personalCrypto.ts). */
  personal: PersonalCipher;
}

export interface ModuleOptions {
  ctx: AppContext;
}
