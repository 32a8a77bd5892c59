import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/** Screenshots for people to look at; CI keeps `.ci/out/` as its artifacts. */
export const SHOTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../.ci/out/screenshots');

/**
 * Content-Security-Policy violations seen by any page in this test file. The server's CSP must not break a page;
 * e2e/setup.ts fails the test that caused one.
 */
export const cspViolations: string[] = [];

function watchCsp(page: Page): void {
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) cspViolations.push(`${page.url()}: ${msg.text()}`);
  });
}
export const DEMO_PASSWORD = 'Demo@2026';

/** Debian's Chromium, never a downloaded browser. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const DESKTOP: BrowserContextOptions = { viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
export const PHONE: BrowserContextOptions = {
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
};

export async function newPage(browser: Browser, options: BrowserContextOptions, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...options, baseURL });
  context.on('page', watchCsp);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/** Save a full-page screenshot for a person to look at; returns its path. */
export async function shot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  const file = path.join(SHOTS_DIR, `${name}.png`);
  // Let transitions and lazy chunks settle so the picture shows the page, not its loading state.
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(300);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export async function consoleLogin(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/console/login');
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await page.click('[data-test="login-submit"]');
}

export async function residentLogin(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/m/login?by=password');
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await page.click('[data-test="login-submit"]');
}

/** Calls to the API as a demo account (bearer token), for setting the scene of a browser test. */
export interface DemoApi {
  token: string;
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
}

export async function apiSignIn(baseURL: string, username: string, password = DEMO_PASSWORD): Promise<DemoApi> {
  const res = await fetch(`${baseURL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const { token } = (await res.json()) as { token: string };
  return {
    token,
    async call<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${baseURL}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}
