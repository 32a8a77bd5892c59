import ExcelJS from 'exceljs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityReminders } from '../../db/schema/activities.js';
import { notifications } from '../../db/schema/platform.js';
import { activities, activitySignups, hourEntries, volunteers } from '../../db/schema/volunteers.js';
import { loadWorkCalendar } from '../../platform/calendar.js';
import { createTestApp, errorCode, type TestApp } from '../../../test/app.js';
import { requestWorld, type World } from '../../../test/requests.js';
import { insertVolunteer } from '../../../test/volunteers.js';
import { recountConfirmedMinutes } from './hours.service.js';
import { AUTO_CHECKOUT_JOB, REMINDER_JOB } from './jobs.js';
import { signUpVolunteer } from './signups.service.js';

let t: TestApp;
let w: World;
const vol = {} as Record<'a' | 'a2', number>;
const system = { userId: null, ip: null, userAgent: 'test' };


async function publish(who: Parameters<World['api']>[0], body: Record<string, unknown>) {
  const res = await w.api(who, 'POST', '/activities', {
    nodeId: w.tree.communityA.id,
    title: '敬老院打扫',
    category: 'elderly_care',
    placeName: '保利社区敬老院',
    lng: 109.881,
    lat: 40.651,
    capacity: 10,
    ...body,
  });
  if (res.statusCode !== 201) throw new Error(`publish: ${res.statusCode} ${res.body}`);
  return res.json() as { ids: number[]; activity: { id: number; checkinToken: string } };
}

async function signupRows(activityId: number) {
  return t.database.db.select().from(activitySignups).where(eq(activitySignups.activityId, activityId));
}

const USED = ['residentA', 'residentA2', 'residentB', 'staffA', 'staffB', 'gridA1', 'gridA2', 'town'] as const;
let signedInAt = 0;
/** Move the clock; sessions last 12 hours, so sign in again after a long jump (either way). */
async function setClock(iso: string) {
  t.clock.set(iso);
  const now = t.clock.now().getTime();
  if (Math.abs(now - signedInAt) > 10 * 3_600_000) {
    await w.relogin(...USED);
    signedInAt = now;
  }
}

beforeAll(async () => {
  t = await createTestApp();
  w = await requestWorld(t, 'AC');
  const db = t.database.db;
  vol.a = await insertVolunteer(db, { name: '张三', nodeId: w.tree.gridA1.id, communityId: w.tree.communityA.id, userId: w.id.residentA });
  vol.a2 = await insertVolunteer(db, { name: '李四', nodeId: w.tree.gridA1.id, communityId: w.tree.communityA.id, userId: w.id.residentA2 });
});

afterAll(async () => {
  await t?.close();
});

describe('capacity under concurrency', () => {
  it('50 concurrent sign-ups on capacity 10: exactly 10 signed up and 40 waitlisted', async () => {
    await setClock('2026-03-02T09:00:00+08:00');
    const { activity } = await publish('staffA', { startsAt: '2026-03-05T09:00:00+08:00', endsAt: '2026-03-05T11:00:00+08:00', capacity: 10 });
    const ids: number[] = [];
    for (let i = 0; i < 50; i++) ids.push(await insertVolunteer(t.database.db, { name: `志愿者${i}`, nodeId: w.tree.gridA1.id, communityId: w.tree.communityA.id }));
    const results = await Promise.all(ids.map((id) => signUpVolunteer(appCtx(), activity.id, id, system)));
    expect(results.filter((r) => r.status === 'signed_up')).toHaveLength(10);
    expect(results.filter((r) => r.status === 'waitlisted')).toHaveLength(40);
    const rows = await signupRows(activity.id);
    expect(rows.filter((r) => r.status === 'signed_up')).toHaveLength(10);
    expect(rows.filter((r) => r.status === 'waitlisted')).toHaveLength(40);
    const [a] = await t.database.db.select().from(activities).where(eq(activities.id, activity.id));
    expect(a!.signedUp).toBe(10);
  });
});

const appCtx = () => t.app.ctx;

