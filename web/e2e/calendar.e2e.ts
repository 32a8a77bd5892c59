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

describe('work calendar and the national holiday schedule', () => {
  it('marks the days of a year not entered, and a region admin can enter it by hand or check a file', async () => {
    const { context, page } = await newPage(browser, DESKTOP, baseURL);
    await consoleLogin(page, 'admin');
    await page.waitForURL((url) => url.pathname === '/console/');
    await page.click('[data-test="side-menu"] >> text=工作日历');
    await page.locator('[data-test="work-calendar"]').waitFor();
    const schedule = page.locator('[data-test="national-schedule"]');
    await schedule.locator('[data-test="national-years"] .el-table__row').first().waitFor();

    // The demo database is seeded from the package, which never has next year's schedule before November's notice.
    const missing = page.locator('[data-test="national-missing"]').first();
    await missing.waitFor();
    const year = Number(/\d{4}/.exec((await missing.textContent()) ?? '')?.[0]);
    expect(year).toBeGreaterThan(2025);

    // Walk forward to that year: its days are counted Monday to Friday and marked, with a warning, never zeros.
    for (let i = 0; i < 24 && !(await page.locator('[data-test="calendar-estimated"]').isVisible()); i++) {
      await page.getByRole('button', { name: '下个月' }).click();
      await page.waitForLoadState('networkidle');
    }
    await page.locator('[data-test="calendar-estimated"]', { hasText: String(year) }).waitFor();
    expect(await page.locator('.cell.estimated .est').count()).toBeGreaterThan(0);
    await shot(page, 'console-calendar-estimated');

    await page.locator('[data-test="national-enter"]').first().click();
    const dialog = page.locator('[data-test="national-year-dialog"]');
    await dialog.getByText(`${year} 年全国节假日安排`).waitFor();
    await dialog.locator('input[data-test="source-note"]').fill(`国办发明电〔${year - 1}〕12号`);
    await dialog.getByText('从文件导入').click();
    const csv = `日期,类型,名称,英文名称\n${year}-01-01,休,元旦,New Year's Day\n${year}-01-02,休,元旦\n`;
    await dialog.locator('[data-test="national-file"]').setInputFiles({ name: `${year}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await dialog.getByRole('button', { name: '检查文件' }).click();
    await dialog.getByText('读到 2 天，请核对后导入').waitFor();
    await shot(page, 'console-calendar-import-preview');

    // A file with a mistake is refused with the line it is on.
    const broken = `${year}-01-01,休,元旦\n${year}-01-01,休,元旦\n`;
    await dialog.locator('[data-test="national-file"]').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from(broken) });
    await dialog.getByRole('button', { name: '检查文件' }).click();
    await dialog.locator('[data-test="national-error"]', { hasText: '第 2 行' }).waitFor();
    await context.close();
  });
});
