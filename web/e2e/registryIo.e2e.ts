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

/** A valid resident ID number (GB 11643 check character) for a birth date and sequence. */
function residentId(birth: string, sequence: number): string {
  const first17 = `150102${birth.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

describe('registry import and export in the console', () => {
  it('community staff imports a village register (good rows only), reads the result and exports the community masked', async () => {
    // A birth year per run keeps the numbers new when the same server runs the file twice.
    const year = 1930 + (Date.now() % 60);
    const good1 = residentId(`${year}-03-02`, 11);
    const good2 = residentId(`${year}-07-15`, 22);
    const right = residentId(`${year}-01-01`, 41);
    const wrongCheck = right.slice(0, 17) + (right.endsWith('0') ? '1' : '0');
    const csv = ['草原社区实有人口登记表', '姓名,性别,公民身份号码,手机,与户主关系,户号,人员类别', `巴特尔,男,${good1},13800138001,户主,E2E-${year}-1,独居老人`, `其其格,女,${good2},,户主,E2E-${year}-2,`, `校验错,男,${wrongCheck},,户主,E2E-${year}-3,`].join('\n');

    const { context, page } = await newPage(browser, DESKTOP, baseURL);
    await page.goto('/console/login');
    await consoleLogin(page, 'caoyuan.staff');
    await page.waitForURL((url) => url.pathname === '/console/');
    await page.click('[data-test="side-menu"] >> text=人口导入');
    await page.waitForURL('**/console/registry/import');
    await page.locator('[data-test="registry-import"]').waitFor();
    await page.setInputFiles('[data-test="import-file"]', { name: '登记表.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });

    await page.locator('[data-test="import-mapping"]').waitFor();
    const preview = await page.locator('[data-test="import-preview"]').textContent();
    expect(preview).toContain('巴特尔');
    expect(preview).not.toContain(good1);
    await shot(page, 'registry-import-mapping');
    await page.click('[data-test="import-next"]');
    await page.click('[data-test="mode-good"]');
    await page.click('[data-test="import-start"]');

    await page.locator('[data-test="import-result"]').waitFor({ timeout: 30_000 });
    const summary = await page.locator('[data-test="import-summary"]').textContent();
    expect(summary).toContain('新增 2 人');
    expect(summary).toContain('出错 1 行');
    expect(await page.locator('[data-test="import-report"]').getAttribute('href')).toMatch(/\/api\/v1\/registry\/imports\/.+\/report$/);
    await shot(page, 'registry-import-result');

    await page.click('[data-test="side-menu"] >> text=人口导出');
    await page.waitForURL('**/console/registry/export');
    await page.click('[data-test="export-start"]');
    await page.locator('[data-test="export-download"]').waitFor({ timeout: 30_000 });
    const href = await page.locator('[data-test="export-download"]').getAttribute('href');
    const file = await context.request.get(new URL(href!, baseURL).toString());
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toContain('spreadsheetml');
    await shot(page, 'registry-export');
    await context.close();
  });
});
