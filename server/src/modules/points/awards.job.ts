import { eq, sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';
import { pointPostings } from '../../db/schema/points.js';
import { hourEntries, volunteers } from '../../db/schema/volunteers.js';
import type { AppContext } from '../../platform/context.js';
import { violatedUniqueIndex } from '../users/users.repo.js';
import { lockVolunteerAccount, post } from './ledger.js';
import { DEFAULT_RULE, ruleAt, servicePoints } from './rules.service.js';

/**
 * Confirmed service becomes points (docs/adr/0024). Each confirmed hour entry gets exactly one service posting:
 * the volunteer's account is locked, the posting looked for, and only then written; the unique key on
 * `point_postings.hour_entry_id` backs this up, so the job is safe run twice or from two processes at once.
 *
 * A record gives the rule's points for its minutes (plus the per-activity points when it came from an activity),
 * cut to what is left of the daily and monthly caps for its service date. A correction gives the difference the
 * rule makes between the record's minutes before and after it: more minutes award more (capped); fewer deduct,
 * never more than the record and its corrections were awarded and never below a zero balance.
 */
export const AWARD_JOB = 'points.award_service';
export const EXPIRY_JOB = 'points.expire';

export function registerPointJobs(ctx: AppContext): void {
  ctx.jobs.register({ name: AWARD_JOB, intervalMs: 300_000, run: async (now) => void (await awardConfirmedService(ctx, now)) });
  ctx.jobs.register({ name: EXPIRY_JOB, intervalMs: 86_400_000, run: async (now) => void (await expirePoints(ctx, now)) });
}

type EntryRow = typeof hourEntries.$inferSelect;

/** The sum of service points of a volunteer over service dates in [from, to]. */
async function servicePointsBetween(tx: Tx, volunteerId: number, from: string, to: string): Promise<number> {
  const [row] = await queryRows<{ total: number }>(
    tx,
    sql`select coalesce(sum(points), 0)::int as total from point_postings
        where volunteer_id = ${volunteerId} and kind = 'service' and service_date between ${from} and ${to}`,
  );
  return row?.total ?? 0;
}

function monthBounds(day: string): [string, string] {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const mm = String(m).padStart(2, '0');
  return [`${y}-${mm}-01`, `${y}-${mm}-${String(last).padStart(2, '0')}`];
}

async function capped(tx: Tx, rule: { dailyCap: number | null; monthlyCap: number | null }, volunteerId: number, day: string, points: number): Promise<number> {
  let award = points;
  if (rule.dailyCap != null) award = Math.min(award, Math.max(0, rule.dailyCap - (await servicePointsBetween(tx, volunteerId, day, day))));
  if (rule.monthlyCap != null) {
    const [from, to] = monthBounds(day);
    award = Math.min(award, Math.max(0, rule.monthlyCap - (await servicePointsBetween(tx, volunteerId, from, to))));
  }
  return Math.max(0, award);
}

/**
 * The service posting for one entry, inside a transaction that already holds nothing of this volunteer's or holds their
 * lock. The activities module calls it in the transaction that confirms the entry, so points come with the hours.
 */
export async function awardInTx(tx: Tx, entry: EntryRow, now: Date): Promise<{ postingId: number; points: number } | null> {
  if (entry.status !== 'confirmed') return null;
  let root: EntryRow | undefined;
  if (entry.kind === 'correction') {
    [root] = await tx.select().from(hourEntries).where(eq(hourEntries.id, entry.correctsId!));
    while (root && root.kind === 'correction' && root.correctsId != null) [root] = await tx.select().from(hourEntries).where(eq(hourEntries.id, root.correctsId));
    // The record is awarded first, so a correction is weighed against what it gave.
    if (root && root.status === 'confirmed') await awardInTx(tx, root, now);
  }
  const account = await lockVolunteerAccount(tx, entry.volunteerId, now);
  const [done] = await tx.select({ id: pointPostings.id, points: pointPostings.points }).from(pointPostings).where(eq(pointPostings.hourEntryId, entry.id));
  if (done) return { postingId: done.id, points: done.points };
  const rule = await ruleAt(tx, entry.nodeId);
  const [vol] = await tx.select({ communityId: volunteers.communityId, nodeId: volunteers.nodeId }).from(volunteers).where(eq(volunteers.id, entry.volunteerId));
  const nodeId = entry.communityId ?? vol?.communityId ?? entry.nodeId;
  let uncapped: number;
  let points: number;
  if (entry.kind === 'record') {
    uncapped = servicePoints(rule, entry.minutes, entry.activityId != null);
    points = await capped(tx, rule, entry.volunteerId, entry.serviceDate, uncapped);
  } else if (!root || root.status !== 'confirmed') {
    uncapped = 0;
    points = 0;
  } else {
    const chain = sql`(with recursive chain(id) as (select ${root.id}::int union all select h2.id from hour_entries h2 join chain c on h2.corrects_id = c.id) select id from chain)`;
    const [before] = await queryRows<{ minutes: number }>(
      tx,
      sql`select coalesce(sum(minutes), 0)::int as minutes from hour_entries where status = 'confirmed' and id < ${entry.id} and id in ${chain}`,
    );
    const minutesBefore = before?.minutes ?? 0;
    const withActivity = root.activityId != null;
    uncapped = servicePoints(rule, minutesBefore + entry.minutes, withActivity) - servicePoints(rule, minutesBefore, withActivity);
    if (uncapped >= 0) points = await capped(tx, rule, entry.volunteerId, entry.serviceDate, uncapped);
    else {
      const [given] = await queryRows<{ points: number }>(
        tx,
        sql`select coalesce(sum(points), 0)::int as points from point_postings where kind = 'service' and hour_entry_id in ${chain}`,
      );
      points = -Math.min(-uncapped, Math.max(0, given?.points ?? 0), account.balance);
    }
  }
  const postingId = await post(
    tx,
    account,
    { kind: 'service', volunteerId: entry.volunteerId, nodeId, points, hourEntryId: entry.id, serviceDate: entry.serviceDate, uncapped },
    now,
  );
  return { postingId, points };
}

/**
 * Award one hour entry now (the activities module may call this right after confirming). Null when the entry is
 * not confirmed; the existing posting when it was awarded already.
 */
export async function awardHourEntry(ctx: Pick<AppContext, 'db'>, entryId: number, now: Date): Promise<{ postingId: number; points: number } | null> {
  try {
    return await ctx.db.transaction(async (tx) => {
      const [entry] = await tx.select().from(hourEntries).where(eq(hourEntries.id, entryId));
      return entry ? awardInTx(tx, entry, now) : null;
    });
  } catch (err) {
    // Another process wrote the same posting between our look and our insert: it is done.
    if (violatedUniqueIndex(err) === 'point_postings_hour_entry_key') {
      const [done] = await ctx.db.select({ id: pointPostings.id, points: pointPostings.points }).from(pointPostings).where(eq(pointPostings.hourEntryId, entryId));
      return done ? { postingId: done.id, points: done.points } : null;
    }
    throw err;
  }
}

/** The job: every confirmed entry without a service posting, oldest first, in batches. Answers how many it awarded. */
export async function awardConfirmedService(ctx: Pick<AppContext, 'db'>, now: Date, batch = 500): Promise<number> {
  let awarded = 0;
  let after = 0;
  for (;;) {
    const rows = await queryRows<{ id: number }>(
      ctx.db,
      sql`select h.id from hour_entries h
          where h.status = 'confirmed' and h.id > ${after}
            and not exists (select 1 from point_postings p where p.hour_entry_id = h.id)
          order by h.id limit ${batch}`,
    );
    for (const r of rows) {
      const done = await awardHourEntry(ctx, r.id, now);
      if (done) awarded++;
      after = r.id;
    }
    if (rows.length < batch) return awarded;
  }
}

/** `months` calendar months before `now` (same day of month, clamped to the month's end). */
export function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/**
 * Expiry, first in first out: a volunteer's credits are lots in time order and every debit (redemptions,
 * deductions, earlier expiry) uses up the oldest lot first. So what is still unspent of credits older than the
 * rule's period is max(0, old credits − all debits); that much expires as one posting. Running again finds zero.
 */
export async function expireVolunteer(ctx: Pick<AppContext, 'db'>, volunteerId: number, now: Date): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const account = await lockVolunteerAccount(tx, volunteerId, now);
    if (account.balance <= 0) return 0;
    const [vol] = await tx.select({ nodeId: volunteers.nodeId, communityId: volunteers.communityId }).from(volunteers).where(eq(volunteers.id, volunteerId));
    if (!vol) return 0;
    const rule = await ruleAt(tx, vol.nodeId);
    const cutoff = monthsBefore(now, rule.expiryMonths);
    const [sums] = await queryRows<{ old_credits: number; debits: number }>(
      tx,
      sql`select coalesce(sum(amount) filter (where amount > 0 and created_at <= ${cutoff.toISOString()}), 0)::int as old_credits,
                 coalesce(-sum(amount) filter (where amount < 0), 0)::int as debits
          from point_entries where account_id = ${account.id}`,
    );
    const expiring = Math.min(account.balance, Math.max(0, (sums?.old_credits ?? 0) - (sums?.debits ?? 0)));
    if (expiring <= 0) return 0;
    await post(
      tx,
      account,
      { kind: 'expiry', volunteerId, nodeId: vol.communityId ?? vol.nodeId, points: -expiring, reason: `${rule.expiryMonths} 个月前获得的积分到期` },
      now,
    );
    return expiring;
  });
}

