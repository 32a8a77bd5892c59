import { asc, desc, eq, sql } from 'drizzle-orm';
import { orgNodes, serviceCenters } from '../../../db/schema/org.js';
import type { Principal } from '../../../platform/access.js';
import type { AppContext } from '../../../platform/context.js';
import { maskMobile } from '../../../platform/masking.js';
import { chinaDay } from '../../gridwork/days.js';
import { formatClock } from '../../rooms/hours.js';
import { publicCenter, type ServicesCenter } from '../common/center.js';
import { hallDays } from './roster.common.js';
import { shiftsBetween } from './shifts.service.js';

/**
 * Today's duty 今日值班. Public (no sign-in): the center, its phone and who is on duty, the person's mobile masked.
 * For a signed-in resident, the centers serving their home node (at their community, town … ancestors), with the
 * person's work mobile in full. The call button dials the center's phone when it has one — the duty desk is the
 * center's — and only otherwise the person's mobile, which only a resident the center serves receives unmasked.
 */

async function dutyOf(ctx: AppContext, center: ServicesCenter, day: string, fullMobile: boolean) {
  const [days, rows] = await Promise.all([hallDays(ctx.db, center, day, day), shiftsBetween(ctx.db, center.id, day, day)]);
  const hall = days?.[0];
  const people = rows.map((r) => ({
    name: r.name,
    duty: r.shift.duty,
    starts: formatClock(r.shift.startsMin),
    ends: formatClock(r.shift.endsMin),
    mobile: fullMobile ? r.mobile : maskMobile(r.mobile),
  }));
  const personNumber = fullMobile ? (rows.find((r) => r.mobile)?.mobile ?? null) : null;
  return {
    serviceCenterId: center.id,
    centerName: center.name,
    kind: center.kind,
    day,
    open: hall ? hall.open : people.length > 0,
    holiday: hall?.holiday ?? null,
    centerPhone: center.phone,
    callNumber: center.phone || personNumber,
    people,
  };
}

export async function dutyToday(ctx: AppContext, centerId: number) {
  const center = await publicCenter(ctx.db, centerId);
  return dutyOf(ctx, center, chinaDay(ctx.clock.now()), false);
}

export async function myDutyToday(ctx: AppContext, principal: Principal) {
  const rows = await ctx.db
    .select({ id: serviceCenters.id })
    .from(serviceCenters)
    .innerJoin(orgNodes, eq(orgNodes.id, serviceCenters.orgNodeId))
    .where(sql`${orgNodes.path} @> (select h.path from org_nodes h where h.id = ${principal.homeNodeId})`)
    .orderBy(desc(orgNodes.depth), asc(serviceCenters.kind), asc(serviceCenters.id))
    .limit(5);
  const day = chinaDay(ctx.clock.now());
  const items = [];
  for (const r of rows) items.push(await dutyOf(ctx, await publicCenter(ctx.db, r.id), day, true));
  return { items };
}
