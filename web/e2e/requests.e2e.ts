import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { consoleLogin, DESKTOP, launchBrowser, newPage, PHONE, residentLogin, shot } from './browser';
import { makePng } from './png';

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** Unique per run, so the rows this test creates are found even when the server holds earlier ones. */
const stamp = Date.now().toString(36).slice(-5);
const CONTENT = `3号楼1单元楼道灯坏了好几天，晚上很黑 ${stamp}`;

/** A point inside 保利社区's first grid, where the phone says the resident stands. */
const HERE = { latitude: 40.6905, longitude: 109.9012, accuracy: 25 };

/** Pick an option in the open Vant cascader by its exact text. */
async function cascade(page: Page, ...texts: string[]): Promise<void> {
  for (const text of texts) {
    await page.locator('.van-cascader__option').getByText(text, { exact: true }).click();
  }
}

/** Phone pages have a fixed nav bar: scroll to the top so the full-page picture shows it where it belongs. */
async function phoneShot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, name);
}

/** Leave the account's inbox as the other tests expect it: nothing unread. */
async function markAllRead(page: Page): Promise<void> {
  // Changes made with the session cookie must say where they come from (same-origin check).
  const res = await page.request.post('/api/v1/notifications/read-all', { headers: { Origin: new URL(page.url()).origin } });
  expect(res.ok()).toBe(true);
}

async function vantToastGone(page: Page): Promise<void> {
  await page.locator('.van-toast').waitFor({ state: 'hidden' }).catch(() => undefined);
}