describe('sign-up, waitlist and refusals', () => {
  it('promotes the first waitlisted volunteer when a place is cancelled, and tells them', async () => {
    await setClock('2026-03-02T09:00:00+08:00');
    const { activity } = await publish('staffA', { startsAt: '2026-03-06T09:00:00+08:00', endsAt: '2026-03-06T11:00:00+08:00', capacity: 1 });
    const first = await w.api('residentA', 'POST', `/activities/${activity.id}/signup`);
    expect(first.statusCode).toBe(200);
    expect(first.json().signup.status).toBe('signed_up');
    const second = await w.api('residentA2', 'POST', `/activities/${activity.id}/signup`);
    expect(second.json().signup.status).toBe('waitlisted');
    expect(second.json().signup.waitlistPosition).toBe(1);
    // Signing up twice is harmless.
    expect((await w.api('residentA2', 'POST', `/activities/${activity.id}/signup`)).json().signup.status).toBe('waitlisted');
    const cancel = await w.api('residentA', 'POST', `/activities/${activity.id}/signup/cancel`);
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json().signup.status).toBe('cancelled');
    const card = (await w.api('residentA2', 'GET', `/activities/${activity.id}/card`)).json();
    expect(card.signup.status).toBe('signed_up');
    expect(card.activity.signedUp).toBe(1);
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, w.id.residentA2), eq(notifications.kind, 'activity.promoted')));
    expect(told).toHaveLength(1);
    // residentA signs up again: the place is taken, so they wait.
    expect((await w.api('residentA', 'POST', `/activities/${activity.id}/signup`)).json().signup.status).toBe('waitlisted');
  });

  it('refuses without a volunteer record, after the deadline, under the minimum age, without the skill, when suspended', async () => {
    await setClock('2026-03-02T09:00:00+08:00');
    const { activity } = await publish('staffA', {
      startsAt: '2026-03-07T09:00:00+08:00',
      endsAt: '2026-03-07T11:00:00+08:00',
      signupDeadline: '2026-03-03T18:00:00+08:00',
    });
    const none = await w.api('residentB', 'POST', `/activities/${activity.id}/signup`);
    expect(none.statusCode).toBe(403);
    expect(errorCode(none)).toBe('volunteer_not_registered');
    expect((await w.api('residentB', 'GET', `/activities/${activity.id}/card`)).json().registered).toBe(false);

    const young = await insertVolunteer(t.database.db, { name: '小明', nodeId: w.tree.gridA1.id, communityId: w.tree.communityA.id, birthDate: '2014-03-08' });
    const { activity: adults } = await publish('staffA', { startsAt: '2026-03-07T09:00:00+08:00', endsAt: '2026-03-07T11:00:00+08:00', minAge: 12 });
    await expect(signUpVolunteer(appCtx(), adults.id, young, system)).rejects.toMatchObject({ code: 'volunteer_too_young' });
    // Twelve on the day before the activity's: old enough.
    const twelve = await insertVolunteer(t.database.db, { name: '小红', nodeId: w.tree.gridA1.id, communityId: w.tree.communityA.id, birthDate: '2014-03-07' });
    expect((await signUpVolunteer(appCtx(), adults.id, twelve, system)).status).toBe('signed_up');

    const { activity: skilled } = await publish('staffA', { startsAt: '2026-03-07T09:00:00+08:00', endsAt: '2026-03-07T11:00:00+08:00', requiredSkill: '理发' });
    await expect(signUpVolunteer(appCtx(), skilled.id, young, system)).rejects.toMatchObject({ code: 'volunteer_skill_missing' });
    await t.database.db.update(volunteers).set({ skills: ['理发'] }).where(eq(volunteers.id, young));
    expect((await signUpVolunteer(appCtx(), skilled.id, young, system)).status).toBe('signed_up');

    const suspended = await insertVolunteer(t.database.db, { name: '老王', nodeId: w.tree.gridA1.id, communityId: w.tree.communityA.id });
    await t.database.db.update(volunteers).set({ status: 'suspended' }).where(eq(volunteers.id, suspended));
    await expect(signUpVolunteer(appCtx(), skilled.id, suspended, system)).rejects.toMatchObject({ code: 'volunteer_not_active' });

    await setClock('2026-03-04T09:00:00+08:00');
    const late = await w.api('residentA', 'POST', `/activities/${activity.id}/signup`);
    expect(late.statusCode).toBe(409);
    expect(errorCode(late)).toBe('signup_deadline_passed');
  });

  it('refuses self-cancellation when the activity does not allow it, and after the start', async () => {
    await setClock('2026-03-02T09:00:00+08:00');
    const { activity } = await publish('staffA', { startsAt: '2026-03-08T09:00:00+08:00', endsAt: '2026-03-08T11:00:00+08:00', selfCancel: false });
    await w.api('residentA', 'POST', `/activities/${activity.id}/signup`);
    expect(errorCode(await w.api('residentA', 'POST', `/activities/${activity.id}/signup/cancel`))).toBe('self_cancel_not_allowed');
    const { activity: open } = await publish('staffA', { startsAt: '2026-03-08T09:00:00+08:00', endsAt: '2026-03-08T11:00:00+08:00' });
    await w.api('residentA', 'POST', `/activities/${open.id}/signup`);
    await setClock('2026-03-08T09:30:00+08:00');
    expect(errorCode(await w.api('residentA', 'POST', `/activities/${open.id}/signup/cancel`))).toBe('activity_started');
  });

  it('the organiser removes a volunteer; cancelling an activity tells those signed up', async () => {
    await setClock('2026-03-02T09:00:00+08:00');
    const { activity } = await publish('staffA', { startsAt: '2026-03-09T09:00:00+08:00', endsAt: '2026-03-09T11:00:00+08:00', capacity: 1 });
    await w.api('residentA', 'POST', `/activities/${activity.id}/signup`);
    await w.api('residentA2', 'POST', `/activities/${activity.id}/signup`);
    const list = (await w.api('staffA', 'GET', `/activities/${activity.id}/signups`)).json();
    const a = list.items.find((s: { volunteer: { id: number } }) => s.volunteer.id === vol.a);
    const removed = await w.api('staffA', 'POST', `/activities/${activity.id}/signups/${a.id}/remove`, { reason: '重复报名' });
    expect(removed.statusCode).toBe(200);
    expect(removed.json().items.find((s: { id: number }) => s.id === a.id).status).toBe('removed');
    expect(removed.json().items.find((s: { volunteer: { id: number } }) => s.volunteer.id === vol.a2).status).toBe('signed_up');
    expect(errorCode(await w.api('residentA', 'POST', `/activities/${activity.id}/signup`))).toBe('signup_removed');
    const cancelled = await w.api('staffA', 'POST', `/activities/${activity.id}/cancel`, { reason: '天气原因' });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    const told = await t.database.db.select().from(notifications).where(and(eq(notifications.userId, w.id.residentA2), eq(notifications.kind, 'activity.cancelled')));
    expect(told).toHaveLength(1);
    expect(told[0]!.body).toContain('天气原因');
  });
});

