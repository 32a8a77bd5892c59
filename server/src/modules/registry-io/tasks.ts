import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { TaskRunner, TaskStore } from '../requests/ledger/tasks.js';

/**
 * Registry imports and exports run as background tasks with a manifest beside their files (the requests
 * module's TaskStore), under `<DATA_DIR>/registry-tasks/`, cleaned a day after they finish.
 */
export interface RegistryTaskDeps {
  store: TaskStore;
  runner: TaskRunner;
  log: FastifyBaseLogger;
}

/** Keyed by the app's job runner: a demo session's context is a copy of the app's with its own clock. */
const perApp = new WeakMap<object, { store: TaskStore; runner: TaskRunner }>();

export function registryTasks(ctx: AppContext, log: FastifyBaseLogger): RegistryTaskDeps {
  let shared = perApp.get(ctx.jobs);
  if (!shared) {
    const store = new TaskStore(path.join(ctx.config.dataDir, 'registry-tasks'));
    shared = { store, runner: new TaskRunner() };
    perApp.set(ctx.jobs, shared);
    ctx.jobs.register({
      name: 'registry.task_files_cleanup',
      intervalMs: 3_600_000,
      run: async (now) => {
        await store.removeExpired(now);
      },
    });
  }
  return { ...shared, log };
}
