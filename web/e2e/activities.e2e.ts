import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiSignIn, consoleLogin, DESKTOP, launchBrowser, newPage, PHONE, residentLogin, shot } from './browser';

/**
 * A volunteer's day, through the pages: the 保利社区 demo resident (resident.baoli) has a
 * volunteer record (registered through POST /volunteers/me when missing — the volunteers module), the staff
 * publish an activity through the API, the resident signs up on the phone, opens the QR link shown in the console
 * and checks in and out, the staff adjust the minutes with a reason and confirm, and the resident sees the hours,
 * the star progress on the volunteer home and the points the hours earned, then redeems an item of the community's
 * charity store (stocked by the staff) and gets a pickup code.
 */
const baseURL = inject('baseURL');
let browser: Browser;

const signIn = (username: string) => apiSignIn(baseURL, username);

/** China time with its offset, minutes from now. */
function inMinutes(minutes: number): string {
  const at = new Date(Date.now() + minutes * 60_000 + 8 * 3_600_000);
  return `${at.toISOString().slice(0, 19)}+08:00`;
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('volunteer activities', () => {
  it('a volunteer signs up, checks in and out by the QR link, the organiser confirms, the volunteer sees hours, stars and points and redeems an item', { timeout: 300_000 }, async () => {
    const staff = await signIn('baoli.staff');
    const me = await staff.call<{ roles: { role: string; orgNode: { id: number } }[] }>('GET', '/me');
    const communityId = me.roles.find((r) => r.role === 'community_staff')!.orgNode.id;

    // The resident's volunteer record (the volunteers module registers it).
    const resident = await signIn('resident.baoli');
    const registered = await resident.call<{ volunteer: { id: number } }>('GET', '/hour-entries/mine').then(
      () => true,
      () => false,
    );
    if (!registered) {
      const mine = await resident.call<{ roles: { orgNode: { id: number } }[] }>('GET', '/me');
      await resident.call('POST', '/volunteers/me', { name: '王秀兰', nodeId: mine.roles[0]!.orgNode.id, birthDate: '1968-05-12', gender: 'female' });
    }
    const before = await resident.call<{ confirmedMinutes: number }>('GET', '/hour-entries/mine');
    const pointsBefore = (await resident.call<{ balance: number }>('GET', '/points/me')).balance;

    // The staff publish an activity starting in 20 minutes: sign-up is open, check-in opens 30 minutes before.
    const title = `e2e 敬老院打扫 ${Date.now() % 100000}`;
    const created = await staff.call<{ ids: number[] }>('POST', '/activities', {
      nodeId: communityId,
      title,
      category: 'elderly_care',
      placeName: '保利社区日间照料中心',
      lng: 109.8815,
      lat: 40.651,
      startsAt: inMinutes(20),
      endsAt: inMinutes(140),
      capacity: 5,
    });
    const id = created.ids[0]!;

    // The phone: the list, the activity, sign up.
    const { page: m } = await newPage(browser, PHONE, baseURL);
    await residentLogin(m, 'resident.baoli');
    await m.waitForURL((url) => url.pathname === '/m/');
    await m.goto('/m/activities');
    await m.locator(`[data-test="activity-${id}"]`).click();
    await m.locator('[data-test="activity-title"]').waitFor();
    await m.click('[data-test="sign-up"]');
    await expect.poll(async () => (await m.locator('[data-test="signup-status"]').textContent())?.trim(), { timeout: 15_000 }).toBe('报名成功');
    await shot(m, 'activities-m-signed-up');

    // The console shows the QR code; its link is what the phone's camera opens.
    const { page: c } = await newPage(browser, DESKTOP, baseURL);
    await consoleLogin(c, 'baoli.staff');
    await c.waitForURL((url) => url.pathname === '/console/');
    await c.goto(`/console/activities/${id}`);
    await c.locator('[data-test="activity-qr"]').waitFor();
    await shot(c, 'activities-console-detail');
    const link = await c.locator('[data-test="activity-qr-url"]').getAttribute('href');
    expect(link).toMatch(/\/m\/activities\/checkin\//);

    await m.goto(new URL(link!).pathname);
    await m.click('[data-test="checkin-in"]');
    await m.locator('[data-test="checked-in-at"]').waitFor();
    await m.click('[data-test="checkin-out"]');
    await m.locator('[data-test="checked-out-at"]').waitFor();
    await shot(m, 'activities-m-checked-out');

    // The organiser: the record is pending (checked out before the start, so 0 minutes): adjust it with a reason,
    // then confirm it in bulk.
    await c.goto('/console/activities/hours');
    const row = c.locator('[data-test="hours-table"] .el-table__row', { hasText: title }).first();
    await row.waitFor();
    await row.getByRole('button', { name: '调整时长' }).click();
    const minutesBox = c.locator('.el-message-box', { hasText: '调整后的分钟数' });
    await minutesBox.locator('input').fill('90');
    await minutesBox.locator('.el-button--primary').click();
    const reasonBox = c.locator('.el-message-box', { hasText: '调整原因' });
    await reasonBox.locator('input').fill('提前到场布置，按签到表核实');
    await reasonBox.locator('.el-button--primary').click();
    await c.locator('.el-message--success').first().waitFor();
    const record = c.locator('[data-test="hours-table"] .el-table__row', { hasText: title }).filter({ hasNotText: '更正' }).first();
    await record.locator('.el-checkbox').click();
    await c.click('[data-test="confirm-selected"]');
    await c.locator('.el-message--success', { hasText: '已确认 1 条' }).waitFor();
    await shot(c, 'activities-console-hours');

    // The volunteer sees 1.5 more hours confirmed.
    await m.goto('/m/volunteer/hours');
    await m.locator('[data-test="confirmed-hours"]').waitFor();
    const expected = Math.round(((before.confirmedMinutes + 90) / 60) * 10) / 10;
    await expect.poll(async () => (await m.locator('[data-test="confirmed-hours"]').textContent())?.trim()).toBe(String(expected));
    expect(await m.locator('[data-test="hour-entry"]', { hasText: title }).count()).toBeGreaterThanOrEqual(2);
    await shot(m, 'activities-m-hours');

    // The volunteer home: the record, the stars and the progress to the next one.
    await m.goto('/m/volunteer');
    await m.locator('[data-test="volunteer-card"]').waitFor();
    await expect.poll(async () => (await m.locator('[data-test="volunteer-progress"]').textContent())?.trim() ?? '').not.toBe('');
    await shot(m, 'activities-m-volunteer-home');

    // The points came with the confirmed hours, in the same step.
    await m.goto('/m/points');
    await m.locator('[data-test="points-balance"]').waitFor();
    const pointsAfter = (await resident.call<{ balance: number }>('GET', '/points/me')).balance;
    expect(pointsAfter).toBeGreaterThan(pointsBefore);
    await expect.poll(async () => (await m.locator('[data-test="points-balance"]').textContent())?.replace(/\D/g, '')).toBe(String(pointsAfter));

    // The staff stock the community's store; the volunteer redeems on the phone and gets a pickup code.
    const goodsName = `e2e 毛巾 ${Date.now() % 100000}`;
    const goods = await staff.call<{ id: number }>('POST', '/store/goods', { nodeId: communityId, name: goodsName, pricePoints: 1, description: '纯棉毛巾一条' });
    await staff.call('POST', `/store/goods/${goods.id}/receipts`, { quantity: 3, reason: '爱心企业捐赠' });
    await m.goto('/m/store');
    const card = m.locator('[data-test="store-goods"]', { hasText: goodsName });
    await card.waitFor();
    await card.locator('[data-test="redeem"]').click();
    await m.locator('.van-dialog__confirm').click();
    await m.locator('.van-dialog', { hasText: '兑换成功' }).waitFor();
    await shot(m, 'activities-m-redeemed');
    await m.locator('.van-dialog__confirm').click();
    await m.goto('/m/store/redemptions');
    const code = m.locator('[data-test="redemption"]', { hasText: goodsName }).locator('[data-test="pickup-code"]');
    await code.waitFor();
    expect((await code.textContent())?.trim()).toMatch(/^\d{6}$/);
    expect((await resident.call<{ balance: number }>('GET', '/points/me')).balance).toBe(pointsAfter - 1);
  });
});
