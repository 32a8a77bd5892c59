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

const stamp = Date.now().toString(36).slice(-5);
/** 保利社区's first grid in the demo data: a 0.0036° × 0.0027° square from (109.9, 40.69). */
const GRID1_CENTER = { lng: 109.9018, lat: 40.69135 };

/** The map has drawn its outlines (SVG paths in the overlay pane) and is no longer loading. */
async function mapReady(page: Page, scope = ''): Promise<void> {
  await page.locator(`${scope} [data-test="map-view"] .leaflet-overlay-pane path`).first().waitFor();
  await page.locator(`${scope} [data-test="map-loading"]`).waitFor({ state: 'detached' });
}

async function phoneShot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, name);
}

describe('maps', () => {
  it('a resident picks the place on the map, sees its grid, and the request keeps that point', { timeout: 120_000 }, async () => {
    const { page: m } = await newPage(browser, PHONE, baseURL);
    await residentLogin(m, 'resident.baoli');
    await m.waitForURL((url) => url.pathname === '/m/');
    await m.goto('/m/requests/new');
    await m.fill('[data-test="content-field"] textarea', `小区东门外的井盖松动，踩上去会响 ${stamp}`);
    await mapReady(m);
    // No tiles are configured here: the grid outlines stand on a plain background, each grid labelled.
    expect(await m.locator('[data-test="map-view"] .leaflet-tile').count()).toBe(0);
    const label = m.locator('[data-test="map-view"] .map-label', { hasText: '第一网格' });
    // The report form has a fixed submit bar at the bottom: bring the grid to the middle of the screen.
    await label.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    // The view zooms to the outlines with an animation: take the label's place once it has stopped moving.
    let box = (await label.boundingBox())!;
    await expect
      .poll(async () => {
        const before = box;
        await m.waitForTimeout(300);
        box = (await label.boundingBox())!;
        return Math.abs(box.x - before.x) + Math.abs(box.y - before.y);
      })
      .toBe(0);
    // Tap the middle of the grid (its label sits on the grid's centre; labels let taps through to the map).
    await m.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await m.locator('[data-test="map-view"] .map-pin').waitFor();
    await m.locator('[data-test="location-grid"]', { hasText: '保利社区 第一网格' }).waitFor();
    await phoneShot(m, 'map-m-report-pick');

    await m.click('[data-test="report-submit"]');
    await m.waitForURL(/\/m\/requests\/\d+$/);
    const id = Number(new URL(m.url()).pathname.split('/').pop());
    // The request page shows the point on the grid too.
    await m.locator('[data-test="request-summary"] [data-test="map-view"] .map-point').waitFor();
    await phoneShot(m, 'map-m-request-detail');
    const res = await m.request.get(`/api/v1/requests/${id}`);
    const stored = (await res.json()) as { lng: number; lat: number; node: { name: string } };
    expect(stored.node.name).toBe('第一网格');
    // Within ~30 m of the grid's centre (a pixel is ~2 m at this zoom; the label is centred on the polygon).
    expect(Math.abs(stored.lng - GRID1_CENTER.lng)).toBeLessThan(0.0004);
    expect(Math.abs(stored.lat - GRID1_CENTER.lat)).toBeLessThan(0.0003);
  });

  it('a grid worker sees their grid with its open tasks', async () => {
    const { page: w } = await newPage(browser, PHONE, baseURL);
    await residentLogin(w, 'baoli.grid1');
    await w.waitForURL((url) => url.pathname === '/m/');
    await w.goto('/m/tasks');
    await w.click('[data-test="go-grid-map"]');
    await w.waitForURL('**/m/tasks/map');
    await mapReady(w);
    await w.locator('[data-test="map-view"] .map-label', { hasText: '第一网格' }).waitFor();
    await phoneShot(w, 'map-m-my-grid');
  });

  it('the console shows requests on the map of the node, and the point on the request page', { timeout: 90_000 }, async () => {
    const { page: s } = await newPage(browser, DESKTOP, baseURL);
    await consoleLogin(s, 'baoli.staff');
    await s.waitForURL((url) => url.pathname === '/console/');
    await s.click('[data-test="side-menu"] >> text=诉求地图');
    await s.waitForURL('**/console/requests/map');
    await mapReady(s);
    // The report just made is open and has a point: at least one marker (single or grouped) is drawn.
    await s.locator('[data-test="map-view"] .map-point, [data-test="map-view"] .map-group').first().waitFor();
    await s.locator('[data-test="map-summary"]', { hasText: '地图上' }).waitFor();
    await shot(s, 'map-console-requests');

    // All statuses: more markers (or groups) than the open ones alone.
    await s.locator('[data-test="map-status"]').getByText('全部状态').click();
    await s.locator('[data-test="map-view"] .map-point, [data-test="map-view"] .map-group').first().waitFor();
    await shot(s, 'map-console-requests-all');

    const points = (await (await s.request.get('/api/v1/requests/points?limit=1')).json()) as { items: { id: number }[] };
    await s.goto(`/console/requests/${points.items[0]!.id}`);
    const card = s.locator('[data-test="request-map"]');
    await card.locator('.map-point').waitFor();
    expect(await card.textContent()).toMatch(/\d+\.\d{5}, \d+\.\d{5}/);
    await shot(s, 'map-console-request-detail');
  });
});
