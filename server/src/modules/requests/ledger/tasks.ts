import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from '../../../platform/context.js';
import type { Message } from '../../../platform/errors.js';

/**
 * Long-running file work (ledger exports, hotline imports): a manifest per task beside the file it produces,
 * under `<DATA_DIR>/request-tasks/`. The state lives where the file lives, so whichever server process answers
 * "how far is it?" or "give me the file" reads the same thing; manifests are replaced atomically (write + rename).
 * The process running a task refreshes `heartbeatAt`; a running task whose heartbeat is older than STALE_MS
 * belongs to a process that stopped and is reported as failed.
 */
export type TaskKind = 'ledger_export' | 'hotline_import' | 'registry_import' | 'registry_export';
export type TaskStatus = 'running' | 'done' | 'failed';

export interface TaskManifest {
  id: string;
  kind: TaskKind;
  userId: number;
  orgNodeId: number | null;
  status: TaskStatus;
  rowsDone: number;
  rowsTotal: number;
  createdAt: string;
  heartbeatAt: string;
  finishedAt: string | null;
  /** The name offered to the browser on download. */
  fileName: string;
  error: Message | null;
  /** Counters a kind adds (imports: created / skipped / failed rows). */
  counts: Record<string, number>;
}

export const STALE_MS = 5 * 60_000;
/** Finished tasks and their files are removed after a day. */
export const KEEP_MS = 24 * 3_600_000;

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class TaskStore {
  constructor(readonly root: string) {}

  /** Path of a file belonging to a task, e.g. its .xlsx. Ids are server-generated uuids, checked again here. */
  filePath(id: string, suffix: string): string {
    if (!ID.test(id)) throw new Error(`not a task id: ${id}`);
    return path.join(this.root, `${id}${suffix}`);
  }

  /** A fresh task id, for work that must store a file (an upload) before its manifest exists. */
  newId(): string {
    return randomUUID();
  }

  async ensureRoot(): Promise<void> {
    await fs.mkdir(this.root, { recursive: true });
  }

  async create(init: Pick<TaskManifest, 'kind' | 'userId' | 'orgNodeId' | 'rowsTotal' | 'fileName'> & { id?: string }, now: Date): Promise<TaskManifest> {
    await this.ensureRoot();
    const task: TaskManifest = {
      ...init,
      id: init.id ?? randomUUID(),
      status: 'running',
      rowsDone: 0,
      createdAt: now.toISOString(),
      heartbeatAt: now.toISOString(),
      finishedAt: null,
      error: null,
      counts: {},
    };
    await this.write(task);
    return task;
  }

  async write(task: TaskManifest): Promise<void> {
    const target = this.filePath(task.id, '.json');
    const temp = `${target}.${randomUUID()}.tmp`;
    await fs.writeFile(temp, JSON.stringify(task), { mode: 0o640 });
    await fs.rename(temp, target);
  }

  /** The manifest, with a silent runner reported as failed; null when there is no such task (or a malformed id). */
  async read(id: string, now: Date): Promise<TaskManifest | null> {
    if (!ID.test(id)) return null;
    let text: string;
    try {
      text = await fs.readFile(this.filePath(id, '.json'), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const task = JSON.parse(text) as TaskManifest;
    if (task.status === 'running' && now.getTime() - Date.parse(task.heartbeatAt) > STALE_MS) {
      return {
        ...task,
        status: 'failed',
        error: { zh: '任务已中断（服务器重启），请重新发起', en: 'The task stopped (the server restarted); start it again' },
      };
    }
    return task;
  }

  /**
   * Remove tasks finished (or abandoned) more than KEEP_MS ago, with their files, and files older than that whose
   * task never got a manifest (an upload refused mid-way by a process that then died). Safe in two processes.
   */
  async removeExpired(now: Date): Promise<number> {
    let names: string[];
    try {
      names = await fs.readdir(this.root);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw err;
    }
    const ids = new Set(names.map((n) => n.slice(0, 36)).filter((id) => ID.test(id)));
    let removed = 0;
    for (const id of ids) {
      const files = names.filter((n) => n.startsWith(id));
      const task = files.includes(`${id}.json`) ? await this.read(id, now).catch(() => null) : null;
      if (task?.status === 'running') continue;
      const since = task ? Date.parse(task.finishedAt ?? task.heartbeatAt) : await this.newestChange(files);
      if (now.getTime() - since < KEEP_MS) continue;
      for (const name of files) await fs.rm(path.join(this.root, name), { force: true });
      removed++;
    }
    return removed;
  }

  /** When the most recently changed of these files changed (0 when none can be read). */
  private async newestChange(files: string[]): Promise<number> {
    const times = await Promise.all(files.map((f) => fs.stat(path.join(this.root, f)).then((st) => st.mtimeMs, () => 0)));
    return Math.max(0, ...times);
  }
}

/** Runs tasks in the background of this process and lets the app wait for them on close. */
export class TaskRunner {
  private readonly running = new Set<Promise<void>>();
  private stopping = false;

  /** Start work without awaiting it; errors are the task's own business (it records them in its manifest). */
  start(work: (isStopping: () => boolean) => Promise<void>): void {
    const promise = work(() => this.stopping).finally(() => this.running.delete(promise));
    this.running.add(promise);
  }

  /** Ask running tasks to stop at their next page and wait for them. */
  async drain(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.running]);
  }

  /** Wait for every task started so far (tests). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }
}

export interface SharedTasks {
  store: TaskStore;
  runner: TaskRunner;
}

const perApp = new WeakMap<AppContext, SharedTasks>();

/**
 * The one task store and runner of an app (ledger exports and hotline imports share them), created with the
 * periodic clean-up of expired task files on first use.
 */
export function sharedTasks(ctx: AppContext): SharedTasks {
  let shared = perApp.get(ctx);
  if (!shared) {
    const store = new TaskStore(path.join(ctx.config.dataDir, 'request-tasks'));
    shared = { store, runner: new TaskRunner() };
    perApp.set(ctx, shared);
    ctx.jobs.register({
      name: 'requests.task_files_cleanup',
      intervalMs: 3_600_000,
      run: async (now) => {
        await store.removeExpired(now);
      },
    });
  }
  return shared;
}
