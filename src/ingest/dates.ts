/**
 * Dates as Indonesian sites print them: "Selasa, 20 Januari 2026 18:33 WIB", "20/01/2026 18.33",
 * "8 Agu 2025". Zones WIB/WITA/WIT are +07/+08/+09; a date without a zone is taken as WIB.
 */
const MONTHS: Record<string, number> = {
  januari: 1, jan: 1,
  februari: 2, pebruari: 2, feb: 2, peb: 2,
  maret: 3, mar: 3,
  april: 4, apr: 4,
  mei: 5, may: 5,
  juni: 6, jun: 6,
  juli: 7, jul: 7,
  agustus: 8, agu: 8, agt: 8, ags: 8, aug: 8,
  september: 9, sep: 9, sept: 9,
  oktober: 10, okt: 10, oct: 10,
  november: 11, nov: 11, nop: 11,
  desember: 12, des: 12, dec: 12,
};
const ZONES: Record<string, string> = { wib: '+07:00', wita: '+08:00', wit: '+09:00' };

export function parseIndonesianDate(input: string): Date | null {
  const s = input.toLowerCase().replace(/\s+/g, ' ');
  const zone = ZONES[/\b(wib|wita|wit)\b/.exec(s)?.[1] ?? 'wib']!;
  const time = /\b(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\b(?!\s*[/-])/.exec(s);
  let y: number | undefined;
  let m: number | undefined;
  let d: number | undefined;
  const named = /\b(\d{1,2}) ([a-z]+)\.? (\d{4})\b/.exec(s);
  if (named && MONTHS[named[2]!]) {
    [d, m, y] = [Number(named[1]), MONTHS[named[2]!], Number(named[3])];
  } else {
    const numeric = /\b(\d{1,2})[/-](\d{1,2})[/-](\d{4})\b/.exec(s);
    if (!numeric) return null;
    [d, m, y] = [Number(numeric[1]), Number(numeric[2]), Number(numeric[3])];
  }
  if (!m || m > 12 || !d || d > 31) return null;
  const hh = time ? Number(time[1]) : 0;
  const mm = time ? Number(time[2]) : 0;
  const ss = time?.[3] ? Number(time[3]) : 0;
  if (hh > 23 || mm > 59 || ss > 59) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = new Date(`${y}-${pad(m)}-${pad(d)}T${pad(hh)}:${pad(mm)}:${pad(ss)}${zone}`);
  // Rejects 31 Februari and the like, which Date would roll over silently.
  if (Number.isNaN(date.getTime()) || new Date(date.getTime() + Number(zone.slice(1, 3)) * 3600e3).getUTCDate() !== d) return null;
  return date;
}

/** ISO dates first (meta tags, JSON-LD, <time datetime>), then Indonesian text. */
export function parseAnyDate(input: string | null | undefined): Date | null {
  if (!input) return null;
  const trimmed = input.trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    const d = new Date(trimmed);
    if (!Number.isNaN(d.getTime())) return d;
  }
  return parseIndonesianDate(trimmed);
}
