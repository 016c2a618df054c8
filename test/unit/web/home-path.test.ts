import { describe, expect, it } from 'vitest';
import { homePath } from '../../../src/web/nav-counts.ts';
import { deviceName } from '../../../src/web/views/account.ts';

describe('homePath', () => {
  it('sends pimpinan and humas to their home, analysts to the queue, an admin alone to the sources', () => {
    expect(homePath(['pimpinan'])).toBe('/beranda');
    expect(homePath(['humas'])).toBe('/beranda');
    expect(homePath(['analis', 'humas'])).toBe('/beranda');
    expect(homePath(['analis'])).toBe('/queue');
    expect(homePath(['admin', 'analis'])).toBe('/queue');
    expect(homePath(['admin'])).toBe('/sources');
  });
});

describe('deviceName', () => {
  it('names the browser and system of a user agent in words people know', () => {
    expect(deviceName('Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36')).toBe(
      'Chrome/Chromium di Android',
    );
    expect(deviceName('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0')).toBe('Firefox di Windows');
    expect(
      deviceName('Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1'),
    ).toBe('Safari di iOS');
    expect(deviceName('curl/8.5.0')).toBe('curl/8.5.0');
    expect(deviceName(null)).toBe('tidak diketahui');
  });
});
