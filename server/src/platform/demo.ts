import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { orgNodes } from '../db/schema/org.js';
import { roleAssignments, users } from '../db/schema/users.js';
import type { Principal } from './access.js';
import type { ActorContext } from './audit.js';
import type { TestClock } from './clock.js';
import type { AppContext } from './context.js';
import type { SeedOutput } from './progress.js';

/**
 * What a module's demo (`modules/<m>/<m>.demo.ts`) receives: the app's context on a clock the demo moves, and the
 * people who act. A module's demo never inserts rows: it calls the same service functions the routes call, as
 * the person who would, at the moment they would — so timelines, audit rows, counters and notices agree.
 */
export interface DemoSession {
  ctx: AppContext;
  /** The clock every service reads; the demo sets it to each moment before acting. */
  clock: TestClock;
  /** The moment the demo runs up to (the real "now" when the server starts). */
  until: Date;
  out: SeedOutput;
  /** The signed-in person behind a demo account, with their roles as they are now. */
  person(username: string): Promise<DemoPerson>;
}

export interface DemoPerson {
  principal: Principal;
  /** For the audit rows: who, and that it was the demo ("连心演示数据" as the user agent). */
  actor: ActorContext;
}

export const DEMO_USER_AGENT = 'lianxin-demo';

/** The principal of an account as a session would load it (platform/auth.ts), without a session. */
export async function loadDemoPerson(db: Db, username: string): Promise<DemoPerson> {
  const [user] = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName, homeNodeId: users.homeNodeId })
    .from(users)
    .where(sql`lower(${users.username}) = ${username.toLowerCase()}`);
  if (!user) throw new Error(`demo: no account ${username}`);
  const roles = await db
    .select({ id: roleAssignments.id, role: roleAssignments.role, orgNodeId: roleAssignments.orgNodeId, path: orgNodes.path })
    .from(roleAssignments)
    .innerJoin(orgNodes, eq(orgNodes.id, roleAssignments.orgNodeId))
    .where(eq(roleAssignments.userId, user.id));
  return {
    principal: { userId: user.id, username: user.username, displayName: user.displayName, homeNodeId: user.homeNodeId, sessionId: 0, roles },
    actor: { userId: user.id, ip: null, userAgent: DEMO_USER_AGENT },
  };
}

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The instant at wall-clock `hhmm` in China (UTC+8, no daylight saving), `days` days after the China date of `base`. */
export function chinaTime(base: Date, days: number, hhmm: string): Date {
  const midnight = Math.floor((base.getTime() + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return new Date(midnight + days * DAY_MS + (h * 60 + m) * 60_000);
}

/**
 * The demo's story as a list of moments: each module plans what happens when (a resident books, staff approve, the
 * no-show job runs…), then `run` walks through them in time order with the clock set to each moment, so the
 * services stamp every row with the moment it happened. Moments at the same instant keep the order they were
 * planned in; a step may plan further steps (they must not lie in the past).
 */
export class DemoTimeline {
  private steps: { at: number; seq: number; run: () => Promise<void> }[] = [];
  private seq = 0;
  private current = -Infinity;
  count = 0;

  at(when: Date, run: () => Promise<void>): void {
    const at = when.getTime();
    if (at < this.current) throw new Error(`demo: a step planned at ${when.toISOString()} lies before the story's now`);
    this.steps.push({ at, seq: this.seq++, run });
  }

  async run(clock: TestClock, until: Date): Promise<void> {
    for (;;) {
      if (this.steps.length === 0) return;
      let next = 0;
      for (let i = 1; i < this.steps.length; i++) {
        const a = this.steps[i]!;
        const b = this.steps[next]!;
        if (a.at < b.at || (a.at === b.at && a.seq < b.seq)) next = i;
      }
      const step = this.steps.splice(next, 1)[0]!;
      if (step.at > until.getTime()) continue;
      this.current = step.at;
      clock.set(new Date(step.at));
      await step.run();
      this.count++;
    }
  }
}
