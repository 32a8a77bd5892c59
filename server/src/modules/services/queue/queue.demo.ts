import { and, asc, eq, inArray, like } from 'drizzle-orm';
import { orgNodes, serviceCenters } from '../../../db/schema/org.js';
import { appointments, queueTickets, serviceItems, serviceWindowItems, serviceWindows } from '../../../db/schema/services.js';
import { users } from '../../../db/schema/users.js';
import { shanghaiDate } from '../../../platform/calendarDays.js';
import { chinaTime, type DemoSession } from '../../../platform/demo.js';
import { publicCenter } from '../common/center.js';
import { checkIn } from './checkin.service.js';
import { callNext, deskAction } from './desk.service.js';
import { answer, rate } from './ratings.service.js';
import { hallOpenAt, takeTicket, type TicketRow } from './tickets.service.js';

/**
 * The queue demo: one morning (09:00–11:30) at the hall of 保利社区's center, on the last day before `until` when the
 * hall was open. Residents take tickets at the kiosk (and one on the phone), booked appointments of that morning are
 * checked in at the desk, the staff member calls, serves and finishes them at every window; one ticket is a no-show,
 * one is transferred to another window. Afterwards the visits are rated: mostly 满意, one 不满意 answered by staff and
 * one 非常不满意 still unanswered. Needs the windows and items of the guide and appointments demos; skipped without
 * them, or when the center has tickets already.
 */
export interface QueueDemoResult {
  skipped: boolean;
  day: string | null;
  tickets: number;
  done: number;
  noShows: number;
  transfers: number;
  checkedIn: number;
  ratings: number;
  unansweredBad: number;
}

const SKIPPED: QueueDemoResult = { skipped: true, day: null, tickets: 0, done: 0, noShows: 0, transfers: 0, checkedIn: 0, ratings: 0, unansweredBad: 0 };

export interface QueueDemoOptions {
  /** The community whose center's hall the story plays in. */
  communityName?: string;
  staff?: string;
  /** A resident account who takes a ticket on the phone and rates it signed in. */
  resident?: string;
}

const LEVELS = [5, 5, 4, 5, 3, 5, 2, 4, 5, 1, 5, 4, 5, 5, 4, 5, 3, 5, 4, 5];
const BAD_REASONS: Record<number, string> = { 2: '排队等了四十多分钟，取号机也不好用', 1: '材料清单和窗口要求不一致，白跑一趟' };

