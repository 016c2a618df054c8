import { describe, expect, it } from 'vitest';
import { chromiumCandidates, chromiumMissingMessage, findChromium, locateChromium } from '../../../src/report/chromium.ts';

const none = () => false;
const only = (file: string) => (f: string) => f === file;

describe('finding a browser to print PDFs', () => {
  it('looks where Debian, Ubuntu and Snap install Chromium and Chrome, in that order', () => {
    const linux = { platform: 'linux' as const, env: {} };
    expect(chromiumCandidates(linux)).toEqual([
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/usr/bin/google-chrome',
      '/usr/bin/google-chrome-stable',
      '/snap/bin/chromium',
    ]);
    expect(findChromium(linux, only('/usr/bin/google-chrome-stable'))).toBe('/usr/bin/google-chrome-stable');
    // Both installed: Debian's Chromium wins.
    expect(findChromium(linux, (f) => f === '/snap/bin/chromium' || f === '/usr/bin/chromium')).toBe('/usr/bin/chromium');
  });

  it('finds Chrome, Chromium or Edge in the Applications folder of a Mac', () => {
    const mac = { platform: 'darwin' as const, env: {} };
    expect(findChromium(mac, only('/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge'))).toBe(
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    );
    expect(chromiumCandidates(mac)[0]).toBe('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
  });

  it('finds Chrome per machine or per user, then Edge, on Windows', () => {
    const win = {
      platform: 'win32' as const,
      env: { PROGRAMFILES: 'D:\\Apps', 'PROGRAMFILES(X86)': 'D:\\Apps (x86)', LOCALAPPDATA: 'C:\\Users\\budi\\AppData\\Local' },
    };
    expect(chromiumCandidates(win)).toEqual([
      'D:\\Apps\\Google\\Chrome\\Application\\chrome.exe',
      'D:\\Apps (x86)\\Google\\Chrome\\Application\\chrome.exe',
      'C:\\Users\\budi\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe',
      'D:\\Apps\\Microsoft\\Edge\\Application\\msedge.exe',
      'D:\\Apps (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
      'C:\\Users\\budi\\AppData\\Local\\Microsoft\\Edge\\Application\\msedge.exe',
    ]);
    // Without the variables, the standard folders; a per-user install needs LOCALAPPDATA to be found.
    expect(chromiumCandidates({ platform: 'win32', env: {} })[0]).toBe('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe');
    expect(findChromium(win, only('C:\\Users\\budi\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe'))).toBe(
      'C:\\Users\\budi\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe',
    );
  });

  it('takes CHROMIUM_PATH as the one place to look, even when another browser is installed', () => {
    const host = { platform: 'linux' as const, env: { CHROMIUM_PATH: '/opt/chrome/chrome' } };
    expect(chromiumCandidates(host)).toEqual(['/opt/chrome/chrome']);
    expect(findChromium(host, only('/usr/bin/chromium'))).toBeNull();
    expect(chromiumMissingMessage(host)).toBe(
      'PDF needs Chromium, but CHROMIUM_PATH=/opt/chrome/chrome does not exist; point it at a Chromium, Chrome or Edge executable, or unset it to search the usual places',
    );
  });

  it('says in one line how to install one when none is found', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const host = { platform, env: {} };
      expect(findChromium(host, none)).toBeNull();
      expect(chromiumMissingMessage(host)).not.toContain('\n');
    }
    expect(chromiumMissingMessage({ platform: 'linux', env: {} })).toMatch(
      /^PDF needs Chromium and none was found \(looked in \/usr\/bin\/chromium, .*\/snap\/bin\/chromium\): install it with `sudo apt-get install chromium` \(Debian\).*, or set CHROMIUM_PATH to its executable$/,
    );
    expect(chromiumMissingMessage({ platform: 'darwin', env: {} })).toContain('install Google Chrome');
    expect(chromiumMissingMessage({ platform: 'win32', env: {} })).toContain('install Google Chrome or Microsoft Edge');
    // The real lookup refuses with the same line.
    expect(() => locateChromium({ platform: 'linux', env: { CHROMIUM_PATH: '/tidak/ada/chromium' } })).toThrow(
      'CHROMIUM_PATH=/tidak/ada/chromium does not exist',
    );
  });
});
