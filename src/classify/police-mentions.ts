import { phrasePattern } from '../ingest/text.ts';
import { canonicalRank } from './police-ranks.ts';

/**
 * Mentions of the police in free text, with character spans (indices into the original string) and
 * the unit referred to: "Kapolres Beltim" → Polres Belitung Timur, "Satlantas" → Satlantas,
 * "oknum polisi" → Polri. Pure. Look-alikes must not fire: politik, polis asuransi, Polandia,
 * polisemi, polusi, Satpol PP, and "polisi tidur" (a speed bump), "polisi hutan" (forest rangers),
 * "polisi militer" (the army's), "polisi syariah" (Aceh's Wilayatul Hisbah).
 */
export interface PoliceMention {
  start: number;
  end: number;
  text: string;
  /** Canonical unit: a deployment's own name ("Polres Belitung Timur"), "Polda Metro Jaya", or a category ("Polri", "Satlantas"). */
  unit: string;
}

export interface PoliceLexicon {
  /** The deployment's own units with the other names people use for them. */
  units: ReadonlyArray<{ name: string; aliases?: readonly string[] }>;
}

/** The unit of mentions of another country's police ("polisi Turki"). */
export const FOREIGN_POLICE_UNIT = 'Polisi negara lain';

interface Candidate extends PoliceMention {
  priority: number;
}

const COUNTRIES = [
  'Amerika(?: Serikat)?', 'AS', 'Australia', 'Inggris', 'Prancis', 'Perancis', 'Jerman', 'Belanda', 'Denmark', 'Swedia', 'Norwegia', 'Rusia', 'Ukraina',
  'Turki', 'India', 'Pakistan', 'China', 'Cina', 'Tiongkok', 'Hong ?Kong', 'Jepang', 'Korea(?: Selatan| Utara)?', 'Malaysia', 'Singapura', 'Thailand',
  'Filipina', 'Myanmar', 'Vietnam', 'Kamboja', 'Timor Leste', 'Israel', 'Palestina', 'Arab Saudi', 'Saudi', 'Mesir', 'Iran', 'Irak', 'Kanada', 'Meksiko', 'Brasil',
];
const FOREIGN_POLICE = new RegExp(`\\b(?:polisi|kepolisian)\\s+(?:${COUNTRIES.join('|')})\\b`, 'giu');

