import { ConfigError } from '../errors.ts';
import { zonedToInstant, zoneOffsetMs } from '../zoned-time.ts';

/** An ISO 8601 week in a deployment's time zone: Monday 00:00 up to the next Monday 00:00. */
export interface IsoWeek {
  /** "2026-W47" */
  id: string;
  year: number;
  week: number;
  /** Monday 00:00 local time */
  start: Date;
  /** the next Monday 00:00 local time (exclusive) */
  end: Date;
  /** Monday's calendar date, "2026-11-16" */
  firstDay: string;
  /** Sunday's calendar date, "2026-11-22" */
  lastDay: string;
}

const DAY = 86_400_000;

/** Monday of ISO week 1 of `year`, as a UTC calendar date (the week with the year's first Thursday). */
function week1Monday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  const dow = (new Date(jan4).getUTCDay() + 6) % 7; // Monday 0
  return jan4 - dow * DAY;
}

/** 52 or 53: a year has 53 ISO weeks when it starts on a Thursday, or is a leap year starting on Wednesday. */
export function weeksInYear(year: number): number {
  return (week1Monday(year + 1) - week1Monday(year)) / (7 * DAY);
}

function build(year: number, week: number, timeZone: string): IsoWeek {
  const monday = week1Monday(year) + (week - 1) * 7 * DAY;
  const at = (utcDay: number) => {
    const d = new Date(utcDay);
    return zonedToInstant(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), 0, 0, 0, timeZone);
  };
  const iso = (utcDay: number) => new Date(utcDay).toISOString().slice(0, 10);
  return {
    id: `${year}-W${String(week).padStart(2, '0')}`,
    year,
    week,
    start: at(monday),
    end: at(monday + 7 * DAY),
    firstDay: iso(monday),
    lastDay: iso(monday + 6 * DAY),
  };
}

/**
 * The years a report may cover. Saring's data starts this century; a week far outside it is a typo,
 * and years past 9999 cannot even be written as an ISO date (9999-W52 ends in year 10000).
 */
export const WEEK_YEARS = { min: 2000, max: 2100 } as const;

/**
 * Parses "2026-W47" (or "2026W47"); a week the year does not have, or a year out of range, is refused
 * by name. Messages are in Indonesian: the desk shows them as they are.
 */
export function parseIsoWeek(text: string, timeZone: string): IsoWeek {
  const m = /^(\d{4})-?W(\d{1,2})$/i.exec(text.trim());
  if (!m) throw new ConfigError(`minggu "${text}" bukan minggu ISO; tulis seperti 2026-W47`);
  const year = Number(m[1]);
  const week = Number(m[2]);
  checkYear(text, year);
  const max = weeksInYear(year);
  if (week < 1 || week > max) throw new ConfigError(`minggu "${text}" tidak ada: tahun ${year} punya ${max} minggu ISO (W01–W${max})`);
  return build(year, week, timeZone);
}

function checkYear(text: string, year: number): void {
  if (year < WEEK_YEARS.min || year > WEEK_YEARS.max)
    throw new ConfigError(`minggu "${text}" di luar jangkauan: tahunnya harus ${WEEK_YEARS.min}–${WEEK_YEARS.max}`);
}

/**
 * A week chosen by an ISO code ("2026-W47") or by any day in it ("2026-11-18", as a date field sends
 * it): that day's Monday–Sunday week on the deployment's calendar. A day that does not exist
 * (2026-02-30) is refused by name, as is anything else.
 */
export function parseWeekChoice(text: string, timeZone: string): IsoWeek {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!d) {
    if (/W/i.test(text)) return parseIsoWeek(text, timeZone);
    throw new ConfigError(`minggu "${text}" bukan tanggal maupun minggu ISO; tulis tanggal seperti 2026-11-18 atau minggu seperti 2026-W47`);
  }
  const [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const utc = new Date(Date.UTC(year, month - 1, day));
  if (utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day) throw new ConfigError(`tanggal "${text}" tidak ada di kalender`);
  checkYear(text, year);
  // Noon of that calendar day in the zone lies inside its week whatever the zone's offset.
  return isoWeekOf(zonedToInstant(year, month, day, 12, 0, 0, timeZone), timeZone);
}

/** The ISO week that contains `instant` on the zone's calendar. */
export function isoWeekOf(instant: Date, timeZone: string): IsoWeek {
  const local = instant.getTime() + zoneOffsetMs(instant.getTime(), timeZone);
  const day = Date.UTC(new Date(local).getUTCFullYear(), new Date(local).getUTCMonth(), new Date(local).getUTCDate());
  const thursday = day + (3 - ((new Date(day).getUTCDay() + 6) % 7)) * DAY; // the week's Thursday decides its year
  const year = new Date(thursday).getUTCFullYear();
  return build(year, Math.floor((thursday - week1Monday(year)) / (7 * DAY)) + 1, timeZone);
}

/** The week before `week`, across year ends. */
export function previousWeek(week: IsoWeek, timeZone: string): IsoWeek {
  return isoWeekOf(new Date(week.start.getTime() - DAY), timeZone);
}
