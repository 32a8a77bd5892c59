import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { todayInShanghai } from '../src/shared/format';
import { addDays, daysBetween, formatClock, isoWeekday } from '../src/shared/rooms/time';
import { consoleLogin, DESKTOP, launchBrowser, newPage, PHONE, residentLogin, shot } from './browser';
import { bookAs, checkinCode, setUpRoomsWorld, type RoomsWorld } from './roomsFixtures';

const baseURL = inject('baseURL');
let browser: Browser;
let world: RoomsWorld;

/** The Saturday at least three days ahead: far enough for any notice rule, near enough for four weeks of it. */
const today = todayInShanghai();
const target = addDays(today, 3 + ((6 - isoWeekday(addDays(today, 3)) + 7) % 7));

beforeAll(async () => {
  browser = await launchBrowser();
  world = await setUpRoomsWorld(baseURL);
});

afterAll(async () => {
  await browser?.close();
});

/** From the resident home page to the booking form of a room on a date, the way a resident gets there. */
async function openBookingForm(page: Page, roomName: string, date: string): Promise<void> {
  await page.locator('[data-test="module-tiles"] .van-grid-item', { hasText: '功能室预约' }).click();
  await page.locator(`[data-test="room-card"][data-room="${roomName}"]`).click();
  await page.locator('[data-test="week-rows"]').waitFor();
  for (let i = 0; i < 10 && (await page.locator(`[data-test="week-rows"] [data-date="${date}"]`).count()) === 0; i++) {
    await page.locator('.week-head .nav').last().click();
    await page.locator('[data-test="week-rows"]').waitFor();
  }
  await page.locator(`[data-test="week-rows"] [data-date="${date}"]`).click();
  await page.locator('[data-test="book-room"]').click();
  await page.locator('[data-test="booking-who"]').waitFor();
}

/** Choose start and end in the cascading time picker by tapping the options. */
async function pickTime(page: Page, start: string, end: string): Promise<void> {
  await page.locator('[data-test="pick-time"]').click();
  const picker = page.locator('[data-test="time-picker"]');
  await picker.waitFor();
  await picker.locator('.van-picker-column').nth(0).locator('.van-picker-column__item', { hasText: start }).click();
  await picker.locator('.van-picker-column').nth(1).locator('.van-picker-column__item', { hasText: end }).click();
  await page.waitForTimeout(400);
  await picker.locator('.van-picker__confirm').click();
  await page.locator('[data-test="pick-time"]', { hasText: `${start}–${end}` }).waitFor();
}

