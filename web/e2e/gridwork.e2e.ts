import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { consoleLogin, DESKTOP, launchBrowser, newPage, PHONE, residentLogin, shot } from './browser';

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function coverageFigure(page: Page): Promise<string> {
  await page.goto('/console/gridwork/coverage');
  const figure = page.locator('[data-test="coverage-rate"]');
  await figure.waitFor();
  return (await figure.textContent())?.trim() ?? '';
}

describe('grid work', () => {
  it('a grid worker logs a visit to a resident living alone on the phone, and the coverage in the console changes', { timeout: 180_000 }, async () => {
    // The community's coverage this month, as the staff see it.
    const { page: c } = await newPage(browser, DESKTOP, baseURL);
    await consoleLogin(c, 'baoli.staff');
    await c.waitForURL((url) => url.pathname === '/console/');
    const before = await coverageFigure(c);
    expect(before).toMatch(/^\d+%$/);
    await shot(c, 'gridwork-console-coverage');

    // 张海军 opens 我的网格 from the home page: someone living alone is due a visit today.
    const { page: m } = await newPage(browser, PHONE, baseURL);
    await residentLogin(m, 'baoli.grid1');
    await m.waitForURL((url) => url.pathname === '/m/');
    await m.click('[data-test="worker-gridwork"]');
    await m.locator('[data-test="gridwork-page"]').waitFor();
    const card = m.locator('[data-test^="gridwork-due-"]', { hasText: '今天到期' }).filter({ hasText: '独居老人' }).first();
    await card.waitFor();
    await shot(m, 'gridwork-m-due');
    const personTest = await card.getAttribute('data-test');
    const personId = personTest!.replace('gridwork-due-', '');
    await m.click(`[data-test="gridwork-visit-${personId}"]`);

    // The form comes with the person; a note, and submit.
    await m.locator('[data-test="gridwork-log-form"]').waitFor();
    await m.fill('[data-test="gridwork-note"] textarea', '入户走访，老人身体不错，叮嘱天冷注意保暖');
    await m.click('[data-test="gridwork-log-submit"]');
    await m.locator('[data-test="gridwork-page"]').waitFor();
    // Visited: no longer on the list.
    await m.locator('[data-test^="gridwork-due-"]').first().waitFor();
    expect(await m.locator(`[data-test="gridwork-due-${personId}"]`).count()).toBe(0);

    // The visit was due today and made today: on time — the figure moves.
    await expect.poll(() => coverageFigure(c), { timeout: 20_000 }).not.toBe(before);
    await shot(c, 'gridwork-console-coverage-after');
  });
});
