import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, newPage, PHONE, residentLogin, shot } from './browser';

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('resident pages', () => {
  it('a resident signs in on a phone and sees the service tiles with their community', async () => {
    const { context, page } = await newPage(browser, PHONE, baseURL);
    await page.goto('/m/');
    await page.waitForURL('**/m/login');
    await shot(page, 'm-login');

    await residentLogin(page, 'resident.baoli');
    await page.waitForURL((url) => url.pathname === '/m/');
    const community = page.locator('[data-test="community-name"]');
    await community.filter({ hasText: '保利社区' }).waitFor();
    const tiles = page.locator('[data-test="module-tiles"] .van-grid-item');
    expect(await tiles.count()).toBe(8);
    const text = await page.locator('[data-test="module-tiles"]').textContent();
    for (const name of ['报事报修', '功能室预约', '便民服务', '微心愿', '志愿服务', '老年助餐', '三务公开', '找代表']) {
      expect(text).toContain(name);
    }
    expect(await page.locator('[data-test="greeting"]').textContent()).toContain('李桂兰');
    // Residents never download the staff console's UI kit.
    const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    expect(scripts.some((name) => name.includes('element-plus'))).toBe(false);
    await shot(page, 'm-home');

    // A service still being built opens its "coming soon" page (报事报修, 功能室预约, 便民服务, 微心愿 and 志愿服务 have
    // their own pages now, and open them).
    await tiles.filter({ hasText: '便民服务' }).click();
    await page.waitForURL((url) => url.pathname === '/m/services');
    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/m/');
    await tiles.filter({ hasText: '微心愿' }).click();
    await page.waitForURL((url) => url.pathname === '/m/wishes');
    await page.locator('.van-nav-bar__left').click();
    await page.waitForURL((url) => url.pathname === '/m/');
    await tiles.filter({ hasText: '老年助餐' }).click();
    await page.locator('[data-test="coming-soon"]').waitFor();
    expect(await page.locator('[data-test="coming-soon"]').textContent()).toContain('即将上线');
    await shot(page, 'm-coming-soon');
    await page.locator('.van-nav-bar__left').click();
    await page.waitForURL((url) => url.pathname === '/m/');

    await page.locator('[data-test="tabbar"] .van-tabbar-item', { hasText: '消息' }).click();
    await page.waitForURL('**/m/inbox');
    await page.locator('[data-test="inbox-list"]').waitFor();
    await shot(page, 'm-inbox');

    await page.locator('[data-test="tabbar"] .van-tabbar-item', { hasText: '我的' }).click();
    await page.waitForURL('**/m/me');
    expect(await page.locator('[data-test="me-name"]').textContent()).toContain('李桂兰');
    await shot(page, 'm-me');

    await page.click('[data-test="logout"]');
    await page.locator('.van-dialog__confirm').click();
    await page.waitForURL('**/m/login');
    await context.close();
  });

  it('a wrong password shows the error on the phone login page', async () => {
    const { context, page } = await newPage(browser, PHONE, baseURL);
    await residentLogin(page, 'caoyuan.staff', 'wrong-password1');
    const error = page.locator('[data-test="login-error"]');
    await error.waitFor();
    expect(await error.textContent()).toContain('用户名或密码错误');
    await shot(page, 'm-login-error');
    await context.close();
  });
});
