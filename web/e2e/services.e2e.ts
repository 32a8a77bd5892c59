import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiSignIn, consoleLogin, DESKTOP, launchBrowser, newPage, PHONE, residentLogin, shot } from './browser';

/**
 * A visit to the hall, through the pages (issue 13): the 保利社区 resident books an appointment on the phone; at the
 * hall the staff check it in at the queue desk and call it, while the hall's screen (the public display page, open in
 * another browser) shows the number live; the visit is done, the resident rates it 不满意 with a reason on the
 * ticket's page, the staff find it among the unanswered bad ratings and answer it, and the resident sees the answer.
 * The hall is made open all day for the test (an `extended` exception of its hours), so it runs at any hour.
 */
const baseURL = inject('baseURL');
let browser: Browser;

const signIn = (username: string) => apiSignIn(baseURL, username);

const chinaDay = (offsetDays = 0) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('convenience services at the hall', () => {
  it('a resident books, staff check in and call the ticket at the desk, the hall screen shows it live; a 不满意 rating is answered', { timeout: 300_000 }, async () => {
    const staff = await signIn('baoli.staff');
    const { items: centers } = await staff.call<{ items: { id: number; name: string }[] }>('GET', '/rooms/centers');
    const center = centers.find((c) => c.name.includes('保利'))!;
    expect(center).toBeTruthy();
    // Open all day today for this test, and let a slot be booked right before it starts.
    const schedules = await staff.call<{ items: { id: number; purpose: string }[] } | { id: number; purpose: string }[]>('GET', `/rooms/centers/${center.id}/schedules`);
    const list = Array.isArray(schedules) ? schedules : schedules.items;
    const hall = list.find((s) => s.purpose === 'hall')!;
    await staff.call('POST', `/rooms/schedules/${hall.id}/exceptions`, { dateFrom: chinaDay(), dateTo: chinaDay(1), kind: 'extended', opens: '00:00', closes: '24:00', note: 'e2e' });
    const { items: windows } = await staff.call<{ items: { id: number; name: string; items: { id: number; name: string }[]; acceptsAppointments: boolean }[] }>(
      'GET',
      `/services/windows?centerId=${center.id}`,
    );
    for (const w of windows) await staff.call('PATCH', `/services/windows/${w.id}`, { minNoticeMinutes: 0 });
    const window = windows.find((w) => w.acceptsAppointments && w.items.length > 0)!;
    const item = window.items[0]!;

    // The resident books on the phone.
    const phone = await newPage(browser, PHONE, baseURL);
    await residentLogin(phone.page, 'resident.baoli');
    await phone.page.waitForURL((url) => url.pathname === '/m/');
    await phone.page.goto(`/m/services/book?centerId=${center.id}&itemId=${item.id}`);
    await phone.page.locator('[data-test="slot-chips"] .chip:not(.full)').first().click();
    await shot(phone.page, 'm-services-book');
    await phone.page.click('[data-test="book-submit"]');
    await phone.page.locator('[data-test="appointment-detail"]').waitFor();
    const resident = await signIn('resident.baoli');
    const mine = await resident.call<{ items: { id: number; number: string; status: string; windowId: number; windowName: string; startsAt: string }[] }>('GET', '/services/appointments/mine');
    const appointment = mine.items.filter((a) => a.status === 'booked').sort((a, b) => b.id - a.id)[0]!;
    expect(appointment.startsAt.slice(0, 10)).toBe(chinaDay());
    expect(await phone.page.locator('[data-test="appointment-detail"]').textContent()).toContain(appointment.number);

    // The hall's screen: a public page, in a browser nobody signed into.
    const screen = await newPage(browser, DESKTOP, baseURL);
    await screen.page.goto(`/console/services/display/${center.id}`);
    await screen.page.locator('[data-test="services-display"]').waitFor();

    // The desk: check the appointment in by its number, pick its window, call next.
    const desk = await newPage(browser, DESKTOP, baseURL);
    await consoleLogin(desk.page, 'baoli.staff');
    await desk.page.waitForURL((url) => url.pathname === '/console/');
    await desk.page.goto('/console/services/desk');
    await desk.page.locator('[data-test="services-desk"]').waitFor();
    await desk.page.fill('[data-test="desk-appt-number"] input, input[data-test="desk-appt-number"]', appointment.number);
    await desk.page.click('[data-test="desk-check-in"]');
    const held = await resident.call<{ items: { number: string; token: string; status: string }[] }>('GET', '/services/queue/tickets/mine');
    const ticket = (Array.isArray(held) ? held : held.items).find((x: { number: string }) => x.number.startsWith('Y'))!;
    expect(ticket).toBeTruthy();
    await desk.page.click('[data-test="desk-window"]');
    await desk.page.locator('.el-select-dropdown__item:visible', { hasText: appointment.windowName }).first().click();
    await desk.page.click('[data-test="desk-call-next"]');
    await desk.page.locator('[data-test="desk-current-number"]', { hasText: ticket.number }).waitFor();
    // The screen shows it without a reload.
    await screen.page.locator('[data-test="display-current"]', { hasText: ticket.number }).waitFor({ timeout: 15_000 });
    await shot(screen.page, 'console-services-display');
    await shot(desk.page, 'console-services-desk');
    await desk.page.click('[data-test="desk-done"]');
    await desk.page.locator('[data-test="desk-current-number"]', { hasText: ticket.number }).waitFor({ state: 'detached' });

    // The resident rates the visit 不满意, which needs a reason.
    await phone.page.goto(`/m/services/tickets/${ticket.token}`);
    await phone.page.locator('[data-test="queue-ticket"]').waitFor();
    await phone.page.click('[data-test="rate-2"]');
    const reason = `e2e 等候时间太长 ${Date.now() % 100000}`;
    await phone.page.fill('[data-test="rate-reason"] textarea, textarea[data-test="rate-reason"]', reason);
    await phone.page.click('[data-test="rate-submit"]');
    await phone.page.locator('[data-test="ticket-rating"]').waitFor();
    await shot(phone.page, 'm-services-ticket-rated');

    // The staff must answer it: it waits among the unanswered bad ratings.
    await desk.page.goto('/console/services/ratings');
    const row = desk.page.locator('[data-test="ratings-table"] tr', { hasText: reason });
    await row.waitFor();
    await row.locator('[data-test="ratings-answer"]').click();
    const answer = '已向您致歉，周末加开一个综合窗口';
    await desk.page.fill('[data-test="ratings-answer-text"] textarea, textarea[data-test="ratings-answer-text"]', answer);
    await desk.page.click('[data-test="ratings-answer-submit"]');
    await desk.page.locator('[data-test="ratings-table"] tr', { hasText: answer }).waitFor();
    await shot(desk.page, 'console-services-ratings');

    // The resident sees the answer on the ticket's page.
    await phone.page.reload();
    await phone.page.locator('[data-test="ticket-answer"]', { hasText: answer }).waitFor();

    await phone.context.close();
    await screen.context.close();
    await desk.context.close();
  });
});