describe('function rooms', () => {
  it('a team leader books a weekly slot; a second team is refused and told when the room is free instead', async () => {
    const a = await newPage(browser, PHONE, baseURL);
    await residentLogin(a.page, world.leaderA.username);
    await a.page.waitForURL((url) => url.pathname === '/m/');
    await a.page.locator('[data-test="module-tiles"] .van-grid-item', { hasText: '功能室预约' }).click();
    await a.page.locator(`[data-test="room-card"][data-room="${world.room.name}"]`).waitFor();
    await shot(a.page, 'rooms-m-list');
    await a.page.goto('/m/');

    await openBookingForm(a.page, world.room.name, target);
    await shot(a.page, 'rooms-m-room-form');
    // The leader leads one team, so the form books for it unless told otherwise.
    await a.page.locator(`[data-test="booking-who"] [data-team="${world.leaderA.team}"] .van-radio__icon--checked`).waitFor();
    await a.page.locator('[data-test="booking-mode"] .van-tab', { hasText: '每周固定' }).click();
    await pickTime(a.page, '19:00', '21:00');
    await a.page.fill('[data-test="purpose"] input', '周六晚排练');
    await shot(a.page, 'rooms-m-book-weekly');
    await a.page.locator('[data-test="submit-booking"]').click();
    await a.page.waitForURL('**/m/bookings');
    // The weekly booking is one row ("每周六 19:00–21:00，共 n 次"), its dates behind a tap.
    const series = a.page.locator('[data-test="series-item"]', { hasText: world.room.name }).filter({ hasText: world.leaderA.team });
    await series.waitFor();
    expect(await series.textContent()).toMatch(/每周.*19:00–21:00，共 \d+ 次/);
    await shot(a.page, 'rooms-m-my-bookings');
    await series.locator('[data-test="series-toggle"]').click();
    expect(await series.locator('[data-test="booking-item"]').count()).toBeGreaterThanOrEqual(4);
    // No red count on the tabs: it read as unread messages.
    expect(await a.page.locator('[data-test="booking-tabs"] .van-badge').count()).toBe(0);
    await a.context.close();

    const b = await newPage(browser, PHONE, baseURL);
    await residentLogin(b.page, world.leaderB.username);
    await b.page.waitForURL((url) => url.pathname === '/m/');
    await openBookingForm(b.page, world.room.name, target);
    await b.page.locator('[data-test="booking-mode"] .van-tab', { hasText: '每周固定' }).click();
    await pickTime(b.page, '19:00', '21:00');
    await b.page.locator('[data-test="submit-booking"]').click();
    const report = b.page.locator('[data-test="series-report"]');
    await report.waitFor();
    expect(await report.textContent()).toContain('都无法预约');
    const problems = await report.locator('[data-test="occurrence-problem"]').allTextContents();
    expect(problems.length).toBeGreaterThanOrEqual(4);
    // The server's explanation names when the room is free instead on each taken date.
    for (const text of problems) expect(text).toMatch(/该时段已被预约.*可预约：\d\d:\d\d–\d\d:\d\d/);
    expect(await b.page.locator('[data-test="book-the-rest"]').count()).toBe(0);
    await shot(b.page, 'rooms-m-series-refused');

    // The same time once: refused with the nearest free windows of the same length, one tap to take one.
    await b.page.locator('[data-test="booking-mode"] .van-tab', { hasText: '单次预约' }).click();
    await b.page.locator('[data-test="submit-booking"]').click();
    const refusal = b.page.locator('[data-test="booking-refusal"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('该时段已被预约');
    expect(await refusal.locator('[data-test="suggestion"]').count()).toBeGreaterThan(0);
    await shot(b.page, 'rooms-m-refused');
    const suggestion = (await refusal.locator('[data-test="suggestion"]').first().textContent())!.trim();
    await refusal.locator('[data-test="suggestion"]').first().click();
    await b.page.locator('[data-test="pick-time"]', { hasText: suggestion }).waitFor();
    await b.page.locator('[data-test="submit-booking"]').click();
    await b.page.waitForURL(/\/m\/bookings\/\d+$/);
    expect(await b.page.locator('[data-test="booking-detail"]').textContent()).toContain(suggestion);
    await shot(b.page, 'rooms-m-booking');
    await b.context.close();
  });

  it('staff see the rooms, the hours, the week by room with both teams, approvals, teams and charts', async () => {
    const { context, page } = await newPage(browser, DESKTOP, baseURL);
    await consoleLogin(page, 'baoli.staff');
    await page.waitForURL((url) => url.pathname === '/console/');
    await page.click('[data-test="side-menu"] >> text=功能室');
    await page.locator('[data-test="rooms-table"] .el-table__row', { hasText: world.room.name }).waitFor();
    await shot(page, 'rooms-console-list');

    await page.locator('[data-test="rooms-table"] .el-table__row', { hasText: world.room.name }).locator('[data-test="room-qr"]').click();
    await page.locator('[data-test="qr-image"]').waitFor();
    expect((await page.locator('[data-test="qr-token"]').textContent())!.replace(/\s/g, '')).toMatch(/^[0-9]{6}$/);
    await shot(page, 'rooms-console-qr');
    await page.keyboard.press('Escape');

    await page.locator('[data-test="rooms-tabs"] .el-tabs__item', { hasText: '开放时间' }).click();
    await page.locator('[data-test="schedule-card"]').first().waitFor();
    await page.locator('[data-test="resolved-hours"] li').first().waitFor();
    await shot(page, 'rooms-console-hours');

    await page.locator('[data-test="rooms-tabs"] .el-tabs__item', { hasText: '预约日历' }).click();
    await page.locator('[data-test="week-grid"]').waitFor();
    const weeks = Math.floor(daysBetween(addDays(today, 1 - isoWeekday(today)), target) / 7);
    for (let i = 0; i < weeks; i++) {
      await page.locator('[data-test="bookings-calendar"] .el-button-group .el-button').last().click();
    }
    const row = page.locator(`[data-test="week-grid"] [data-date="${target}"] [data-room="${world.room.name}"]`);
    await row.locator('[data-test="grid-block"]', { hasText: world.leaderA.team }).waitFor();
    await shot(page, 'rooms-console-calendar');
    // One day at a time for the booking's details, so the page fits the screen beside the drawer.
    await page.locator('[data-test="calendar-day"]').click();
    await page.locator('.el-select-dropdown__item', { hasText: target.slice(5) }).click();
    await row.locator('[data-test="grid-block"]', { hasText: world.leaderA.team }).click();
    await page.locator('[data-test="booking-drawer"]').getByText(`${formatClock(19 * 60)}–${formatClock(21 * 60)}`).waitFor();
    await shot(page, 'rooms-console-booking');
    await page.keyboard.press('Escape');

    await page.locator('[data-test="rooms-tabs"] .el-tabs__item', { hasText: '预约审批' }).click();
    await page.locator('[data-test="approvals-table"]').waitFor();
    await shot(page, 'rooms-console-approvals');

    await page.locator('[data-test="rooms-tabs"] .el-tabs__item', { hasText: '团队与配额' }).click();
    await page.locator('[data-test="teams-table"] .el-table__row', { hasText: world.leaderB.team }).waitFor();
    await page.locator('[data-test="quotas-card"]').waitFor();
    await shot(page, 'rooms-console-teams');

    await page.locator('[data-test="rooms-tabs"] .el-tabs__item', { hasText: '使用统计' }).click();
    await page.locator('[data-test="chart-trend"] canvas').first().waitFor();
    await page.locator('[data-test="chart-heatmap"] canvas').first().waitFor();
    await shot(page, 'rooms-console-utilisation');
    await context.close();
  });

  it('a resident checks in by typing the code printed under the room QR code', async () => {
    // A booking starting at the next quarter hour of a room open around the clock (check-in opens 4 h before).
    const now = new Date();
    const start = new Date(Math.ceil((now.getTime() + 60_000) / 900_000) * 900_000);
    const end = new Date(start.getTime() + 30 * 60_000);
    const crossesMidnight = todayInShanghai(start) !== todayInShanghai(new Date(end.getTime() - 1));
    const startsAt = crossesMidnight ? new Date(end.getTime() - 15 * 60_000) : start;
    const window = { startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 30 * 60_000).toISOString() };
    const booking = await bookAs(baseURL, world.resident.username, { roomId: world.checkinRoom.id, ...window });
    const code = await checkinCode(baseURL, world.checkinRoom.id);

    const { context, page } = await newPage(browser, PHONE, baseURL);
    await residentLogin(page, world.resident.username);
    await page.waitForURL((url) => url.pathname === '/m/');
    await page.goto('/m/bookings');
    const item = page.locator(`[data-test="booking-item"][data-booking="${booking.id}"]`);
    await item.locator('[data-test="checkin-booking"]').click();
    await page.waitForURL('**/m/rooms/checkin**');
    await page.locator('[data-test="checkin-expected"]').waitFor();
    // Typed as printed: six digits in two groups of three.
    await page.fill('[data-test="checkin-code"] input', `${code.slice(0, 3)} ${code.slice(3)}`);
    await shot(page, 'rooms-m-checkin-code');
    await page.locator('[data-test="checkin-submit"]').click();
    await page.locator('[data-test="checkin-done"]').waitFor();
    expect(await page.locator('[data-test="checkin-done"]').textContent()).toContain(world.checkinRoom.name);
    await shot(page, 'rooms-m-checkin-done');

    // A wrong code gets the server's explanation, not a blank page.
    await page.goto('/m/rooms/checkin');
    await page.fill('[data-test="checkin-code"] input', 'not-a-real-code-123');
    await page.locator('[data-test="checkin-submit"]').click();
    await page.locator('[data-test="checkin-error"]').waitFor();
    expect(await page.locator('[data-test="checkin-error"]').textContent()).toContain('签到码无效');
    await context.close();
  });
});
