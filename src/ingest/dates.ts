/**
 * The one date reader of ingest: feeds (RFC 822 and RFC 3339 and their variants), page metadata,
 * JSON-LD, exports, and dates as Indonesian sites print them ("Selasa, 20 Januari 2026 18:33 WIB",
 * "20/01/2026 18.33", "8 Agu 2025"). Numeric dates are day-first, as Indonesian sources write them.
 * Zones WIB/WITA/WIT are +07/+08/+09; a date without a zone is read in the pipeline's time zone
 * (Asia/Jakarta unless configured), never the host's: results must not change between machines.
 * Pure; never throws: an unreadable date is null (a bad date must not reject an entry).
 */
const MONTHS: Record<string, number> = {
  januari: 1,
  jan: 1,
  january: 1,
  februari: 2,
  pebruari: 2,
  feb: 2,
  peb: 2,
  february: 2,
  maret: 3,
  mar: 3,
  march: 3,
  april: 4,
  apr: 4,
  mei: 5,
  may: 5,
  juni: 6,
  jun: 6,
  june: 6,
  juli: 7,
  jul: 7,
  july: 7,
  agustus: 8,
  agu: 8,
  agt: 8,
  ags: 8,
  aug: 8,
  august: 8,
  september: 9,
  sep: 9,
  sept: 9,
  oktober: 10,
  okt: 10,
  oct: 10,
  october: 10,
  november: 11,
  nov: 11,
  nop: 11,
  desember: 12,
  des: 12,
  dec: 12,
  december: 12,
  // Portuguese and Spanish abbreviations some feeds print (UOL: "Seg, 24 Set 2018").
  ene: 1,
  fev: 2,
  abr: 4,
  mai: 5,
  ago: 8,
  set: 9,
  out: 10,
  dez: 12,
  dic: 12,
};

/** Named zones in minutes east of UTC: RFC 822's, Indonesia's, and a few feeds use. */
const ZONES: Record<string, number> = {
  wib: 420,
  wita: 480,
  wit: 540,
  gmt: 0,
  ut: 0,
  utc: 0,
  z: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  cet: 60,
  cest: 120,
  bst: 60,
  eet: 120,
  eest: 180,
  jst: 540,
  sgt: 480,
  aest: 600,
  aedt: 660,
};

export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';

export interface DateOptions {
  /** IANA zone for dates that name none. (Default: Asia/Jakarta) */
  timeZone?: string | undefined;
}