describe('scope', () => {
  it('404 outside the subtree, 403 without the permission', async () => {
    await setClock('2026-03-02T09:00:00+08:00');
    const { activity } = await publish('staffA', { nodeId: w.tree.gridA1.id, startsAt: '2026-03-10T09:00:00+08:00', endsAt: '2026-03-10T11:00:00+08:00' });
    expect((await w.api('staffB', 'GET', `/activities/${activity.id}`)).statusCode).toBe(404);
    expect((await w.api('staffB', 'PATCH', `/activities/${activity.id}`, { capacity: 5 })).statusCode).toBe(404);
    expect((await w.api('staffB', 'GET', `/activities/${activity.id}/signups`)).statusCode).toBe(404);
    expect((await w.api('gridA2', 'GET', `/activities/${activity.id}`)).statusCode).toBe(404);
    // The grid worker of grid A1 reads (volunteers.read) but does not manage.
    expect((await w.api('gridA1', 'GET', `/activities/${activity.id}`)).statusCode).toBe(200);
    expect((await w.api('gridA1', 'GET', `/activities/${activity.id}`)).json().checkinToken).toBeNull();
    expect((await w.api('gridA1', 'PATCH', `/activities/${activity.id}`, { capacity: 5 })).statusCode).toBe(403);
    expect((await w.api('gridA1', 'POST', `/activities/${activity.id}/cancel`, { reason: 'x' })).statusCode).toBe(403);
    expect((await w.api('residentA', 'POST', '/activities', { nodeId: w.tree.gridA1.id, title: 'x', category: 'other', startsAt: '2026-03-10T09:00:00+08:00', endsAt: '2026-03-10T10:00:00+08:00', capacity: 1 })).statusCode).toBe(403);
    expect((await w.api('residentA', 'POST', '/activities', { nodeId: w.tree.communityB.id, title: 'x', category: 'other', startsAt: '2026-03-10T09:00:00+08:00', endsAt: '2026-03-10T10:00:00+08:00', capacity: 1 })).statusCode).toBe(404);
    const staffBList = (await w.api('staffB', 'GET', '/activities')).json();
    expect(staffBList.items.map((i: { id: number }) => i.id)).not.toContain(activity.id);
    expect((await w.api('staffB', 'GET', `/hour-entries?nodeId=${w.tree.communityA.id}`)).statusCode).toBe(404);
    expect((await w.api('gridA1', 'GET', `/hour-entries/export?nodeId=${w.tree.communityB.id}`)).statusCode).toBe(404);
  });

  it('checks its input: 400 with stable codes', async () => {
    const bad = await w.api('staffA', 'POST', '/activities', { nodeId: w.tree.communityA.id, title: 'x', category: 'other', startsAt: '2026-03-10T11:00:00+08:00', endsAt: '2026-03-10T10:00:00+08:00', capacity: 1 });
    expect(errorCode(bad)).toBe('activity_time_invalid');
    const noPoint = await w.api('staffA', 'POST', '/activities', { nodeId: w.tree.communityA.id, title: 'x', category: 'other', lng: 109.8, startsAt: '2026-03-10T09:00:00+08:00', endsAt: '2026-03-10T10:00:00+08:00', capacity: 1 });
    expect(errorCode(noPoint)).toBe('activity_point_invalid');
    expect(errorCode(await w.api('staffA', 'POST', '/activities', { nodeId: w.tree.communityA.id, title: 'x', category: 'cooking', startsAt: '2026-03-10T09:00:00+08:00', endsAt: '2026-03-10T10:00:00+08:00', capacity: 1 }))).toBe('validation_failed');
    expect(errorCode(await w.api('residentA', 'GET', '/activities/checkin/not-a-real-token-000'))).toBe('checkin_code_invalid');
  });

  it('a weekly series is one activity per week sharing series_id; nearby lists by distance', async () => {
    await setClock('2026-03-02T09:00:00+08:00');
    const { ids } = await publish('staffA', { title: '手机教学', category: 'digital_help', startsAt: '2026-03-11T14:00:00+08:00', endsAt: '2026-03-11T16:00:00+08:00', repeatWeeks: 4, lng: 109.95, lat: 40.7 });
    expect(ids).toHaveLength(4);
    const rows = await t.database.db.select().from(activities).where(eq(activities.seriesId, ids[0]!));
    expect(rows.map((r) => r.startsAt.toISOString()).sort()).toEqual(['2026-03-11T06:00:00.000Z', '2026-03-18T06:00:00.000Z', '2026-03-25T06:00:00.000Z', '2026-04-01T06:00:00.000Z']);
    const near = (await w.api('residentB', 'GET', '/activities/open?lng=109.95&lat=40.7&radiusM=1000&limit=100')).json();
    expect(near.items.map((i: { id: number }) => i.id).sort()).toEqual([...ids].sort());
    expect(near.items[0].distanceM).toBe(0);
  });
});

