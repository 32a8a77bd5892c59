import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, newPage, PHONE, shot } from './browser';

const baseURL = inject('baseURL');
const dataDir = inject('dataDir');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** The code the development SMS sender wrote for this number (DATA_DIR/dev-sms.log), waiting for delivery. */
async function codeFor(mobile: string): Promise<string> {
  const file = path.join(dataDir, 'dev-sms.log');
  for (let i = 0; i < 50; i++) {
    if (fs.existsSync(file)) {
      const line = fs
        .readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { to: string; params: { code: string } })
        .filter((l) => l.to === mobile)
        .at(-1);
      if (line) return line.params.code;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no code was sent to ${mobile}`);
}

describe('resident sign-up', () => {
  it('a new resident signs up with a code, joins 保利社区 by picking the building and sees the home page', async () => {
    const mobile = '13512345678';
    const { context, page } = await newPage(browser, PHONE, baseURL);
    await page.goto('/m/login');
    await page.fill('input[name="mobile"]', mobile);
    await page.click('[data-test="send-code"]');
    // The button counts down to the next code.
    await page.locator('[data-test="send-code"]', { hasText: '秒后重发' }).waitFor();
    await page.fill('input[name="code"]', await codeFor(mobile));
    await page.fill('input[name="displayName"]', '刘晓燕');
    await shot(page, 'm-login-code');
    await page.click('[data-test="code-submit"]');

    // No community yet: straight to joining one.
    await page.waitForURL('**/m/join');
    await page.click('[data-test="join-place"]');
    const option = (text: string) => page.locator('.van-cascader__option:visible').getByText(text, { exact: true });
    await option('青福镇').click();
    await option('保利社区').click();
    await option('1号楼').click();
    await option('1单元').click();
    expect(await page.locator('[data-test="join-place"] input').inputValue()).toBe('青福镇 / 保利社区 / 1号楼 / 1单元');
    await shot(page, 'm-join');
    await page.click('[data-test="join-submit"]');

    await page.waitForURL((url) => url.pathname === '/m/');
    await page.locator('[data-test="community-name"]').filter({ hasText: '保利社区' }).waitFor();
    expect(await page.locator('[data-test="greeting"]').textContent()).toContain('刘晓燕');
    await shot(page, 'm-home-new-resident');

    // 我的家庭: not confirmed yet, but the grid worker of 1号楼's grid is there to call.
    await page.goto('/m/household');
    await page.locator('[data-test="household-unconfirmed"]').waitFor();
    const contacts = await page.locator('[data-test="household-contacts"]').textContent();
    expect(contacts).toContain('网格员');
    expect(await page.locator('[data-test="call"]').first().getAttribute('href')).toMatch(/^tel:1\d{10}$/);
    await shot(page, 'm-household');
    await context.close();
  });
});
