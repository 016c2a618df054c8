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
