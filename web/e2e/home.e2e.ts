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

/** The API as the signed-in page calls it (same origin, its cookie; a POST carries the Origin header). */
async function apiJson<T>(page: Page, path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const answer = await page.evaluate(
    async ({ path, method, body }) => {
      const res = await fetch(`/api/v1${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json()) as unknown };
    },
    { path, method: init.method ?? 'GET', body: init.body },
  );
  if (answer.status >= 300) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.json)}`);
  return answer.json as T;
}

/** Phone pages have a fixed nav bar: scroll to the top so the full-page picture shows it where it belongs. */
async function phoneShot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, name);
}

interface OverviewRow {
  node: { id: number; name: string };
  overdue: { count: number };
}

describe('home pages', () => {
  it('a district admin sees each community’s overdue count and opens that community’s list from it', async () => {
    const { context, page } = await newPage(browser, DESKTOP, baseURL);
    await consoleLogin(page, 'qingshan.admin');
    await page.waitForURL((url) => url.pathname === '/console/');
    const overview = page.locator('[data-test="home-overview"]');
    await overview.locator('[data-test="overview-table"]').waitFor();
    await shot(page, 'home-console-district');

    // The figures on the page are the server's: pick the community with the most overdue work.
    const me = await apiJson<{ scopes: { id: number; kind: string }[] }>(page, '/me');
    const county = me.scopes.find((s) => s.kind === 'county')!;
    const data = await apiJson<{ communities: OverviewRow[] }>(page, `/home/overview?nodeId=${county.id}`);
    expect(data.communities.length).toBeGreaterThan(1);
    const busiest = [...data.communities].sort((a, b) => b.overdue.count - a.overdue.count)[0]!;
    expect(busiest.overdue.count).toBeGreaterThan(0);
    const link = overview.locator(`[data-test="overview-overdue-${busiest.node.id}"]`);
    expect((await link.textContent())?.trim()).toBe(String(busiest.overdue.count));

    await link.click();
    await page.waitForURL('**/console/requests/ledger?**');
    const url = new URL(page.url());
    expect(url.searchParams.get('nodeId')).toBe(String(busiest.node.id));
    expect(url.searchParams.get('overdue')).toBe('yes');
    // The ledger shows as many requests as the home page counted, all of that community.
    await page.locator('[data-test="ledger-table"] .el-table__row').first().waitFor();
    await expect.poll(() => page.locator('.el-pagination__total').textContent()).toContain(String(busiest.overdue.count));
    await page.locator('[data-test="ledger-filters"] [data-test="node-field"]', { hasText: busiest.node.name }).waitFor();
    await shot(page, 'home-console-district-ledger');
    await context.close();
  });

  it('community staff see their desk: counts that open the lists, and the center’s phone', async () => {
    const { context, page } = await newPage(browser, DESKTOP, baseURL);
    await consoleLogin(page, 'baoli.staff');
    await page.waitForURL((url) => url.pathname === '/console/');
    const desk = page.locator('[data-test="home-desk"]');
    await desk.locator('[data-test="desk-submitted"]').waitFor();
    await page.locator('[data-test="contact-phone"]').waitFor();
    await shot(page, 'home-console-desk');
    const count = Number((await desk.locator('[data-test="desk-submitted"] .count').textContent())?.trim());
    await desk.locator('[data-test="desk-submitted"]').click();
    await page.waitForURL('**/console/requests/inbox?status=submitted');
    await page.locator('[data-test="inbox-table"]').waitFor();
    await expect.poll(() => page.locator('.el-pagination__total').textContent()).toContain(String(count));
    await context.close();
  });

  it('a resident’s home shows the community’s phone and today’s service-hall hours', async () => {
    const { context, page } = await newPage(browser, PHONE, baseURL);
    await residentLogin(page, 'resident.baoli');
    await page.waitForURL((url) => url.pathname === '/m/');
    const phone = page.locator('[data-test="community-phone"]');
    await phone.waitFor();
    const mine = await apiJson<{
      center: { phone: string | null };
      hallToday: { open: boolean; hours: { opens: string; closes: string }[] } | null;
    }>(page, '/home/mine');
    expect(mine.center.phone).toMatch(/^0472-/);
    expect(await phone.textContent()).toContain(mine.center.phone);
    expect(await phone.getAttribute('href')).toBe(`tel:${mine.center.phone!.replace(/[^0-9+]/g, '')}`);
    const hours = await page.locator('[data-test="hall-hours"]').textContent();
    expect(mine.hallToday).not.toBeNull();
    if (mine.hallToday!.open) for (const h of mine.hallToday!.hours) expect(hours).toContain(`${h.opens}–${h.closes}`);
    else expect(hours).toContain('今日休息');
    await page.locator('[data-test="home-requests"]').waitFor();
    await phoneShot(page, 'home-m-resident');

    // In English every service tile's label stays on one line under its icon.
    await page.evaluate(() => localStorage.setItem('lianxin.locale', 'en'));
    await page.reload();
    await page.locator('[data-test="community-phone"]').waitFor();
    const lines = await page.$$eval('[data-test="module-tiles"] .tile-text', (els) =>
      els.map((el) => {
        const style = getComputedStyle(el);
        return { text: el.textContent, lines: Math.round(el.getBoundingClientRect().height / parseFloat(style.lineHeight)) };
      }),
    );
    expect(lines.find((l) => l.text === 'Report')).toBeDefined();
    expect(lines.filter((l) => l.lines > 1)).toEqual([]);
    await phoneShot(page, 'home-m-resident-en');
    await page.evaluate(() => localStorage.setItem('lianxin.locale', 'zh-CN'));
    await context.close();
  });

  it('a grid worker’s home lists their tasks by deadline', async () => {
    const { context, page } = await newPage(browser, PHONE, baseURL);
    await residentLogin(page, 'baoli.grid1');
    await page.waitForURL((url) => url.pathname === '/m/');
    const tasks = page.locator('[data-test="home-tasks"]');
    await tasks.waitFor();
    const mine = await apiJson<{ tasks: { items: { resolutionDueAt: string }[] } }>(page, '/home/mine');
    const due = mine.tasks.items.map((i) => i.resolutionDueAt);
    expect([...due].sort()).toEqual(due);
    expect(await tasks.locator('[data-test="request-card"]').count()).toBe(due.length);
    await phoneShot(page, 'home-m-grid-worker');
    await context.close();
  });

  it('"me too" from a second resident raises the count the dispatcher sees', { timeout: 120_000 }, async () => {
    const stamp = Date.now().toString(36).slice(-5);
    const first = await newPage(browser, PHONE, baseURL);
    await residentLogin(first.page, 'resident.baoli');
    await first.page.waitForURL((url) => url.pathname === '/m/');
    const filed = await apiJson<{ id: number }>(first.page, '/requests', {
      method: 'POST',
      body: { content: `小区东门路灯不亮，晚上很黑 ${stamp}`, categoryCode: 'light_out' },
    });

    const second = await newPage(browser, PHONE, baseURL);
    const m = second.page;
    await residentLogin(m, 'baoli.muhong');
    await m.waitForURL((url) => url.pathname === '/m/');
    await m.click('[data-test="home-nearby"]');
    await m.waitForURL('**/m/nearby');
    const item = m.locator(`[data-test="nearby-item"][data-request="${filed.id}"]`);
    await item.waitFor();
    expect(await item.textContent()).not.toContain('李桂兰');
    await item.locator('[data-test="me-too"]').click();
    await item.locator('[data-test="nearby-count"]', { hasText: '1 人也遇到' }).waitFor();
    await item.locator('[data-test="me-too-undo"]').waitFor();
    await phoneShot(m, 'home-m-nearby');
    // A second tap on the server counts nothing more.
    const again = await apiJson<{ meTooCount: number }>(m, `/requests/${filed.id}/me-too`, { method: 'POST' });
    expect(again.meTooCount).toBe(1);

    const staff = await newPage(browser, DESKTOP, baseURL);
    const s = staff.page;
    await consoleLogin(s, 'baoli.staff');
    await s.waitForURL((url) => url.pathname === '/console/');
    await s.goto('/console/requests/inbox?sort=me_too');
    const top = s.locator('[data-test="inbox-table"] .el-table__row').first();
    await top.waitFor();
    expect(await top.textContent()).toContain(stamp);
    expect((await top.locator('[data-test="inbox-me-too"]').textContent())?.trim()).toBe('1');
    await shot(s, 'home-console-inbox-me-too');
    await s.goto(`/console/requests/${filed.id}`);
    await s.locator('[data-test="detail-me-too"]', { hasText: '1 人也遇到' }).waitFor();

    // Leave the demo as it was for other tests: take the "me too" back.
    await apiJson(m, `/requests/${filed.id}/me-too`, { method: 'DELETE' });
    await Promise.all([first.context.close(), second.context.close(), staff.context.close()]);
  });
});