// Not police: other agencies and idioms that contain the word.
const NOT_POLICE_AFTER = /^\s+(tidur|pamong|hutan|kehutanan|militer|syariah|syar'?i|udara tni|bahasa|moral)\b/i;

/** Fixed names → unit. Matched case-insensitively on word boundaries; longer phrases win over shorter. */
const TERMS: ReadonlyArray<[RegExp, string]> = [
  [/\bmabes\s+polri\b/giu, 'Polri'],
  [/\bkepolisian\s+negara\s+republik\s+indonesia\b/giu, 'Polri'],
  [/\bpolri\b/giu, 'Polri'],
  [/\b(?:wa)?kapolri\b/giu, 'Polri'],
  [/\bkepolisian\b/giu, 'Polri'],
  [/\baparat\s+kepolisian\b/giu, 'Polri'],
  [/\b(?:oknum|anggota|petugas|aparat|pak|bapak|ibu|mas)\s+(?:polisi|pulisi|polri|polwan)\b/giu, 'Polri'],
  [/\b(?:polisi|pulisi|plisi|polwan)\b/giu, 'Polri'],
  [/\bpolantas\b/giu, 'Satlantas'],
  [/\bsat\s?lantas\b/giu, 'Satlantas'],
  [/\b(?:korlantas|dit\s?lantas)\b/giu, 'Korlantas'],
  [/\bsat\s?reskrim\b/giu, 'Satreskrim'],
  [/\b(?:unit\s+)?reskrim\b/giu, 'Satreskrim'],
  [/\bbareskrim(?:\s+polri)?\b/giu, 'Bareskrim'],
  [/\bdit\s?reskrim(?:um|sus)\b/giu, 'Ditreskrim'],
  [/\bsat\s?(?:res\s?)?narkoba\b/giu, 'Satnarkoba'],
  [/\bdit\s?res\s?narkoba\b/giu, 'Ditresnarkoba'],
  [/\bsat\s?(?:binmas|intelkam|samapta|tahti|polairud|polair)\b/giu, 'Satuan Polres'],
  [/\b(?:sabhara|samapta)\b/giu, 'Sabhara'],
  [/\b(?:bid\s?)?propam\b/giu, 'Propam'],
  [/\bpaminal\b/giu, 'Propam'],
  [/\bbrimob(?:da)?\b/giu, 'Brimob'],
  [/\bdensus\s*88(?:\s+at)?\b/giu, 'Densus 88'],
  [/\b(?:bhabinkamtibmas|babinkamtibmas|bhabin)\b/giu, 'Bhabinkamtibmas'],
  [/\bpolairud\b/giu, 'Polairud'],
];

const DIRECTION = new Set(['Timur', 'Barat', 'Utara', 'Selatan', 'Tengah', 'Raya', 'Jaya', 'Laut', 'Daya', 'Kota', 'Kabupaten', 'Kab.']);
// Police ranks follow unit names ("Kapolres Beltim AKBP …"): they end the place name.
const endsPlace = (word: string) => word === 'Pol' || word === 'Polisi' || canonicalRank(word) !== null;
const PLACE_PREFIX = new Set(['Metro', 'Kepulauan', 'Kep.', 'Tanjung', 'Kota', 'Kabupaten', 'Kab.', 'Sumatera', 'Sulawesi', 'Kalimantan', 'Jawa', 'Nusa', 'Bangka', 'Papua', 'Maluku', 'Kutai', 'Bandar', 'Pulau', 'Aceh', 'Labuhan', 'Lombok', 'Tapanuli', 'Ogan', 'Musi', 'Muara', 'Hulu', 'Tulang', 'Deli', 'Pelabuhan']);

// Every pattern below contains one of these; most texts contain none, and skip the rest.
const ANY_POLICE = /pol(?:ri|da|res|sek|isi|wan|antas|air)|pulisi|plisi|lantas|reskrim|narkoba|binmas|intelkam|samapta|tahti|sabhara|propam|paminal|brimob|densus|bhabin|babin/i;

/** Finds police mentions, longest first; spans never overlap. */
export function detectPoliceMentions(text: string, lexicon: PoliceLexicon = { units: [] }): PoliceMention[] {
  const local = localUnits(lexicon);
  if (!ANY_POLICE.test(text) && !local.some((l) => l.probe.test(text))) return [];
  const candidates: Candidate[] = [];

  // 1. The deployment's own units by every name, as written ("polres beltim", "Polsek Manggar").
  for (const { re, name } of local) {
    for (const m of text.matchAll(re)) candidates.push({ start: m.index, end: m.index + m[0].length, text: m[0], unit: name, priority: 3 });
  }

  // 2. The hierarchy (Polda/Polres/Polsek…) and its chiefs (Kapolres, Wakapolda…), with the place that follows.
  let titleCase: boolean | undefined;
  const hierarchy = /\b(?:(?:bid\s+|sie\s+|si\s+|kasi\s+|kabid\s+)?humas\s+)?(waka|ka)?(polda|polresta(?:bes)?|polres|polsekta|polsek)\b/giu;
  for (const m of text.matchAll(hierarchy)) {
    const level = m[2]!.toLowerCase();
    const kind = level.startsWith('polda') ? 'Polda' : level.startsWith('polsek') ? 'Polsek' : level === 'polres' ? 'Polres' : capitalise(level);
    const placeEnd = placeAfter(text, m.index + m[0].length, (titleCase ??= isTitleCase(text)));
    const place = text.slice(m.index + m[0].length, placeEnd).trim();
    const unitText = `${kind}${place ? ` ${place}` : ''}`;
    const resolved = resolveLocal(unitText, local) ?? (place ? unitText.replace(/\s+/g, ' ') : kind);
    candidates.push({ start: m.index, end: placeEnd, text: text.slice(m.index, placeEnd), unit: resolved, priority: 2 });
  }

  // 3. Police of other countries ("polisi Turki") are police, but not ours.
  for (const m of text.matchAll(FOREIGN_POLICE)) {
    candidates.push({ start: m.index, end: m.index + m[0].length, text: m[0], unit: FOREIGN_POLICE_UNIT, priority: 2 });
  }

  // 4. Fixed names: Polri, polisi, Satlantas, Bhabinkamtibmas, Densus 88…
  for (const [re, unit] of TERMS) {
    for (const m of text.matchAll(re)) {
      if (/polisi|pulisi|plisi/i.test(m[0]) && NOT_POLICE_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 24))) continue;
      candidates.push({ start: m.index, end: m.index + m[0].length, text: m[0], unit, priority: 1 });
    }
  }

  // Longest span wins; on equal length the more specific source (local > hierarchy > term).
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || b.priority - a.priority || a.start - b.start);
  const taken: PoliceMention[] = [];
  for (const c of candidates) {
    if (taken.some((t) => c.start < t.end && t.start < c.end)) continue;
    taken.push({ start: c.start, end: c.end, text: c.text, unit: c.unit });
  }
  return taken.sort((a, b) => a.start - b.start);
}