describe('check-in, check-out and hours', () => {
  it('checks in by the QR token from 30 minutes before the start, out after, and records the hours', async () => {
    await setClock('2026-03-02T09:00:00+08:00');
    const { activity } = await publish('staffA', { startsAt: '2026-03-12T09:00:00+08:00', endsAt: '2026-03-12T11:00:00+08:00' });
    await w.api('residentA', 'POST', `/activities/${activity.id}/signup`);
    await w.api('residentA2', 'POST', `/activities/${activity.id}/signup`);
    const token = activity.checkinToken;
    await setClock('2026-03-12T08:20:00+08:00');
    expect(errorCode(await w.api('residentA', 'POST', `/activities/checkin/${token}`, { action: 'in' }))).toBe('checkin_not_open');
    expect(errorCode(await w.api('residentA', 'POST', `/activities/checkin/${token}`, { action: 'out' }))).toBe('not_checked_in');
    await setClock('2026-03-12T08:40:00+08:00');
    const inRes = await w.api('residentA', 'POST', `/activities/checkin/${token}`, { action: 'in' });
    expect(inRes.statusCode).toBe(200);
    expect(inRes.json().signup.checkedInAt).toBe('2026-03-12T08:40:00+08:00');
    expect(errorCode(await w.api('residentA', 'POST', `/activities/checkin/${token}`, { action: 'in' }))).toBe('already_checked_in');
    // A volunteer not signed up cannot check in.
    expect(errorCode(await w.api('residentB', 'POST', `/activities/checkin/${token}`, { action: 'in' }))).toBe('volunteer_not_registered');
    await setClock('2026-03-12T10:30:00+08:00');
    const out = await w.api('residentA', 'POST', `/activities/checkin/${token}`, { action: 'out' });
    expect(out.json().signup.checkedOutAt).toBe('2026-03-12T10:30:00+08:00');
    const [entry] = await t.database.db.select().from(hourEntries).where(eq(hourEntries.activityId, activity.id));
    // Planned 120; actual from the start (check-in before it does not count) to 10:30.
    const qr = await w.api('staffA', 'GET', `/activities/${activity.id}/qr`);
    expect(qr.json().checkinUrl).toContain(`/m/activities/checkin/${token}`);
    expect(qr.json().svg).toContain('<svg');
    expect((await w.api('gridA1', 'GET', `/activities/${activity.id}/qr`)).statusCode).toBe(404);
    expect(entry).toMatchObject({ plannedMinutes: 120, minutes: 90, status: 'pending', content: '敬老院打扫', flagged: false, kind: 'record', serviceDate: '2026-03-12' });
  });

  it('the organiser checks in; the job checks out at the end those who never did and flags the entry, once', async () => {
    await setClock('2026-03-02T09:00:00+08:00');
    const { activity } = await publish('staffA', { startsAt: '2026-03-13T09:00:00+08:00', endsAt: '2026-03-13T11:00:00+08:00' });
    await w.api('residentA2', 'POST', `/activities/${activity.id}/signup`);
    await setClock('2026-03-13T09:15:00+08:00');
    const list = (await w.api('staffA', 'GET', `/activities/${activity.id}/signups`)).json();
    const s = list.items[0];
    expect((await w.api('gridA1', 'POST', `/activities/${activity.id}/signups/${s.id}/check`, { action: 'in' })).statusCode).toBe(404);
    const checked = await w.api('staffA', 'POST', `/activities/${activity.id}/signups/${s.id}/check`, { action: 'in' });
    expect(checked.json().items[0].checkedInAt).toBe('2026-03-13T09:15:00+08:00');
    await t.app.ctx.jobs.run(AUTO_CHECKOUT_JOB);
    expect((await signupRows(activity.id))[0]!.checkedOutAt).toBeNull();
    t.clock.set('2026-03-13T12:00:00+08:00');
    await Promise.all([t.app.ctx.jobs.run(AUTO_CHECKOUT_JOB), t.app.ctx.jobs.run(AUTO_CHECKOUT_JOB)]);
    const [row] = await signupRows(activity.id);
    expect(row!.autoCheckedOut).toBe(true);
    expect(row!.checkedOutAt!.toISOString()).toBe('2026-03-13T03:00:00.000Z');
    const entries = await t.database.db.select().from(hourEntries).where(eq(hourEntries.activityId, activity.id));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ flagged: true, minutes: 105, status: 'pending' });
  });

  it('reminds the signed-up once before the start', async () => {
    await setClock('2026-03-02T09:00:00+08:00');
    const { activity } = await publish('staffA', { startsAt: '2026-03-20T09:00:00+08:00', endsAt: '2026-03-20T11:00:00+08:00' });
    await w.api('residentA', 'POST', `/activities/${activity.id}/signup`);
    await t.app.ctx.jobs.run(REMINDER_JOB);
    expect(await t.database.db.select().from(activityReminders).where(eq(activityReminders.activityId, activity.id))).toHaveLength(0);
    t.clock.set('2026-03-19T10:00:00+08:00');
    await Promise.all([t.app.ctx.jobs.run(REMINDER_JOB), t.app.ctx.jobs.run(REMINDER_JOB)]);
    await t.app.ctx.jobs.run(REMINDER_JOB);
    const told = await t.database.db.select().from(notifications).where(and(eq(notifications.userId, w.id.residentA), eq(notifications.kind, 'activity.reminder')));
    expect(told.filter((n) => (n.data as { activityId?: number }).activityId === activity.id)).toHaveLength(1);
  });
});

