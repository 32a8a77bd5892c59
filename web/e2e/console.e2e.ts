import type { Browser, Page } from 'playwright-core';
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

/** The tree row for a node name (the label span inside ElTree). */
function treeRow(page: Page, name: string) {
  return page.locator('[data-test="org-tree"] .el-tree-node__content', { hasText: name }).first();
}

async function expandInTree(page: Page, name: string): Promise<void> {
  const row = treeRow(page, name);
  await row.waitFor();
  await row.locator('.el-tree-node__expand-icon').click();
}

describe('staff console', () => {
  it('community staff signs in, browses 保利社区 to its grids and finds it by pinyin', async () => {
    const { context, page } = await newPage(browser, DESKTOP, baseURL);
    await page.goto('/console/');
    await page.waitForURL(/\/console\/login\?redirect=/);
    await shot(page, 'console-login');

    await consoleLogin(page, 'baoli.staff');
    await page.waitForURL((url) => url.pathname === '/console/');
    await expect(page.locator('[data-test="home-node-name"]').textContent()).resolves.toContain('保利社区');
    await page.locator('[data-test="home-child-counts"]').waitFor();
    expect(await page.locator('[data-test="home-child-counts"]').textContent()).toContain('网格');
    await shot(page, 'console-home');

    await page.click('[data-test="side-menu"] >> text=组织架构');
    await page.waitForURL('**/console/org');
    // The single scope root opens by itself; its grids are the first level below.
    await treeRow(page, '第一网格').waitFor();
    expect(await page.locator('[data-test="org-tree"]').textContent()).toContain('第二网格');
    await expandInTree(page, '第一网格');
    await treeRow(page, '1号楼').waitFor();

    await page.fill('input[data-test="org-search"]', 'baoli');
    const results = page.locator('[data-test="org-search-results"]');
    await results.getByText('保利社区').first().waitFor();
    expect(await results.textContent()).toContain('青福镇');
    await shot(page, 'console-org-search');
    await results.locator('button', { hasText: '保利社区' }).first().click();
    await page.locator('[data-test="org-detail"] h2', { hasText: '保利社区' }).waitFor();
    await page.fill('input[data-test="org-search"]', '');
    await shot(page, 'console-org-tree');

    await page.click('[data-test="side-menu"] >> text=用户与角色');
    await page.locator('[data-test="users-table"] .el-table__row', { hasText: 'baoli.grid1' }).waitFor();
    await shot(page, 'console-users');

    await page.click('[data-test="side-menu"] >> text=工作日历');
    await page.locator('[data-test="work-calendar"]').waitFor();
    await shot(page, 'console-calendar');

    await page.click('[data-test="side-menu"] >> text=消息通知');
    await page.locator('[data-test="inbox-list"]').waitFor();
    await shot(page, 'console-inbox');
    await context.close();
  });

  it('a grid worker is not offered user management or the audit log, and is told so at the URL', async () => {
    const { context, page } = await newPage(browser, DESKTOP, baseURL);
    await consoleLogin(page, 'baoli.grid1');
    await page.waitForURL((url) => url.pathname === '/console/');
    await expect(page.locator('[data-test="home-node-name"]').textContent()).resolves.toContain('第一网格');
    const menu = await page.locator('[data-test="side-menu"]').textContent();
    expect(menu).toContain('组织架构');
    expect(menu).not.toContain('用户与角色');
    expect(menu).not.toContain('操作日志');
    await page.goto('/console/audit');
    await page.getByText('没有权限').waitFor();
    await shot(page, 'console-forbidden');
    await context.close();
  });

  it('the county admin sees both 保利社区 and 草原社区 in the tree', async () => {
    const { context, page } = await newPage(browser, DESKTOP, baseURL);
    await consoleLogin(page, 'qingshan.admin');
    await page.waitForURL((url) => url.pathname === '/console/');
    await page.click('[data-test="side-menu"] >> text=组织架构');
    await treeRow(page, '青福镇').waitFor();
    await expandInTree(page, '青福镇');
    await treeRow(page, '保利社区').waitFor();
    await expandInTree(page, '万青路街道');
    await treeRow(page, '草原社区').waitFor();
    await shot(page, 'console-org-county');

    await page.click('[data-test="side-menu"] >> text=操作日志');
    await page.locator('[data-test="audit-table"] .el-table__row').first().waitFor();
    expect(await page.locator('[data-test="audit-table"]').textContent()).toContain('登录');
    await page.locator('[data-test="audit-table"] .el-table__expand-icon').first().click();
    await shot(page, 'console-audit');

    await page.click('[data-test="node-switcher"]');
    await page.locator('.el-popover input[data-test="org-search"]').fill('caoyuan');
    await page.locator('.el-popover [data-test="org-search-results"] button', { hasText: '草原社区' }).first().click();
    await page.locator('[data-test="node-switcher"]', { hasText: '草原社区' }).waitFor();
    await shot(page, 'console-switched-node');
    await context.close();
  });

  it('a county admin creates an account (checking the mobile number) and grants it a role', async () => {
    const { context, page } = await newPage(browser, DESKTOP, baseURL);
    await consoleLogin(page, 'qingshan.admin');
    await page.waitForURL((url) => url.pathname === '/console/');
    await page.click('[data-test="side-menu"] >> text=用户与角色');
    await page.locator('[data-test="users-table"] .el-table__row').first().waitFor();

    await page.click('[data-test="user-create-open"]');
    const dialog = page.locator('.el-dialog', { hasText: '新建用户' });
    await dialog.waitFor();
    await dialog.getByLabel('用户名').fill('baoli.zhang');
    await dialog.getByLabel('姓名').fill('张晓梅');
    await dialog.getByLabel('手机号').fill('2380000111');
    await dialog.getByLabel('初始密码').click();
    await dialog.getByText('手机号应为以 1 开头的 11 位数字').waitFor();
    await dialog.getByLabel('手机号').fill('138 0000 1111');
    await dialog.locator('[data-test="node-field"]').click();
    await page.locator('.el-popover:visible input[data-test="org-search"]').fill('blsq');
    await page.locator('.el-popover:visible [data-test="org-search-results"] button', { hasText: '保利社区' }).first().click();
    await dialog.getByLabel('初始密码').fill('Lianxin2026');
    await dialog.getByLabel('确认密码').fill('Lianxin2026');
    await shot(page, 'console-user-create');
    await dialog.getByRole('button', { name: '创建' }).click();
    const row = page.locator('[data-test="users-table"] .el-table__row', { hasText: '张晓梅' });
    await row.waitFor();
    expect(await row.textContent()).toContain('138****1111');

    await row.getByRole('button', { name: '授予角色' }).click();
    const grant = page.locator('.el-dialog', { hasText: '授予角色：张晓梅' });
    await grant.waitFor();
    await grant.locator('.el-select').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '社区工作者' }).click();
    await grant.locator('[data-test="node-field"]').click();
    await page.locator('.el-popover:visible input[data-test="org-search"]').fill('baoli');
    await page.locator('.el-popover:visible [data-test="org-search-results"] button', { hasText: '保利社区' }).first().click();
    await shot(page, 'console-role-grant');
    await grant.getByRole('button', { name: '授予角色' }).click();
    await row.getByText('社区工作者 · 保利社区').waitFor();
    await context.close();
  });

  it('a notice sent to 保利社区 reaches the staff member live: toast, bell count and inbox', async () => {
    const staff = await newPage(browser, DESKTOP, baseURL);
    await consoleLogin(staff.page, 'baoli.staff');
    await staff.page.waitForURL((url) => url.pathname === '/console/');
    await staff.page.locator('[data-test="home-child-counts"]').waitFor();
    // Give the event stream a moment to connect before the notice goes out.
    await staff.page.waitForTimeout(1000);
    // Other browser tests on this server may already have sent this member notices (room approvals, requests).
    const badge = staff.page.locator('[data-test="inbox-bell"]').locator('xpath=..').locator('.el-badge__content');
    const unreadBefore = (await badge.isVisible()) ? Number((await badge.textContent())?.trim() || 0) : 0;

    const admin = await newPage(browser, DESKTOP, baseURL);
    await consoleLogin(admin.page, 'qingshan.admin');
    await admin.page.waitForURL((url) => url.pathname === '/console/');
    const found = await admin.page.request.get('/api/v1/org-nodes?q=baoli');
    const baoli = ((await found.json()) as { items: { id: number; name: string }[] }).items.find((n) => n.name === '保利社区');
    expect(baoli).toBeDefined();
    const sent = await admin.page.request.post('/api/v1/notifications', {
      headers: { origin: new URL(admin.page.url()).origin },
      data: { nodeId: baoli!.id, title: '周六上午楼道消防检查', body: '请各网格员提前通知住户，保持楼道畅通。' },
    });
    expect(sent.status()).toBe(201);

    await staff.page.locator('.el-notification', { hasText: '周六上午楼道消防检查' }).waitFor();
    await staff.page
      .locator('[data-test="inbox-bell"]')
      .locator('xpath=..')
      .locator('.el-badge__content', { hasText: new RegExp(`^\\s*${unreadBefore + 1}\\s*$`) })
      .waitFor();
    await shot(staff.page, 'console-live-notification');

    await staff.page.click('[data-test="inbox-bell"]');
    const item = staff.page.locator('[data-test="inbox-list"] .item', { hasText: '周六上午楼道消防检查' });
    await item.waitFor();
    await shot(staff.page, 'console-inbox-item');
    await item.click();
    await staff.page.locator('[data-test="inbox-list"] .item.unread', { hasText: '周六上午楼道消防检查' }).waitFor({ state: 'detached' });
    await admin.context.close();
    await staff.context.close();
  });

  it('a wrong password shows the server message and keeps the user on the login page', async () => {
    const { context, page } = await newPage(browser, DESKTOP, baseURL);
    await consoleLogin(page, 'caoyuan.staff', 'not-the-password1');
    const error = page.locator('[data-test="login-error"]');
    await error.waitFor();
    expect(await error.textContent()).toContain('用户名或密码错误');
    expect(new URL(page.url()).pathname).toBe('/console/login');
    await shot(page, 'console-login-error');
    await context.close();
  });

  it('a resident who signs in to the console is pointed to the phone pages instead', async () => {
    const { context, page } = await newPage(browser, DESKTOP, baseURL);
    await consoleLogin(page, 'resident.baoli');
    await page.waitForURL((url) => url.pathname === '/console/');
    await page.getByText('此账号没有工作台权限').waitFor();
    expect(await page.locator('[data-test="side-menu"] .el-menu-item').count()).toBe(0);
    await shot(page, 'console-no-access');
    await page.getByRole('button', { name: '前往居民端' }).click();
    await page.waitForURL('**/m/login');
    await context.close();
  });

  it('switches to English and remembers it', async () => {
    const { context, page } = await newPage(browser, DESKTOP, baseURL);
    await consoleLogin(page, 'baoli.staff');
    await page.waitForURL((url) => url.pathname === '/console/');
    await page.click('[data-test="language-switch"]');
    await page.locator('.el-dropdown-menu__item', { hasText: 'English' }).click();
    await page.locator('[data-test="side-menu"]', { hasText: 'Organisation' }).waitFor();
    await page.reload();
    await page.locator('[data-test="side-menu"]', { hasText: 'Organisation' }).waitFor();
    await page.locator('[data-test="home-child-counts"]').waitFor();
    await shot(page, 'console-home-en');
    await context.close();
  });
});
