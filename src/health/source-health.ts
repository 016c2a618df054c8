import type { FetchRunStatus } from '../db/schema.ts';
import { zoneOffsetMs } from '../zoned-time.ts';

/**
 * Source health, computed from a source's own history: is it failing, and is its silence normal for
 * it at this time of day? Pure: the repository gathers the history, this decides.
 */

/** Why a fetch failed, in the terms an admin acts on. */
export type ErrorClass =
  | 'timeout'
  | 'dns'
  | 'connection'
  | 'http_4xx'
  | 'http_5xx'
  | 'blocked'
  | 'login_wall'
  | 'moved'
  | 'parse'
  | 'too_large'
  | 'config'
  | 'other';

export const ERROR_CLASS_LABEL: Record<ErrorClass, string> = {
  timeout: 'waktu habis',
  dns: 'nama host tidak ditemukan (DNS)',
  connection: 'koneksi gagal',
  http_4xx: 'ditolak server (HTTP 4xx)',
  http_5xx: 'galat server (HTTP 5xx)',
  blocked: 'diblokir situs',
  login_wall: 'halaman wajib masuk (login)',
  moved: 'umpan pindah atau hilang',
  parse: 'isi tidak terbaca',
  too_large: 'melebihi batas ukuran',
  config: 'konfigurasi sumber salah',
  other: 'galat lain',
};

/** Classifies a run's stored error code and message (codes from src/fetch/errors.ts and ParseError). */
export function classifyError(code: string | null, message: string | null): ErrorClass {
  const status = Number(/\bHTTP (\d{3})\b/.exec(message ?? '')?.[1]);
  switch (code) {
    case 'TIMEOUT':
      return 'timeout';
    case 'DNS':
      return 'dns';
    case 'CONNECTION':
      return 'connection';
    case 'HTTP_5XX':
      return 'http_5xx';
    case 'HTTP_4XX':
      if (status === 401 || status === 407) return 'login_wall';
      if (status === 403 || status === 429 || status === 451) return 'blocked';
      if (status === 404 || status === 410) return 'moved';
      return 'http_4xx';
    case 'ROBOTS_DISALLOWED':
      return 'blocked';
    case 'LOGIN_WALL':
      return 'login_wall';
    // A feed URL that now answers with an ordinary web page, or a listing without its links, has usually moved.
    case 'NOT_A_FEED':
    case 'NO_ARTICLES':
    case 'CHANNEL_NOT_FOUND':
      return 'moved';
    case 'FEED_INVALID':
    case 'FEED_EMPTY':
    case 'CSV_INVALID':
    case 'HTML_TOO_DEEP':
    case 'PARSE_ERROR':
      return 'parse';
    case 'TOO_LARGE':
      return 'too_large';
    case 'CONFIG_INVALID':
    case 'BAD_URL':
    case 'BLOCKED_ADDRESS':
    case 'TOO_MANY_REDIRECTS':
      return 'config';
    default:
      return 'other';
  }
}

export type HealthState = 'failing' | 'silent' | 'degraded' | 'new' | 'ok' | 'paused' | 'manual';

/** Worst first: the order of the health page. */
export const HEALTH_ORDER: HealthState[] = ['failing', 'silent', 'degraded', 'new', 'ok', 'paused', 'manual'];

export const HEALTH_LABEL: Record<HealthState, string> = {
  failing: 'gagal',
  silent: 'senyap',
  degraded: 'terganggu',
  new: 'baru (riwayat belum cukup)',
  ok: 'baik',
  paused: 'dijeda',
  manual: 'manual',
};

export interface RecentRun {
  startedAt: Date;
  status: FetchRunStatus;
  itemsNew: number;
  errorCode: string | null;
  error: string | null;
}

/** A source's history as the repository gathers it. */
export interface HealthInput {
  /** False for sources that receive items by hand (tips, imports): they have no rate to keep. */
  scheduled: boolean;
  paused: boolean;
  /** The latest runs, newest first (20 are plenty). */
  recent: RecentRun[];
  firstRunAt: Date | null;
  /** The last run that brought new items, at any time. */
  lastNewAt: Date | null;
  /** New items per local hour of day (0–23) over the history window, the backlog of the first run left out. */
  newByHour: number[];
  itemsLast24h: number;
}

export interface HealthOptions {
  now: Date;
  timezone: string;
  /** (Default: 14) */
  historyDays?: number;
  /** Silent when at least this many new items were expected since the last one (Poisson: P(0 | 3) ≈ 5 %). (Default: 3) */
  silentExpected?: number;
  /** Failing after this many failed runs in a row. (Default: 3) */
  failingAfter?: number;
}

