import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { consoleLogin, DESKTOP, launchBrowser, newPage, shot } from './browser';

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('resident registry', () => {
  it('community staff finds the elderly living alone, sees a record masked, shows it in full with a reason, opens the household', async () => {
    const { context, page } = await newPage(browser, DESKTOP, baseURL);
    await page.goto('/console/');
    await consoleLogin(page, 'baoli.staff');
    await page.waitForURL((url) => url.pathname === '/console/');

    await page.click('[data-test="side-menu"] >> text=实有人口');
    await page.waitForURL('**/console/registry/persons');
    const table = page.locator('[data-test="persons-table"]');
    await table.locator('.el-table__row').first().waitFor();
    await page.click('[data-test="persons-living-alone"]');
    const row = table.locator('.el-table__row', { hasText: '王秀兰' });
    await row.waitFor();
    expect(await table.textContent()).not.toContain('张建国');
    expect(await row.textContent()).toContain('独居老人');
    await shot(page, 'registry-persons');

    await row.click();
    const drawer = page.locator('[data-test="person-drawer"]');
    const idCell = drawer.locator('[data-test="person-id-number-shown"]');
    await idCell.waitFor();
    expect(await idCell.textContent()).toMatch(/^\*{14}\d{3}[\dX]$/);
    await drawer.locator('[data-test="person-show-full"]').click();
    const prompt = page.locator('.el-message-box');
    await prompt.locator('input').fill('核实高龄津贴');
    await prompt.locator('button', { hasText: '确定' }).click();
    await page.waitForFunction(() => /^\d{17}[\dX]$/.test(document.querySelector('[data-test="person-id-number-shown"]')?.textContent?.trim() ?? ''));
    expect(await drawer.textContent()).toContain('已记录本次查看');
    await shot(page, 'registry-person-full');

    await drawer.getByText('查看所在户').click();
    await page.waitForURL(/\/console\/registry\/households\/\d+$/);
    await page.locator('[data-test="household-members"]').getByText('王秀兰').waitFor();
    await page.locator('[data-test="household-history"]').waitFor();
    await page.locator('[data-test="household-visits-slot"]').waitFor();
    await shot(page, 'registry-household');

    await page.goto('/console/registry/access-log');
    await page.locator('[data-test="access-log-table"]').getByText('核实高龄津贴').waitFor();
    await context.close();
  });
});