/**
 * End of the place name after a unit keyword: "Polres Belitung Timur", "Polda Metro Jaya", "Polsek
 * Manggar". In running prose the capitalised words that follow are the place ("Polres Padang
 * Sidempuan"); in a Title Case or ALL CAPS headline they may be the verb ("Polres Beltim Gelar
 * Razia"), so there only compound place names continue it.
 */
function placeAfter(text: string, from: number, titleCase: boolean): number {
  const re = /\s+([A-Z][\p{L}'.-]*)/uy;
  let end = from;
  let words = 0;
  let prev = '';
  for (;;) {
    re.lastIndex = end;
    const m = re.exec(text);
    if (!m) break;
    // "Kep." and "Kab." keep their dot; any other word ending a sentence does not.
    const word = m[1]!.endsWith('.') && !PLACE_PREFIX.has(m[1]!) && !DIRECTION.has(m[1]!) ? m[1]!.slice(0, -1) : m[1]!;
    const wordEnd = re.lastIndex - (word.length < m[1]!.length ? 1 : 0);
    // The first capitalised word is the place; more only for compound names ("Belitung Timur", "Metro Jaya").
    const continues = words === 0 || !titleCase || DIRECTION.has(word) || PLACE_PREFIX.has(prev);
    if (!continues || words >= (titleCase ? 4 : 3) || endsPlace(word) || /^(Polda|Polres|Polsek|Kapolres|Kapolsek|Kapolda|Polri)$/i.test(word)) break;
    end = wordEnd;
    prev = word;
    words++;
    if (word.length < m[1]!.length) break; // the sentence ended
  }
  return end;
}

/** Headlines capitalise most words; prose capitalises few. */
function isTitleCase(text: string): boolean {
  const words = text.match(/\p{L}{3,}/gu) ?? [];
  if (words.length < 4) return true; // too short to tell: be conservative
  const capitalised = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return capitalised / words.length >= 0.6;
}

const compiledLexicons = new WeakMap<PoliceLexicon['units'], Array<{ re: RegExp; probe: RegExp; name: string; key: string }>>();

function localUnits(lexicon: PoliceLexicon): Array<{ re: RegExp; probe: RegExp; name: string; key: string }> {
  let compiled = compiledLexicons.get(lexicon.units);
  if (!compiled) {
    compiled = compileLexicon(lexicon);
    compiledLexicons.set(lexicon.units, compiled);
  }
  return compiled;
}

function compileLexicon(lexicon: PoliceLexicon): Array<{ re: RegExp; probe: RegExp; name: string; key: string }> {
  return lexicon.units.flatMap((u) =>
    [u.name, ...(u.aliases ?? [])].map((alias) => {
      // "Kapolres Beltim" names the chief of "Polres Beltim": the optional prefix takes him in.
      const source = `\\b(?:(?:waka|ka)(?=pol))?${phrasePattern(alias)}\\b`;
      // `probe` has no g flag: a global regex's test() keeps state between calls.
      return { re: new RegExp(source, 'giu'), probe: new RegExp(source, 'iu'), name: u.name, key: alias.toLowerCase().replace(/\s+/g, ' ') };
    }),
  );
}

function resolveLocal(unitText: string, local: Array<{ name: string; key: string }>): string | undefined {
  const key = unitText.toLowerCase().replace(/\s+/g, ' ');
  return local.find((l) => l.key === key)?.name;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
