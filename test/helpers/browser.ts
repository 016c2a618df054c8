import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, locateChromium } from '../../src/report/chromium.ts';
import { PROJECT_DIR } from './paths.ts';

/**
 * The machine's Chromium, found as report PDFs find it (CHROMIUM_PATH, else where it installs), never a
 * downloaded browser; flags keep it off this machine's closed network.
 */
/** The browser the environment names, if any; unset, the report stage and launchChromium search as the product does. */
export const CHROMIUM = process.env.CHROMIUM_PATH?.trim() || undefined;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: locateChromium(),
    args: CHROMIUM_ARGS,
  });
}

export const ARTIFACTS = path.join(PROJECT_DIR, 'test-artifacts');

/** Saves a full-page screenshot under test-artifacts/ for people to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/**
 * Signs `username` in through the desk's login form in a fresh browser context (Indonesian locale, WIB)
 * and returns the page where the desk sent them: `from` is the page asked for first, which must show the
 * login form; `landsOn`, when given, is the path the sign-in must end on (else: anywhere but /login).
 */
export async function signIn(
  browser: Browser,
  deskUrl: string,
  username: string,
  password: string,
  opts: { width?: number; height?: number; from?: string; landsOn?: string; acceptDownloads?: boolean } = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1366, height: opts.height ?? 900 },
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
    ...(opts.acceptDownloads ? { acceptDownloads: true } : {}),
  });
  const page = await context.newPage();
  await page.goto(`${deskUrl}${opts.from ?? '/login'}`);
  if (new URL(page.url()).pathname !== '/login') throw new Error(`${opts.from} did not send a signed-out visitor to the login form`);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await page.click('form[action="/login"] button[type="submit"]');
  const landsOn = opts.landsOn;
  await page.waitForURL(landsOn ? (u) => u.pathname === landsOn : (u) => u.pathname !== '/login');
  return page;
}
