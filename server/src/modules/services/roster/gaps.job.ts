import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.js';
import { orgNodes, serviceCenters } from '../../../db/schema/org.js';
import { dutyGapReports, dutyShifts } from '../../../db/schema/services.js';
import { roomSchedules } from '../../../db/schema/rooms.js';
import { roleAssignments } from '../../../db/schema/users.js';
import { roleHas } from '../../../platform/roles.js';
import type { Principal } from '../../../platform/access.js';
import { toShanghaiIso } from '../../../platform/calendarDays.js';
import type { AppContext } from '../../../platform/context.js';
import { notify } from '../../../platform/notifications.js';
import { outboxDispatcherOf } from '../../notifications/notifications.dispatcher.js';
import { addDays, chinaDay } from '../../gridwork/days.js';
import { formatClock } from '../../rooms/hours.js';
import { centerFor } from '../common/center.js';
import { gapsOf, hallDays, presentGap } from './roster.common.js';

/**
 * The roster gap job 值班缺口, daily: for each center with hall hours, the next GAP_LOOKAHEAD_DAYS days; the open
 * stretches no shift covers become one duty_gap_reports row per center and day, and the community secretaries of the
 * center's node (else the holders of services.manage at or above it) are told. The primary key decides under two
 * processes; a later run updates the row and notifies again only when a stretch appears that was not reported.
 * A day whose gaps are filled loses its row, so a gap that reopens is reported again.
 */
export const ROSTER_GAP_JOB = 'services.roster_gaps';
export const GAP_LOOKAHEAD_DAYS = 7;

export function registerRosterGapJob(ctx: AppContext): void {
  ctx.jobs.register({ name: ROSTER_GAP_JOB, intervalMs: 86_400_000, run: async (now) => void (await reportRosterGaps(ctx, now)) });
}

const key = (g: [number, number]) => `${g[0]}-${g[1]}`;

async function recipients(db: DbOrTx, nodeId: number, nodePath: string): Promise<number[]> {
  const secretaries = await db
    .selectDistinct({ userId: roleAssignments.userId })
    .from(roleAssignments)
    .where(and(eq(roleAssignments.orgNodeId, nodeId), eq(roleAssignments.role, 'community_secretary')));
  if (secretaries.length) return secretaries.map((s) => s.userId);
  const above = await db
    .select({ userId: roleAssignments.userId, role: roleAssignments.role })
    .from(roleAssignments)
    .innerJoin(orgNodes, eq(orgNodes.id, roleAssignments.orgNodeId))
    .where(sql`${orgNodes.path} @> ${nodePath}::ltree`);
  return [...new Set(above.filter((r) => roleHas(r.role, 'services.manage')).map((r) => r.userId))];
}

/** Report the gaps of the days ahead; returns the reports written or changed with new gaps (what was notified). */
export async function reportRosterGaps(ctx: AppContext, now: Date, lookahead = GAP_LOOKAHEAD_DAYS): Promise<number> {
  const from = chinaDay(now);
  const to = addDays(from, lookahead - 1);
  const centers = await ctx.db
    .selectDistinct({ id: serviceCenters.id, orgNodeId: serviceCenters.orgNodeId, name: serviceCenters.name, nodePath: orgNodes.path })
    .from(serviceCenters)
    .innerJoin(orgNodes, eq(orgNodes.id, serviceCenters.orgNodeId))
    .innerJoin(roomSchedules, and(eq(roomSchedules.serviceCenterId, serviceCenters.id), eq(roomSchedules.purpose, 'hall')))
    .orderBy(asc(serviceCenters.id));
  let notified = 0;
  for (const center of centers) {
    const days = await hallDays(ctx.db, center, from, to);
    if (!days) continue;
    const shifts = await ctx.db
      .select({ day: dutyShifts.day, startsMin: dutyShifts.startsMin, endsMin: dutyShifts.endsMin })
      .from(dutyShifts)
      .where(and(eq(dutyShifts.serviceCenterId, center.id), gte(dutyShifts.day, from), lte(dutyShifts.day, to)));
    const found = days.map((d) => ({ day: d.date, gaps: gapsOf(d, shifts.filter((s) => s.day === d.date)) }));
    const covered = found.filter((f) => f.gaps.length === 0).map((f) => f.day);
    if (covered.length) await ctx.db.delete(dutyGapReports).where(and(eq(dutyGapReports.serviceCenterId, center.id), inArray(dutyGapReports.day, covered)));
    for (const f of found.filter((x) => x.gaps.length > 0)) {
      const fresh = await ctx.db.transaction(async (tx) => {
        const [prior] = await tx
          .select()
          .from(dutyGapReports)
          .where(and(eq(dutyGapReports.serviceCenterId, center.id), eq(dutyGapReports.day, f.day)))
          .for('update');
        let isNew: boolean;
        if (!prior) {
          const [ins] = await tx.insert(dutyGapReports).values({ serviceCenterId: center.id, day: f.day, gaps: f.gaps, reportedAt: now }).onConflictDoNothing().returning({ day: dutyGapReports.day });
          isNew = !!ins;
        } else {
          const old = new Set(prior.gaps.map(key));
          isNew = f.gaps.some((g) => !old.has(key(g)));
          if (isNew || prior.gaps.length !== f.gaps.length) {
            await tx.update(dutyGapReports).set({ gaps: f.gaps, ...(isNew ? { reportedAt: now } : {}) }).where(and(eq(dutyGapReports.serviceCenterId, center.id), eq(dutyGapReports.day, f.day)));
          }
        }
        if (!isNew) return false;
        const userIds = await recipients(tx, center.orgNodeId, center.nodePath);
        const text = f.gaps.map((g) => `${formatClock(g[0])}–${formatClock(g[1])}`).join('、');
        if (userIds.length) {
          await notify(
            tx,
            {
              userIds,
              kind: 'services.duty_gap',
              title: `值班缺口：${center.name} ${f.day} 无人值班`,
              body: `未排班时段：${text}`,
              en: { title: `Duty roster gap: nobody on duty at ${center.name} on ${f.day}`, body: `Uncovered: ${text.replaceAll('、', ', ')}` },
              link: '/console/services/roster',
              data: { serviceCenterId: center.id, day: f.day },
            },
            now,
          );
        }
        return true;
      });
      if (fresh) notified++;
    }
  }
  if (notified) outboxDispatcherOf(ctx).kick();
  return notified;
}

/** The reported gaps of a center from today on (services.read). */
export async function listGaps(ctx: AppContext, principal: Principal, centerId: number) {
  const center = await centerFor(ctx.db, principal, centerId, 'services.read');
  const rows = await ctx.db
    .select()
    .from(dutyGapReports)
    .where(and(eq(dutyGapReports.serviceCenterId, center.id), gte(dutyGapReports.day, chinaDay(ctx.clock.now()))))
    .orderBy(asc(dutyGapReports.day));
  return { items: rows.map((r) => ({ serviceCenterId: r.serviceCenterId, day: r.day, gaps: r.gaps.map(presentGap), reportedAt: toShanghaiIso(r.reportedAt) })) };
}
