import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.ts';

/** What the browser lookup depends on, so it can be tested for every platform from any machine. */
/** Headless Chromium as Saring runs it (report PDFs, the desk's e2e tests): no sandbox, GPU or background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserHost {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
}

const LINUX = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'];
const MACOS = [
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
];
const WINDOWS_BROWSERS = ['Google\\Chrome\\Application\\chrome.exe', 'Microsoft\\Edge\\Application\\msedge.exe'];

/**
 * Where a Chromium-family browser that can print PDFs usually lives, most likely first. An explicit
 * CHROMIUM_PATH is the only candidate: a deployment that names its browser should get that one or an
 * error naming it, never another browser found by accident. Pure.
 */
export function chromiumCandidates(host: BrowserHost): string[] {
  const explicit = host.env.CHROMIUM_PATH?.trim();
  if (explicit) return [explicit];
  if (host.platform === 'darwin') return MACOS;
  if (host.platform === 'win32') {
    // Chrome installs per machine (Program Files) or per user (LOCALAPPDATA); Edge ships with Windows.
    const roots = [host.env.PROGRAMFILES ?? 'C:\\Program Files', host.env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)', host.env.LOCALAPPDATA].filter(
      (r): r is string => !!r,
    );
    return WINDOWS_BROWSERS.flatMap((exe) => roots.map((root) => path.win32.join(root, exe)));
  }
  return LINUX;
}

/** The first candidate that exists, or null. */
export function findChromium(host: BrowserHost, exists: (file: string) => boolean): string | null {
  return chromiumCandidates(host).find((file) => exists(file)) ?? null;
}

/** One line: what was looked for and how to get a browser, for the platform at hand. */
export function chromiumMissingMessage(host: BrowserHost): string {
  const explicit = host.env.CHROMIUM_PATH?.trim();
  if (explicit)
    return `PDF needs Chromium, but CHROMIUM_PATH=${explicit} does not exist; point it at a Chromium, Chrome or Edge executable, or unset it to search the usual places`;
  const install =
    host.platform === 'darwin'
      ? 'install Google Chrome (https://www.google.com/chrome/) or `brew install --cask chromium`'
      : host.platform === 'win32'
        ? 'install Google Chrome or Microsoft Edge'
        : 'install it with `sudo apt-get install chromium` (Debian) or `sudo apt-get install chromium-browser` (Ubuntu)';
  return `PDF needs Chromium and none was found (looked in ${chromiumCandidates(host).join(', ')}): ${install}, or set CHROMIUM_PATH to its executable`;
}

/** The browser of this machine that prints report PDFs; refuses in one line when there is none. */
export function locateChromium(host: BrowserHost = { platform: process.platform, env: process.env }): string {
  const found = findChromium(host, (file) => fs.existsSync(file) && fs.statSync(file).isFile());
  if (!found) throw new ConfigError(chromiumMissingMessage(host));
  return found;
}