/**
 * The expiry job. Candidates first, in one query: volunteers whose credits older than the shortest period in use
 * exceed all their debits (a superset of those with something to expire); each is then settled under its own lock
 * with its own rule. Answers the points expired.
 */
export async function expirePoints(ctx: Pick<AppContext, 'db'>, now: Date): Promise<number> {
  const [shortest] = await queryRows<{ months: number | null }>(ctx.db, sql`select min(expiry_months)::int as months from point_rules`);
  const months = Math.min(shortest?.months ?? DEFAULT_RULE.expiryMonths, DEFAULT_RULE.expiryMonths);
  const latestCutoff = monthsBefore(now, months);
  const rows = await queryRows<{ volunteer_id: number }>(
    ctx.db,
    sql`select a.volunteer_id from point_accounts a join point_entries e on e.account_id = a.id
        where a.kind = 'volunteer' and a.balance > 0
        group by a.id, a.volunteer_id
        having coalesce(sum(e.amount) filter (where e.amount > 0 and e.created_at <= ${latestCutoff.toISOString()}), 0) > coalesce(-sum(e.amount) filter (where e.amount < 0), 0)
        order by a.volunteer_id`,
  );
  let total = 0;
  for (const r of rows) total += await expireVolunteer(ctx, r.volunteer_id, now);
  return total;
}