export async function seedQueueDemo(session: DemoSession, opts: QueueDemoOptions = {}): Promise<QueueDemoResult> {
  const { ctx, clock, until } = session;
  const db = ctx.db;
  const [row] = await db
    .select({ id: serviceCenters.id })
    .from(serviceCenters)
    .innerJoin(orgNodes, eq(orgNodes.id, serviceCenters.orgNodeId))
    .where(like(orgNodes.name, `%${opts.communityName ?? '保利社区'}%`))
    .orderBy(asc(serviceCenters.id))
    .limit(1);
  if (!row) return SKIPPED;
  const center = await publicCenter(db, row.id);
  if ((await db.select({ id: queueTickets.id }).from(queueTickets).where(eq(queueTickets.serviceCenterId, center.id)).limit(1)).length) return SKIPPED;
  const windows = await db.select().from(serviceWindows).where(and(eq(serviceWindows.serviceCenterId, center.id), eq(serviceWindows.active, true))).orderBy(asc(serviceWindows.number));
  if (windows.length === 0) return SKIPPED;
  const links = await db
    .select({ windowId: serviceWindowItems.windowId, itemId: serviceItems.id, minutes: serviceItems.serviceMinutes })
    .from(serviceWindowItems)
    .innerJoin(serviceItems, eq(serviceItems.id, serviceWindowItems.itemId))
    .where(and(inArray(serviceWindowItems.windowId, windows.map((w) => w.id)), eq(serviceItems.active, true)));
  const itemIds = [...new Set(links.map((l) => l.itemId))];
  if (itemIds.length === 0) return SKIPPED;
  const minutesOf = new Map(links.map((l) => [l.itemId, Math.min(l.minutes, 20)]));
  const staff = await session.person(opts.staff ?? 'baoli.staff');
  const [residentRow] = await db.select({ username: users.username }).from(users).where(eq(users.username, opts.resident ?? 'resident.baoli'));
  const resident = residentRow ? await session.person(residentRow.username) : null;

  // The last day before `until` when the hall was open in the morning.
  let dayOffset = -1;
  while (dayOffset > -15 && !(await hallOpenAt(db, center, chinaTime(until, dayOffset, '09:30')))) dayOffset--;
  if (dayOffset === -15) return SKIPPED;
  const at = (hhmm: string) => chinaTime(until, dayOffset, hhmm);
  const day = shanghaiDate(at('09:00'));
  const kiosk = { userId: null, ip: null, userAgent: 'lianxin-demo' };

  // Walk-ins every six minutes from 09:00 to 10:54 (one on the phone), appointments checked in 10 minutes early.
  const arrivals: { at: number; run: () => Promise<TicketRow> }[] = [];
  for (let i = 0; i < 20; i++) {
    const itemId = itemIds[i % itemIds.length]!;
    const when = at('09:00').getTime() + i * 6 * 60_000;
    const phone = i === 4 && resident != null;
    arrivals.push({
      at: when,
      run: () => takeTicket(ctx, phone ? resident.actor : kiosk, { center, itemId, source: phone ? 'phone' : 'kiosk', userId: phone ? resident.principal.userId : null }),
    });
  }
  const booked = await db
    .select({ number: appointments.number, startsAt: appointments.startsAt })
    .from(appointments)
    .where(and(eq(appointments.serviceCenterId, center.id), eq(appointments.status, 'booked')));
  for (const a of booked) {
    const when = a.startsAt.getTime() - 10 * 60_000;
    if (shanghaiDate(a.startsAt) !== day || when < at('09:00').getTime() || when > at('11:20').getTime()) continue;
    arrivals.push({ at: when, run: () => checkIn(ctx, staff.principal, staff.actor, { appointmentNumber: a.number }) });
  }
  arrivals.sort((x, y) => x.at - y.at);

  const result: QueueDemoResult = { skipped: false, day, tickets: 0, done: 0, noShows: 0, transfers: 0, checkedIn: 0, ratings: 0, unansweredBad: 0 };
  const busy = new Map<number, { ticket: TicketRow; phase: 'called' | 'serving'; until: number }>();
  const done: TicketRow[] = [];
  let calls = 0;
  for (let t = at('09:00').getTime(); t <= at('11:30').getTime(); t += 2 * 60_000) {
    clock.set(new Date(t));
    while (arrivals.length && arrivals[0]!.at <= t) {
      const a = arrivals.shift()!;
      clock.set(new Date(a.at));
      const ticket = await a.run();
      result.tickets++;
      if (ticket.source === 'appointment') result.checkedIn++;
      clock.set(new Date(t));
    }
    for (const w of windows) {
      const state = busy.get(w.id);
      if (state && t >= state.until) {
        if (state.phase === 'called') {
          await deskAction(ctx, staff.principal, staff.actor, state.ticket.id, 'serve');
          state.phase = 'serving';
          state.until = t + (minutesOf.get(state.ticket.itemId ?? 0) ?? 10) * 60_000;
        } else {
          done.push(await deskAction(ctx, staff.principal, staff.actor, state.ticket.id, 'done'));
          result.done++;
          busy.delete(w.id);
        }
        continue;
      }
      if (state) continue;
      let ticket: TicketRow;
      try {
        ticket = await callNext(ctx, staff.principal, staff.actor, w.id);
      } catch {
        continue; // nobody waits for this window
      }
      calls++;
      if (calls === 3) {
        // Nobody comes: called again, then skipped.
        await deskAction(ctx, staff.principal, staff.actor, ticket.id, 'recall');
        await deskAction(ctx, staff.principal, staff.actor, ticket.id, 'no_show');
        result.noShows++;
        continue;
      }
      const other = windows.find((x) => x.id !== w.id && links.some((l) => l.windowId === x.id && l.itemId === ticket.itemId));
      if (calls === 6 && other) {
        // The wrong window for this resident's case: sent on, keeping their place.
        await deskAction(ctx, staff.principal, staff.actor, ticket.id, 'transfer', other.id);
        result.transfers++;
        continue;
      }
      busy.set(w.id, { ticket, phase: 'called', until: t + 2 * 60_000 });
    }
  }
  // Whoever is still at a window is finished at 11:40.
  clock.set(at('11:40'));
  for (const state of busy.values()) {
    if (state.phase === 'called') await deskAction(ctx, staff.principal, staff.actor, state.ticket.id, 'serve');
    done.push(await deskAction(ctx, staff.principal, staff.actor, state.ticket.id, 'done'));
    result.done++;
  }

  // Ratings over the afternoon; the first bad one is answered, the second waits.
  let badSeen = 0;
  for (const [i, ticket] of done.entries()) {
    const level = LEVELS[i % LEVELS.length]!;
    clock.set(at(`12:${String(Math.min(59, 5 + i * 3)).padStart(2, '0')}`));
    const signedIn = resident != null && ticket.userId === resident.principal.userId;
    const rating = await rate(ctx, signedIn ? resident.principal : null, signedIn ? resident.actor : kiosk, {
      ...(signedIn ? { ticketId: ticket.id } : { token: ticket.token }),
      level,
      ...(level <= 2 ? { reason: BAD_REASONS[level] } : {}),
    });
    result.ratings++;
    if (level <= 2) {
      badSeen++;
      if (badSeen === 1) {
        clock.set(at('14:30'));
        await answer(ctx, staff.principal, staff.actor, rating.id, { answer: '非常抱歉让您久等。我们已在上午高峰增开一个窗口，并安排工作人员在取号机旁引导。' });
      } else result.unansweredBad++;
    }
  }
  clock.set(until);
  return result;
}