export interface SourceHealth {
  state: HealthState;
  /** One line in Indonesian: why this state. */
  reason: string;
  lastRunAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: { at: Date; code: string | null; class: ErrorClass; message: string | null } | null;
  consecutiveFailures: number;
  itemsLast24h: number;
  /** New items on a usual day, from the history window; null without enough history. */
  usualPerDay: number | null;
  /** The last new item's run (or the first run, when none came yet): where a silence starts. */
  silentSince: Date | null;
  /** Hours since silentSince. */
  silentHours: number | null;
  /** New items the source's own rate predicted since then. */
  expectedSinceLast: number | null;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Less history than this and the rate says too little to call silence. */
const MIN_HISTORY_DAYS = 2;

export function sourceHealth(input: HealthInput, opts: HealthOptions): SourceHealth {
  const now = opts.now.getTime();
  const historyDays = opts.historyDays ?? 14;
  const failingAfter = opts.failingAfter ?? 3;
  const silentExpected = opts.silentExpected ?? 3;
  const finished = input.recent.filter((r) => r.status !== 'running' && r.status !== 'abandoned');
  const lastSuccess = finished.find((r) => r.status !== 'failure');
  const lastFailure = finished.find((r) => r.status === 'failure');
  let consecutiveFailures = 0;
  for (const r of finished) {
    if (r.status !== 'failure') break;
    consecutiveFailures++;
  }
  const base = {
    lastRunAt: input.recent[0]?.startedAt ?? null,
    lastSuccessAt: lastSuccess?.startedAt ?? null,
    lastError: lastFailure
      ? { at: lastFailure.startedAt, code: lastFailure.errorCode, class: classifyError(lastFailure.errorCode, lastFailure.error), message: lastFailure.error }
      : null,
    consecutiveFailures,
    itemsLast24h: input.itemsLast24h,
  };

  const span = input.firstRunAt ? Math.min(historyDays, (now - input.firstRunAt.getTime()) / DAY) : 0;
  const enoughHistory = span >= MIN_HISTORY_DAYS;
  const usualPerDay = enoughHistory ? input.newByHour.reduce((a, n) => a + n, 0) / span : null;
  const since = input.lastNewAt ?? input.firstRunAt;
  const silentHours = since ? (now - since.getTime()) / HOUR : null;
  const expectedSinceLast = enoughHistory && since ? expectedBetween(input.newByHour, span, since.getTime(), now, opts.timezone) : null;
  const health = { ...base, usualPerDay, silentSince: since, silentHours, expectedSinceLast };

  if (!input.scheduled) return { ...health, state: 'manual', reason: 'diisi manual (laporan, impor)' };
  if (input.paused) return { ...health, state: 'paused', reason: 'dijeda oleh admin' };
  if (consecutiveFailures >= failingAfter) {
    return { ...health, state: 'failing', reason: `${consecutiveFailures} kali berturut-turut gagal: ${ERROR_CLASS_LABEL[base.lastError!.class]}` };
  }
  if (expectedSinceLast !== null && expectedSinceLast >= silentExpected) {
    return {
      ...health,
      state: 'silent',
      reason: `tidak ada butir baru selama ${formatHours(silentHours!)}, padahal biasanya ada ±${Math.round(expectedSinceLast)} dalam rentang itu`,
    };
  }
  if (consecutiveFailures > 0) return { ...health, state: 'degraded', reason: `pengambilan terakhir gagal: ${ERROR_CLASS_LABEL[base.lastError!.class]}` };
  if (!enoughHistory) return { ...health, state: 'new', reason: `riwayat kurang dari ${MIN_HISTORY_DAYS} hari untuk menilai kesenyapan` };
  return { ...health, state: 'ok', reason: 'sesuai pola biasanya' };
}

/**
 * New items the hour-of-day profile predicts between two instants: each local hour contributes its
 * average per day, pro rata for partial hours. Night hours of a daytime news site add almost nothing,
 * so its quiet night is not silence; a busy channel's hours add up fast.
 */
export function expectedBetween(newByHour: number[], historyDays: number, from: number, to: number, timezone: string): number {
  let expected = 0;
  for (let t = from; t < to; ) {
    const local = t + zoneOffsetMs(t, timezone);
    const hourEnd = t + (HOUR - (((local % HOUR) + HOUR) % HOUR));
    const until = Math.min(hourEnd, to);
    const hour = new Date(local).getUTCHours();
    expected += ((newByHour[hour] ?? 0) / historyDays) * ((until - t) / HOUR);
    t = until;
  }
  return expected;
}

export function formatHours(h: number): string {
  if (h < 1) return `${Math.max(1, Math.round(h * 60))} menit`;
  if (h < 48) return `${Math.round(h)} jam`;
  return `${Math.round(h / 24)} hari`;
}

/** Sorts worst first, then by name. */
export function byHealth<T extends { health: SourceHealth; name: string }>(a: T, b: T): number {
  return HEALTH_ORDER.indexOf(a.health.state) - HEALTH_ORDER.indexOf(b.health.state) || a.name.localeCompare(b.name);
}