describe('requests: the closed loop 接诉即办', () => {
  it('a resident reports with a photo, staff dispatch, the grid worker resolves, "unsatisfied" reopens it', { timeout: 240_000 }, async () => {
    // Staff keep the inbox open from the start: the report must appear there without a reload.
    const staff = await newPage(browser, DESKTOP, baseURL);
    await consoleLogin(staff.page, 'baoli.staff');
    await staff.page.waitForURL((url) => url.pathname === '/console/');
    await staff.page.click('[data-test="side-menu"] >> text=诉求受理');
    await staff.page.waitForURL('**/console/requests/inbox');
    await staff.page.locator('[data-test="inbox-table"]').waitFor();
    await staff.page.waitForTimeout(1000);

    // Resident: home tile → my requests → report.
    const resident = await newPage(browser, { ...PHONE, geolocation: HERE, permissions: ['geolocation'] }, baseURL);
    const m = resident.page;
    await residentLogin(m, 'resident.baoli');
    await m.waitForURL((url) => url.pathname === '/m/');
    await m.locator('[data-test="module-tiles"] .van-grid-item', { hasText: '报事报修' }).click();
    await m.waitForURL('**/m/requests');
    await m.locator('[data-test="my-requests"]').waitFor();
    await phoneShot(m, 'req-m-mine');
    await m.click('[data-test="report-new"]');
    await m.waitForURL('**/m/requests/new');

    await m.click('[data-test="category-field"]');
    await cascade(m, '路灯照明', '路灯不亮');
    await expect.poll(() => m.locator('[data-test="category-field"] input').inputValue()).toBe('路灯照明 / 路灯不亮');
    await m.fill('[data-test="content-field"] textarea', CONTENT);
    await m.setInputFiles('[data-test="photo-input"]', {
      name: 'stairway.png',
      mimeType: 'image/png',
      buffer: makePng(320, 240, [[200, 40, 40], [240, 200, 60], [60, 90, 200]]),
    });
    await m.locator('[data-test="photo-tile"].done').waitFor();
    await m.click('[data-test="building-field"]');
    await cascade(m, '第一网格', '1号楼', '1单元');
    await expect.poll(() => m.locator('[data-test="building-field"] input').inputValue()).toBe('1号楼 1单元');
    await m.click('[data-test="use-location"]');
    await m.locator('[data-test="location-point"]').waitFor();
    await m.fill('[data-test="address-field"] input', '3号楼1单元二楼至五楼楼道');
    await phoneShot(m, 'req-m-report');
    await m.click('[data-test="report-submit"]');
    await m.waitForURL(/\/m\/requests\/\d+$/);
    const requestId = Number(new URL(m.url()).pathname.split('/').pop());
    await m.locator('[data-test="request-status"]', { hasText: '待受理' }).waitFor();
    expect(await m.locator('[data-test="timeline-event"]').count()).toBe(1);
    await vantToastGone(m);
    await phoneShot(m, 'req-m-submitted');

    // Staff: the report arrived live, marked new, with a category suggestion.
    const s = staff.page;
    const row = s.locator('[data-test="inbox-table"] .el-table__row', { hasText: stamp });
    await row.waitFor();
    expect(await row.textContent()).toContain('新');
    await row.click();
    const panel = s.locator('[data-test="inbox-panel"]');
    await panel.locator('h2', { hasText: stamp }).waitFor();
    await panel.locator('[data-test="category-suggestions"]', { hasText: '路灯不亮' }).waitFor();
    await shot(s, 'req-console-inbox');

    await panel.locator('[data-test="action-accept"]').click();
    const accept = s.locator('.el-dialog', { hasText: '受理诉求' });
    await accept.locator('textarea[data-test="step-text"]').fill('已电话联系居民，情况属实');
    await accept.locator('[data-test="step-submit"]').click();
    await panel.locator('[data-test="status-tag"]', { hasText: '已受理' }).waitFor();

    await panel.locator('[data-test="action-dispatch"]').click();
    const dispatch = s.locator('.el-dialog', { hasText: '派给' });
    await dispatch.locator('[data-test="dispatch-person"]', { hasText: '张海军' }).click();
    await dispatch.locator('textarea').fill('请今天下班前到现场处理');
    await shot(s, 'req-console-dispatch');
    await dispatch.locator('[data-test="dispatch-submit"]').click();
    // Dispatched, the request leaves the inbox: the panel closes instead of showing it with stale buttons.
    await s.locator('.el-message', { hasText: '已移出待办' }).waitFor();
    await panel.waitFor({ state: 'detached' });
    await row.waitFor({ state: 'detached' });

    // Grid worker: the task is on the home panel and in "my tasks" with its deadline.
    const worker = await newPage(browser, PHONE, baseURL);
    const w = worker.page;
    await residentLogin(w, 'baoli.grid1');
    await w.waitForURL((url) => url.pathname === '/m/');
    await w.locator('[data-test="worker-panel"]').waitFor();
    await phoneShot(w, 'req-m-worker-home');
    await w.click('[data-test="worker-tasks"]');
    await w.waitForURL('**/m/tasks');
    const card = w.locator('[data-test="request-card"]', { hasText: stamp });
    await card.waitFor();
    expect(await card.locator('[data-test="deadline"]').textContent()).toMatch(/剩余|已超期/);
    await phoneShot(w, 'req-m-tasks');
    await card.click();
    await w.waitForURL(`**/m/tasks/${requestId}`);
    // Scrolled to the end, nothing of the page stays under the fixed action bar (the revealed phone number was).
    await w.locator('[data-test="timeline-event"]').last().waitFor();
    await w.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const barTop = (await w.locator('.van-action-bar').boundingBox())!.y;
    const lastStep = (await w.locator('[data-test="timeline-event"]').last().boundingBox())!;
    expect(lastStep.y + lastStep.height).toBeLessThanOrEqual(barTop);
    await w.click('[data-test="step-take"]');
    await w.click('[data-test="step-sheet"] [data-test="step-submit"]');
    await w.locator('[data-test="request-status"]', { hasText: '办理中' }).waitFor();
    await vantToastGone(w);
    await w.click('[data-test="step-resolve"]');
    const sheet = w.locator('[data-test="step-sheet"]');
    await sheet.locator('[data-test="step-text"] textarea').fill('已更换楼道灯泡 4 个，恢复照明');
    await sheet.locator('[data-test="photo-input"]').setInputFiles({
      name: 'fixed.png',
      mimeType: 'image/png',
      buffer: makePng(320, 240, [[250, 250, 210], [255, 240, 150]]),
    });
    await sheet.locator('[data-test="photo-tile"].done').waitFor();
    await shot(w, 'req-m-resolve-sheet');
    await sheet.locator('[data-test="step-submit"]').click();
    await w.locator('[data-test="request-status"]', { hasText: '已办结' }).waitFor();
    await vantToastGone(w);
    await phoneShot(w, 'req-m-task-resolved');

    // A small thing the grid worker fixes on the spot (自办自结): photo and note required, filed as done.
    await w.goto('/m/tasks/self-resolve');
    await w.fill('[data-test="content-field"] textarea', `小区东门消防通道被杂物堵塞 ${stamp}`);
    await w.click('[data-test="report-submit"]');
    await w.locator('[data-test="location-field"]').waitFor();
    expect(await w.locator('.report').textContent()).toContain('自办自结须上传至少一张现场照片');
    await w.setInputFiles('[data-test="photo-input"]', { name: 'cleared.png', mimeType: 'image/png', buffer: makePng(240, 180, [[80, 160, 90], [200, 200, 200]]) });
    await w.locator('[data-test="photo-tile"].done').waitFor();
    await w.click('[data-test="building-field"]');
    await cascade(w, '2号楼', '整栋楼');
    await w.fill('[data-test="note-field"] textarea', '已清理杂物，通道恢复畅通');
    await phoneShot(w, 'req-m-self-resolve');
    await w.click('[data-test="report-submit"]');
    await w.waitForURL(/\/m\/requests\/\d+$/);
    await w.locator('[data-test="request-banner"]', { hasText: '自办自结' }).waitFor();
    await vantToastGone(w);

    // Resident: the open page learns of the resolution live and asks for the follow-up.
    const form = m.locator('[data-test="follow-up-form"]');
    await form.waitFor();
    await m.locator('[data-test="request-status"]', { hasText: '已办结' }).waitFor();
    await form.locator('[data-test="follow-up-unsolved"]').click();
    await form.locator('[data-test="follow-up-unsatisfied"]').click();
    await form.locator('[data-test="follow-up-comment"] textarea').fill('四楼的灯还是不亮');
    await phoneShot(m, 'req-m-follow-up');
    await form.locator('[data-test="follow-up-submit"]').click();
    await m.locator('.van-dialog__confirm').click();
    await m.locator('[data-test="request-status"]', { hasText: '已受理' }).waitFor();
    await m.locator('[data-test="request-banner"]', { hasText: '第 1 次重办' }).waitFor();
    await m.locator('[data-test="follow-up-answer"]', { hasText: '不满意' }).waitFor();
    await vantToastGone(m);
    await phoneShot(m, 'req-m-reopened');

    // Staff: the reopened request is back in the inbox, live, and its timeline shows every step.
    const back = s.locator('[data-test="inbox-table"] .el-table__row', { hasText: stamp });
    await back.filter({ hasText: '第 1 次重办' }).waitFor();
    await shot(s, 'req-console-inbox-reopened');
    await s.goto(`/console/requests/${requestId}`);
    await s.locator('[data-test="request-title"]', { hasText: '第 1 次重办' }).waitFor();
    const timeline = await s.locator('[data-test="timeline"]').textContent();
    for (const step of ['提交诉求', '受理', '派单', '接单', '办结', '回访评价', '重新办理']) expect(timeline).toContain(step);
    expect(timeline).toContain('张海军');
    await shot(s, 'req-console-detail');

    // Residents never download the console's UI kit, even on these pages.
    const loaded = await m.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    expect(loaded.some((name) => name.includes('element-plus'))).toBe(false);
    // The demo accounts are shared with the other browser tests, which count unread notices from zero.
    await Promise.all([m, w, s].map((page) => markAllRead(page)));
    await Promise.all([resident.context.close(), worker.context.close(), staff.context.close()]);
  });

  it('staff enter a call and import 12345 orders, filter the ledger by pinyin, export it, read boards and rates', { timeout: 150_000 }, async () => {
    const { context, page } = await newPage(browser, DESKTOP, baseURL);
    await consoleLogin(page, 'baoli.staff');
    await page.waitForURL((url) => url.pathname === '/console/');

    // An elderly resident phones in; staff enter it on their behalf.
    await page.click('[data-test="side-menu"] >> text=诉求受理');
    await page.click('[data-test="intake-open"]');
    const intake = page.locator('.el-dialog', { hasText: '代为登记' });
    await intake.getByPlaceholder('反映人姓名').fill('王秀英');
    await intake.getByPlaceholder('联系电话').fill('13900001111');
    await intake.locator('textarea').fill(`家里暖气不热，老人怕冷 ${stamp}`);
    await shot(page, 'req-console-intake');
    await intake.locator('[data-test="intake-submit"]').click();
    await page.locator('[data-test="inbox-panel"] h2', { hasText: `家里暖气不热，老人怕冷 ${stamp}` }).waitFor();
    expect(await page.locator('[data-test="inbox-panel"]').textContent()).toContain('代为登记');

    // 12345 work orders exported by the hotline system, imported in the background with a row report.
    await page.getByRole('button', { name: '导入 12345 工单' }).click();
    const importer = page.locator('.el-dialog', { hasText: '导入 12345 热线工单' });
    const yesterday = new Date(Date.now() - 86_400_000).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 16);
    const csv = [
      '工单编号,来电时间,诉求内容,来电人,联系电话,地址',
      `RX${stamp}1,${yesterday},保利社区北门路灯不亮，晚上出行不便 ${stamp},赵先生,13900002222,青福镇保利社区北门外人行道`,
      `RX${stamp}2,${yesterday},保利社区3号楼下水道堵塞，污水外溢 ${stamp},孙女士,13900004444,青福镇保利社区3号楼东侧`,
      `RX${stamp}3,${yesterday},小区南门外道路破损，雨天积水严重 ${stamp},李先生,13900005555,青福镇保利社区南门外道路`,
      `RX${stamp}4,,没有来电时间的工单,钱女士,13900003333,青福镇保利社区`,
    ].join('\n');
    await importer.locator('input[type="file"]').setInputFiles({ name: 'hotline.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await importer.getByText('新登记 3 条').waitFor({ timeout: 30_000 });
    expect(await importer.textContent()).toContain('未能导入 1 条');
    await shot(page, 'req-console-import');
    await importer.getByRole('button', { name: '关闭', exact: true }).click();
    await page.locator('[data-test="inbox-table"] .el-table__row', { hasText: `保利社区北门路灯不亮，晚上出行不便 ${stamp}` }).waitFor();

    // In English the longer status names fit their column instead of being clipped.
    await page.evaluate(() => localStorage.setItem('lianxin.locale', 'en'));
    await page.reload();
    await page.locator('[data-test="inbox-table"] [data-test="status-tag"]', { hasText: 'Submitted' }).first().waitFor();
    const clipped = await page.$$eval('[data-test="inbox-table"] [data-test="status-tag"]', (tags) =>
      tags.filter((tag) => {
        const cell = tag.closest('.cell')!;
        return tag.getBoundingClientRect().right > cell.getBoundingClientRect().right + 0.5;
      }).length,
    );
    expect(clipped).toBe(0);
    await shot(page, 'req-console-inbox-en');
    await page.evaluate(() => localStorage.setItem('lianxin.locale', 'zh-CN'));
    await page.reload();
    await page.locator('[data-test="inbox-table"] .el-table__row').first().waitFor();

    await page.click('[data-test="side-menu"] >> text=诉求台账');
    await page.waitForURL('**/console/requests/ledger');
    await page.locator('[data-test="ledger-table"] .el-table__row').first().waitFor();
    // 李桂兰 → "liguilan lgl": the initials find her reports.
    await page.fill('input[data-test="ledger-keyword"]', 'lgl');
    await page.click('[data-test="ledger-search"]');
    // Only her report is left of this run's requests (the others were filed for other people).
    await expect.poll(() => page.locator('[data-test="ledger-table"] .el-table__row', { hasText: stamp }).count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('[data-test="ledger-table"] .el-table__row', { hasText: stamp }).textContent()).toContain('李**');
    await shot(page, 'req-console-ledger');

    await page.click('[data-test="ledger-export"]');
    const exportDialog = page.locator('.el-dialog', { hasText: '导出台账' });
    const download = page.waitForEvent('download');
    await exportDialog.locator('[data-test="export-download"]').click({ timeout: 30_000 });
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    await shot(page, 'req-console-export');
    await exportDialog.getByRole('button', { name: '关闭', exact: true }).click();

    await page.click('[data-test="side-menu"] >> text=超期督办');
    await page.locator('[data-test="board-table"]').first().waitFor();
    await shot(page, 'req-console-boards');

    await page.click('[data-test="side-menu"] >> text=三率统计');
    await page.locator('[data-test="rate-cards"]').waitFor();
    expect(await page.locator('[data-test="rate-cards"]').textContent()).toContain('满意率 = ');
    await page.locator('[data-test="rates-by-month"] canvas').waitFor();
    await shot(page, 'req-console-rates');

    await page.click('[data-test="side-menu"] >> text=诉求设置');
    await page.locator('[data-test="categories-table"] .el-table__row', { hasText: '路灯照明' }).waitFor();
    await shot(page, 'req-console-settings');
    await markAllRead(page);
    await context.close();
  });
});