describe('the record window and confirmation', () => {
  let entryA: number;
  let entryA2: number;

  it('counts 10 working days across 国庆: an activity on 2026-09-30 is still confirmed on 10-16', async () => {
    const calendar = await loadWorkCalendar(t.database.db, w.tree.communityA.id);
    expect(calendar.isWorkday('2026-10-05')).toBe(false);
    await setClock('2026-09-20T09:00:00+08:00');
    const { activity } = await publish('staffA', { startsAt: '2026-09-30T09:00:00+08:00', endsAt: '2026-09-30T11:00:00+08:00' });
    await w.api('residentA', 'POST', `/activities/${activity.id}/signup`);
    await w.api('residentA2', 'POST', `/activities/${activity.id}/signup`);
    await setClock('2026-09-30T09:00:00+08:00');
    for (const who of ['residentA', 'residentA2'] as const) await w.api(who, 'POST', `/activities/checkin/${activity.checkinToken}`, { action: 'in' });
    await setClock('2026-09-30T11:00:00+08:00');
    for (const who of ['residentA', 'residentA2'] as const) await w.api(who, 'POST', `/activities/checkin/${activity.checkinToken}`, { action: 'out' });
    const list = (await w.api('staffA', 'GET', `/hour-entries?activityId=${activity.id}`)).json();
    expect(list.total).toBe(2);
    entryA = list.items.find((i: { volunteer: { id: number } }) => i.volunteer.id === vol.a).id;
    entryA2 = list.items.find((i: { volunteer: { id: number } }) => i.volunteer.id === vol.a2).id;
    expect(list.items[0].deadline).toBe('2026-10-20T17:30:00+08:00');

    // Sixteen calendar days later, the 7th working day: still in the window.
    await setClock('2026-10-16T10:00:00+08:00');
    const before = (await t.database.db.select().from(volunteers).where(eq(volunteers.id, vol.a)))[0]!.confirmedMinutes;
    const confirm = await w.api('staffA', 'POST', '/hour-entries/confirm', { ids: [entryA] });
    expect(confirm.json()).toEqual({ confirmed: 1, awaitingApproval: 0 });
    expect((await w.api('staffA', 'POST', '/hour-entries/confirm', { ids: [entryA] })).json()).toEqual({ confirmed: 0, awaitingApproval: 0 });
    const after = (await t.database.db.select().from(volunteers).where(eq(volunteers.id, vol.a)))[0]!.confirmedMinutes;
    expect(after - before).toBe(120);
    expect(await recountConfirmedMinutes(t.database.db)).toEqual([]);
  });

  it('after the window the record awaits approval by a node above; the organiser’s node cannot approve', async () => {
    await setClock('2026-10-21T09:00:00+08:00');
    expect((await w.api('staffA', 'POST', '/hour-entries/confirm', { ids: [entryA2] })).json()).toEqual({ confirmed: 0, awaitingApproval: 1 });
    const denied = await w.api('staffA', 'POST', '/hour-entries/approve', { ids: [entryA2] });
    expect(denied.statusCode).toBe(403);
    expect(errorCode(denied)).toBe('approval_needs_node_above');
    expect((await w.api('staffB', 'POST', '/hour-entries/approve', { ids: [entryA2] })).statusCode).toBe(404);
    const queue = (await w.api('town', 'GET', '/hour-entries/approvals')).json();
    expect(queue.items.map((i: { id: number }) => i.id)).toContain(entryA2);
    expect((await w.api('staffA', 'GET', '/hour-entries/approvals')).json().items.map((i: { id: number }) => i.id)).not.toContain(entryA2);
    const before = (await t.database.db.select().from(volunteers).where(eq(volunteers.id, vol.a2)))[0]!.confirmedMinutes;
    expect((await w.api('town', 'POST', '/hour-entries/approve', { ids: [entryA2] })).json()).toEqual({ approved: 1 });
    const after = (await t.database.db.select().from(volunteers).where(eq(volunteers.id, vol.a2)))[0]!.confirmedMinutes;
    expect(after - before).toBe(120);
    expect(await recountConfirmedMinutes(t.database.db)).toEqual([]);
  });

  it('adjusts with a reason as a correction entry; confirmed_minutes equals the recount after each step', async () => {
    await setClock('2026-10-22T09:00:00+08:00');
    const { activity } = await publish('staffA', { startsAt: '2026-10-23T09:00:00+08:00', endsAt: '2026-10-23T12:00:00+08:00' });
    await w.api('residentA', 'POST', `/activities/${activity.id}/signup`);
    await setClock('2026-10-23T09:00:00+08:00');
    await w.api('residentA', 'POST', `/activities/checkin/${activity.checkinToken}`, { action: 'in' });
    await setClock('2026-10-23T10:00:00+08:00');
    await w.api('residentA', 'POST', `/activities/checkin/${activity.checkinToken}`, { action: 'out' });
    const [record] = await t.database.db.select().from(hourEntries).where(eq(hourEntries.activityId, activity.id));
    expect(record!.minutes).toBe(60);
    const minutesOf = async () => (await t.database.db.select().from(volunteers).where(eq(volunteers.id, vol.a)))[0]!.confirmedMinutes;
    const start = await minutesOf();
    // Pending: the adjustment waits with the record.
    expect(errorCode(await w.api('staffA', 'POST', `/hour-entries/${record!.id}/adjust`, { minutes: 60, reason: '无变化' }))).toBe('hour_entry_no_change');
    expect((await w.api('gridA1', 'POST', `/hour-entries/${record!.id}/adjust`, { minutes: 150, reason: 'x' })).statusCode).toBe(404);
    const adj = await w.api('staffA', 'POST', `/hour-entries/${record!.id}/adjust`, { minutes: 150, reason: '提前到场布置' });
    expect(adj.statusCode).toBe(200);
    expect(adj.json()).toMatchObject({ kind: 'correction', correctsId: record!.id, minutes: 90, status: 'pending', reason: '提前到场布置' });
    expect(await minutesOf()).toBe(start);
    await w.api('staffA', 'POST', '/hour-entries/confirm', { ids: [record!.id] });
    expect(await minutesOf()).toBe(start + 150);
    expect(await recountConfirmedMinutes(t.database.db)).toEqual([]);
    // Confirmed: a correction is confirmed at once (inside the window).
    const down = await w.api('staffA', 'POST', `/hour-entries/${record!.id}/adjust`, { minutes: 120, reason: '核对签到表' });
    expect(down.json()).toMatchObject({ minutes: -30, status: 'confirmed' });
    expect(await minutesOf()).toBe(start + 120);
    expect(await recountConfirmedMinutes(t.database.db)).toEqual([]);
    // The record itself never changed.
    const [same] = await t.database.db.select().from(hourEntries).where(eq(hourEntries.id, record!.id));
    expect(same!.minutes).toBe(60);
    const listed = (await w.api('staffA', 'GET', `/hour-entries?activityId=${activity.id}`)).json();
    expect(listed.items.find((i: { id: number }) => i.id === record!.id).effectiveMinutes).toBe(120);
  });

  it('my hours show the volunteer’s own entries and total; the export is a workbook of the node’s entries', async () => {
    const mine = await w.api('residentA', 'GET', '/hour-entries/mine');
    expect(mine.statusCode).toBe(200);
    const [v] = await t.database.db.select().from(volunteers).where(eq(volunteers.id, vol.a));
    expect(mine.json().confirmedMinutes).toBe(v!.confirmedMinutes);
    expect(mine.json().items.every((i: { volunteer: { id: number } }) => i.volunteer.id === vol.a)).toBe(true);
    expect(errorCode(await w.api('residentB', 'GET', '/hour-entries/mine'))).toBe('volunteer_not_registered');

    const res = await w.api('staffA', 'GET', `/hour-entries/export?nodeId=${w.tree.communityA.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const all = await t.database.db.select().from(hourEntries).where(eq(hourEntries.communityId, w.tree.communityA.id));
    expect(sheet.rowCount - 1).toBe(all.length);
    expect(sheet.getRow(1).getCell(3).value).toBe('姓名');
  });
});