const ISO = /^(\d{4})-?(\d{2})-?(\d{2})(?:[t ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(z|utc|gmt|[+-]\d{2}(?::?\d{2})?)?$/i;
const NAMED_DAY_FIRST = /\b(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?,?[\s-]+(\d{4}|\d{2})\b/g;
const NAMED_MONTH_FIRST = /\b([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/g;
const NUMERIC_YMD = /\b(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})\b/;
const NUMERIC_DMY = /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b/;
const TIME = /\b(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?(?:\s*(am|pm)\b)?/;
const OFFSET = /(?:^|[\s(])(?:gmt|utc|ut)?\s*([+-])(\d{2}):?(\d{2})\b/;
const ZONE_NAME = new RegExp(`\\b(${Object.keys(ZONES).join('|')})\\b`);

/** Reads a date in any of the formats above; null when it cannot. */
export function parseDate(input: string | null | undefined, opts: DateOptions = {}): Date | null {
  if (!input) return null;
  const s = input.trim().toLowerCase().replace(/\s+/g, ' ');
  if (!s || s.length > 100) return null;
  const tz = opts.timeZone ?? DEFAULT_TIME_ZONE;

  const iso = ISO.exec(s);
  if (iso) {
    const [, y, m, d, hh, mm, ss, frac, zone] = iso;
    const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
    return build(
      { y: Number(y), m: Number(m), d: Number(d), hh: Number(hh ?? 0), mm: Number(mm ?? 0), ss: Number(ss ?? 0), ms },
      zone ? offsetOf(zone) : null,
      tz,
    );
  }

  let rest = s;
  let y: number, m: number | undefined, d: number;
  let match: RegExpExecArray | null;
  if ((match = withMonth(NAMED_DAY_FIRST, rest, 2))) {
    [d, m, y] = [Number(match[1]), MONTHS[match[2]!], year(match[3]!)];
  } else if ((match = withMonth(NAMED_MONTH_FIRST, rest, 1))) {
    [m, d, y] = [MONTHS[match[1]!], Number(match[2]), Number(match[3])];
  } else if ((match = NUMERIC_YMD.exec(rest))) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = NUMERIC_DMY.exec(rest))) {
    // Day first: "02/01/2026" is 2 January in Indonesia, whatever a US reader would say.
    [d, m, y] = [Number(match[1]), Number(match[2]), year(match[3]!)];
  } else {
    return null;
  }
  rest = rest.slice(0, match.index) + ' ' + rest.slice(match.index + match[0].length);

  let hh = 0,
    mm = 0,
    ss = 0;
  const time = TIME.exec(rest);
  if (time) {
    [hh, mm, ss] = [Number(time[1]), Number(time[2]), Number(time[3] ?? 0)];
    if (time[4] === 'pm' && hh < 12) hh += 12;
    if (time[4] === 'am' && hh === 12) hh = 0;
    rest = rest.slice(0, time.index) + ' ' + rest.slice(time.index + time[0].length);
  }
  const numeric = OFFSET.exec(rest);
  const named = ZONE_NAME.exec(rest);
  const offset = numeric ? offsetOf(`${numeric[1]}${numeric[2]}${numeric[3]}`) : named ? ZONES[named[1]!]! : null;
  return build({ y, m: m!, d, hh, mm, ss, ms: 0 }, offset, tz);
}

/** Earlier name of parseDate, kept for its callers. */
export function parseAnyDate(input: string | null | undefined, opts: DateOptions = {}): Date | null {
  return parseDate(input, opts);
}

/** Indonesian text dates; the same reader as parseDate. */
export function parseIndonesianDate(input: string, opts: DateOptions = {}): Date | null {
  return parseDate(input, opts);
}

/** The first match of `re` (global) whose group `group` is a month name. */
function withMonth(re: RegExp, s: string, group: number): RegExpExecArray | null {
  re.lastIndex = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (MONTHS[m[group]!]) return m;
    re.lastIndex = m.index + 1; // matches may overlap: "10 wib, 20 januari 2026"
  }
  return null;
}

function year(v: string): number {
  const n = Number(v);
  // RFC 2822 §4.3: two-digit years below 50 are 20xx.
  return v.length === 2 ? (n < 50 ? 2000 + n : 1900 + n) : n;
}

/** "+07:00", "-0500", "+07", "z", "utc", "gmt" → minutes east of UTC. */
function offsetOf(zone: string): number | null {
  const z = zone.toLowerCase();
  if (z in ZONES) return ZONES[z]!;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(z);
  if (!m) return null;
  const mins = Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (mins > 14 * 60) return null;
  return m[1] === '-' ? -mins : mins;
}

interface Parts {
  y: number;
  m: number;
  d: number;
  hh: number;
  mm: number;
  ss: number;
  ms: number;
}

function build(p: Parts, offsetMinutes: number | null, timeZone: string): Date | null {
  if (p.y < 1000 || p.y > 9999 || p.m < 1 || p.m > 12 || p.d < 1 || p.d > 31) return null;
  // 24:00 is RFC 3339's end of day; leap second 60 is read as 59.
  if (p.hh > 24 || p.mm > 59 || p.ss > 60 || (p.hh === 24 && (p.mm || p.ss))) return null;
  const wall = Date.UTC(p.y, p.m - 1, p.d, p.hh, p.mm, Math.min(p.ss, 59), p.ms);
  // Refuses 31 Februari and the like, which Date would roll over silently.
  const check = new Date(Date.UTC(p.y, p.m - 1, p.d));
  if (check.getUTCDate() !== p.d || check.getUTCMonth() !== p.m - 1) return null;
  if (offsetMinutes !== null) return new Date(wall - offsetMinutes * 60_000);
  let t = wall - zoneOffsetMs(wall, timeZone);
  // Across a DST change the offset at the result differs from the one at the guess: settle on it.
  t = wall - zoneOffsetMs(t, timeZone);
  return new Date(t);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of `timeZone` from UTC at instant `t`, in ms. */
function zoneOffsetMs(t: number, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  const v: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(t))) if (part.type !== 'literal') v[part.type] = Number(part.value);
  const asUtc = Date.UTC(v.year!, v.month! - 1, v.day!, v.hour!, v.minute!, v.second!);
  return asUtc - (t - (((t % 1000) + 1000) % 1000));
}
