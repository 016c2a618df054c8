import { describe, expect, it } from 'vitest';
import { classifyError, expectedBetween, sourceHealth, type HealthInput } from '../../../src/health/source-health.ts';
import { zonedToInstant } from '../../../src/zoned-time.ts';

const TZ = 'Asia/Jakarta';
const at = (d: number, h: number) => zonedToInstant(2026, 12, d, h, 0, 0, TZ);

describe('classifyError', () => {
  it('names the failure the way an admin acts on it', () => {
    const cases: Array<[string, string, string]> = [
      ['TIMEOUT', 'https://x/: tidak ada jawaban lengkap dalam 20000 ms', 'timeout'],
      ['DNS', 'https://x/: nama host tidak ditemukan (ENOTFOUND)', 'dns'],
      ['HTTP_4XX', 'https://x/feed: HTTP 404', 'moved'],
      ['HTTP_4XX', 'https://x/feed: HTTP 410', 'moved'],
      ['HTTP_4XX', 'https://x/feed: HTTP 403', 'blocked'],
      ['HTTP_4XX', 'https://x/feed: HTTP 429', 'blocked'],
      ['HTTP_4XX', 'https://x/feed: HTTP 401', 'login_wall'],
      ['HTTP_4XX', 'https://x/feed: HTTP 400', 'http_4xx'],
      ['HTTP_5XX', 'https://x/feed: HTTP 503', 'http_5xx'],
      ['ROBOTS_DISALLOWED', 'https://x/feed: dilarang oleh robots.txt situs (https://x/robots.txt)', 'blocked'],
      ['LOGIN_WALL', 'bukan feed: yang diterima halaman masuk (login)', 'login_wall'],
      ['NOT_A_FEED', 'bukan feed: yang diterima halaman HTML (text/html)', 'moved'],
      ['FEED_INVALID', 'feed bukan XML/RSS/Atom yang sah: Unexpected close tag', 'parse'],
      ['TOO_LARGE', 'isi melebihi batas 5242880 bita', 'too_large'],
      ['CONFIG_INVALID', 'source "x": config.url: Invalid URL', 'config'],
      ['INTERNAL', 'boom', 'other'],
    ];
    for (const [code, message, expected] of cases) expect(classifyError(code, message), `${code} ${message}`).toBe(expected);
  });
});

describe('expectedBetween', () => {
  // A daytime news site: 2 items at 09:00 and 1 at 14:00 on a usual day (14 days of history).
  const profile = Array<number>(24).fill(0);
  profile[9] = 28;
  profile[14] = 14;
  it('expects almost nothing at night from a daytime source, and a day of items over a day', () => {
    expect(expectedBetween(profile, 14, at(2, 18).getTime(), at(3, 6).getTime(), TZ)).toBe(0);
    expect(expectedBetween(profile, 14, at(2, 8).getTime(), at(3, 8).getTime(), TZ)).toBeCloseTo(3, 10);
    expect(expectedBetween(profile, 14, zonedToInstant(2026, 12, 2, 9, 30, 0, TZ).getTime(), at(2, 10).getTime(), TZ)).toBeCloseTo(1, 10);
  });
});

describe('sourceHealth', () => {
  const base: HealthInput = {
    scheduled: true,
    paused: false,
    recent: [],
    firstRunAt: zonedToInstant(2026, 11, 1, 0, 0, 0, TZ),
    lastNewAt: at(10, 14),
    newByHour: Array<number>(24).fill(14),
    itemsLast24h: 30,
  };
  const now = at(10, 16);
  const run = (h: number, status: 'success' | 'failure', code: string | null = null) => ({
    startedAt: at(10, h),
    status,
    itemsNew: 0,
    errorCode: code,
    error: code ? 'https://x/: HTTP 503' : null,
  });
  it('is failing after three failures in a row, degraded after one, and failures outrank silence', () => {
    const failing = sourceHealth(
      { ...base, recent: [run(15, 'failure', 'HTTP_5XX'), run(14, 'failure', 'HTTP_5XX'), run(13, 'failure', 'HTTP_5XX'), run(12, 'success')] },
      { now, timezone: TZ },
    );
    expect(failing).toMatchObject({ state: 'failing', consecutiveFailures: 3, lastSuccessAt: at(10, 12), lastError: { class: 'http_5xx', at: at(10, 15) } });
    const degraded = sourceHealth({ ...base, recent: [run(15, 'failure', 'HTTP_5XX'), run(14, 'success')] }, { now, timezone: TZ });
    expect(degraded.state).toBe('degraded');
  });
  it('calls a source that brings a steady one an hour silent after three quiet hours, not after two', () => {
    expect(sourceHealth(base, { now: at(10, 16), timezone: TZ }).state).toBe('ok');
    expect(sourceHealth(base, { now: at(10, 17), timezone: TZ })).toMatchObject({ state: 'silent', expectedSinceLast: 3, silentHours: 3 });
  });
  it('leaves manual and paused sources alone and says when history is too short', () => {
    expect(sourceHealth({ ...base, scheduled: false }, { now, timezone: TZ }).state).toBe('manual');
    expect(sourceHealth({ ...base, paused: true }, { now: at(12, 0), timezone: TZ }).state).toBe('paused');
    expect(sourceHealth({ ...base, firstRunAt: at(9, 20) }, { now, timezone: TZ })).toMatchObject({ state: 'new', usualPerDay: null });
  });
});
