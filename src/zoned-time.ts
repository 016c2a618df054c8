/**
 * Wall-clock time in a named zone (Asia/Jakarta, Asia/Makassar, Asia/Jayapura…) to and from instants,
 * with Intl only: Indonesia has no daylight saving, but the code does not assume it.
 */

/** The zone's offset from UTC at `instant`, in milliseconds (WIB: +7 h). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const shown = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return shown - Math.floor(instant / 1000) * 1000;
}

/** The instant at which the zone's clock shows this date and time. */
export function zonedToInstant(y: number, month: number, d: number, h: number, min: number, s: number, timeZone: string): Date {
  const asUtc = Date.UTC(y, month - 1, d, h, min, s);
  return new Date(asUtc - zoneOffsetMs(asUtc, timeZone));
}

/**
 * A `datetime-local` value ("2026-11-24T09:30") read as wall-clock time in `timeZone`, or an ISO
 * string with its own offset, as JSON clients send. Invalid input gives an invalid Date.
 */
export function parseLocalTime(value: string, timeZone: string): Date {
  if (/[zZ]|[+-]\d\d:?\d\d$/.test(value)) return new Date(value);
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d))?$/.exec(value);
  if (!m) return new Date(NaN);
  return zonedToInstant(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0), timeZone);
}

const FORMATS = new Map<string, { format: Intl.DateTimeFormat; shown: Map<number, string> }>();
/** Formatted times kept per zone: a queue page shows 50, and the same ones again on the next request. */
const SHOWN_PER_ZONE = 4096;
/** Date and time as Indonesians write them, in the deployment's time zone. */
export function formatTime(d: Date | string | null | undefined, timeZone: string): string {
  if (!d) return '—';
  let f = FORMATS.get(timeZone);
  if (!f) FORMATS.set(timeZone, (f = { format: new Intl.DateTimeFormat('id-ID', { timeZone, dateStyle: 'medium', timeStyle: 'short' }), shown: new Map() }));
  const instant = typeof d === 'string' ? new Date(d) : d;
  const ms = instant.getTime();
  let text = f.shown.get(ms);
  if (text === undefined) {
    // Intl's format costs tens of microseconds; an invalid date is formatted (it throws) and never kept.
    text = f.format.format(instant);
    if (f.shown.size >= SHOWN_PER_ZONE) f.shown.clear();
    f.shown.set(ms, text);
  }
  return text;
}

/** Indonesia's zones by the names people use; another zone by its IANA name. */
const ZONE_ABBREVIATION: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/** "WIB" for Asia/Jakarta: what a form label says the time is read in. */
export function zoneAbbreviation(timeZone: string): string {
  return ZONE_ABBREVIATION[timeZone] ?? timeZone;
}

/** Now as a `datetime-local` value ("2026-11-24T09:30") on the zone's clock: a form's default. */
export function localInputValue(instant: Date, timeZone: string): string {
  return new Date(instant.getTime() + zoneOffsetMs(instant.getTime(), timeZone)).toISOString().slice(0, 16);
}
