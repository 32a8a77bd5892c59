import type { Config } from '../config.js';
import type { Database, Db } from '../db/client.js';
import type { Clock } from './clock.js';
import type { EventBus } from './events.js';

/** What every module plugin receives: the database, the clock, config and the live event bus. */
export interface AppContext {
  database: Database;
  db: Db;
  clock: Clock;
  config: Config;
  bus: EventBus;
}

export interface ModuleOptions {
  ctx: AppContext;
}
