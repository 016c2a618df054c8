import fs from 'node:fs';
import path from 'node:path';
import { phrasePattern } from '../ingest/text.ts';
import { folded, plainUnits, withoutUnicode } from './folded.ts';
import { MODELS_DIR } from './normalise.ts';
import { canonicalRank, RANK_SPELLINGS } from './police-ranks.ts';

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
  'Amerika(?: Serikat)?',
  'AS',
  'Australia',
  'Inggris',
  'Prancis',
  'Perancis',
  'Jerman',
  'Belanda',
  'Denmark',
  'Swedia',
  'Norwegia',
  'Rusia',
  'Ukraina',
  'Turki',
  'India',
  'Pakistan',
  'China',
  'Cina',
  'Tiongkok',
  'Hong ?Kong',
  'Jepang',
  'Korea(?: Selatan| Utara)?',
  'Malaysia',
  'Singapura',
  'Thailand',
  'Filipina',
  'Myanmar',
  'Vietnam',
  'Kamboja',
  'Timor Leste',
  'Israel',
  'Palestina',
  'Arab Saudi',
  'Saudi',
  'Mesir',
  'Iran',
  'Irak',
  'Kanada',
  'Meksiko',
  'Brasil',
];
const FOREIGN_POLICE = new RegExp(`\\b(?:polisi|kepolisian)\\s+(?:${COUNTRIES.join('|')})\\b`, 'giu');
const FOREIGN_POLICE_PLAIN = plainOr(FOREIGN_POLICE);
/** The hierarchy (Polda/Polres/Polsek…) and its chiefs (Kapolres, Wakapolda…). */
const HIERARCHY = /\b(?:(?:bid\s+|sie\s+|si\s+|kasi\s+|kabid\s+)?humas\s+)?(waka|ka)?(polda|polresta(?:bes)?|polres|polsekta|polsek)\b/giu;
const HIERARCHY_PLAIN = plainOr(HIERARCHY);

/** withoutUnicode(re), or `re` itself for a source that is not plain ASCII (a place name with accents): the same matches either way. */
function plainOr(re: RegExp): RegExp {
  return /^[\x20-\x7e]*$/.test(re.source) && !/\\[pPu]/.test(re.source) ? withoutUnicode(re) : re;
}

// Not police: other agencies and idioms that contain the word.
const NOT_POLICE_AFTER = /^\s+(tidur|pamong|hutan|kehutanan|militer|syariah|syar'?i|udara tni|bahasa|moral)\b/i;

/**
 * Fixed names → unit. Matched case-insensitively on word boundaries; longer phrases win over shorter.
 * Each with the words one of which any match contains: a text whose folded form (folded.ts) has none
 * skips that expression.
 */
const TERMS: ReadonlyArray<[RegExp, string, readonly string[]]> = [
  [/\bmabes\s+polri\b/giu, 'Polri', ['mabes']],
  [/\bkepolisian\s+negara\s+republik\s+indonesia\b/giu, 'Polri', ['kepolisian']],
  [/\bpolri\b/giu, 'Polri', ['polri']],
  [/\b(?:wa)?kapolri\b/giu, 'Polri', ['kapolri']],
  [/\bkepolisian\b/giu, 'Polri', ['kepolisian']],
  [/\baparat\s+kepolisian\b/giu, 'Polri', ['kepolisian']],
  [/\b(?:oknum|anggota|petugas|aparat|pak|bapak|ibu|mas)\s+(?:polisi|pulisi|polri|polwan)(?:nya)?\b/giu, 'Polri', ['polisi', 'pulisi', 'polri', 'polwan']],
  // With the enclitics of speech ("polisinya", "polisimu") and the chat doubling ("polisi2").
  [/\b(?:polisi|pulisi|plisi|polwan)(?:nya|mu|ku|lah|pun|2)?\b/giu, 'Polri', ['polisi', 'pulisi', 'plisi', 'polwan']],
  // Slang and protest words for the police: "wereng coklat", "seragam coklat", "isilop" (polisi backwards), ACAB.
  [/\b(?:wereng|seragam|baju)\s+co[ck]lat\b|\bisilop\b|\bacab\b/giu, 'Polri', ['coclat', 'coklat', 'isilop', 'acab']],
  // Inside hashtags and handles, where no word boundary falls: #PercumaLaporPolisi, @DivHumas_Polri, @ListyoSigitP (the Kapolri).
  [
    /#[\p{L}\p{N}_]*(?:polisi|polri)[\p{L}\p{N}_]*|@[\p{L}\p{N}_.]*(?:polri|polisi|divhumas|humaspol|listyosigit)[\p{L}\p{N}_]*/giu,
    'Polri',
    ['polisi', 'polri', 'divhumas', 'humaspol', 'listyosigit'],
  ],
  [/\bpolantas\b/giu, 'Satlantas', ['polantas']],
  [/\bsat\s?lantas\b/giu, 'Satlantas', ['lantas']],
  [/\b(?:korlantas|dit\s?lantas)\b/giu, 'Korlantas', ['lantas']],
  [/\bsat\s?reskrim\b/giu, 'Satreskrim', ['reskrim']],
  [/\b(?:unit\s+)?reskrim\b/giu, 'Satreskrim', ['reskrim']],
  [/\bbareskrim(?:\s+polri)?\b/giu, 'Bareskrim', ['bareskrim']],
  [/\bdit\s?reskrim(?:um|sus)\b/giu, 'Ditreskrim', ['reskrim']],
  [/\bsat\s?(?:res\s?)?narkoba\b/giu, 'Satnarkoba', ['narkoba']],
  [/\bdit\s?res\s?narkoba\b/giu, 'Ditresnarkoba', ['narkoba']],
  [/\bsat\s?(?:binmas|intelkam|samapta|tahti|polairud|polair)\b/giu, 'Satuan Polres', ['binmas', 'intelkam', 'samapta', 'tahti', 'polair']],
  [/\b(?:sabhara|samapta)\b/giu, 'Sabhara', ['sabhara', 'samapta']],
  [/\b(?:bid\s?)?propam\b/giu, 'Propam', ['propam']],
  [/\bpaminal\b/giu, 'Propam', ['paminal']],
  [/\bbrimob(?:da)?\b/giu, 'Brimob', ['brimob']],
  [/\bdensus\s*88(?:\s+at)?\b/giu, 'Densus 88', ['densus']],
  [/\b(?:bhabinkamtibmas|babinkamtibmas|bhabin)\b/giu, 'Bhabinkamtibmas', ['bhabin', 'babinkamtibmas']],
  [/\bpolairud\b/giu, 'Polairud', ['polairud']],
];
// Each with its expression without "u" where its source allows it, for the texts that allow it.
const TERMS_WITH_PLAIN = TERMS.map(([re, unit, needs]) => [re, unit, needs, plainOr(re)] as const);

const DIRECTION = new Set(['Timur', 'Barat', 'Utara', 'Selatan', 'Tengah', 'Raya', 'Jaya', 'Laut', 'Daya', 'Kota', 'Kabupaten', 'Kab.']);
// Police ranks follow unit names ("Kapolres Beltim AKBP …"): they end the place name.
const endsPlace = (word: string) => word === 'Pol' || word === 'Polisi' || canonicalRank(word) !== null;
const PLACE_PREFIX = new Set([
  'Metro',
  'Kepulauan',
  'Kep.',
  'Tanjung',
  'Kota',
  'Kabupaten',
  'Kab.',
  'Sumatera',
  'Sulawesi',
  'Kalimantan',
  'Jawa',
  'Nusa',
  'Bangka',
  'Papua',
  'Maluku',
  'Kutai',
  'Bandar',
  'Pulau',
  'Aceh',
  'Labuhan',
  'Lombok',
  'Tapanuli',
  'Ogan',
  'Musi',
  'Muara',
  'Hulu',
  'Tulang',
  'Deli',
  'Pelabuhan',
]);

// Every pattern below contains one of these; most texts contain none, and skip the rest.
const ANY_POLICE =
  /pol(?:ri|da|res|sek|isi|wan|antas|air)|pulisi|plisi|lantas|reskrim|narkoba|binmas|intelkam|samapta|tahti|sabhara|propam|paminal|brimob|densus|bhabin|babin|co[ck]lat|isilop|acab|divhumas|listyosigit|akbp|kompol|akp|iptu|ipda|aip[td]|brip|brigpol|abrip|bhara|kombes|komjen|(?:brig|ir)jen\s+pol/i;

/**
 * Polri's own ranks (police-ranks.ts) as a name follows them (a capitalised word or an initial): the
 * one-word spellings and those with "Pol", but not the ranks the TNI shares (Jenderal, Brigjen, Irjen
 * without "Pol"; a ministry has its Irjen too), nor "Brigadir" alone.
 */
const SHARED_RANKS = new Set(['jenderal', 'jenderal pol', 'komjen', 'irjen', 'brigjen', 'brigadir']);
const RANK_WITH_NAME = new RegExp(
  `\\b(?:${RANK_SPELLINGS.filter((r) => (!r.includes(' ') || r.endsWith(' pol')) && !SHARED_RANKS.has(r))
    .map((r) => r.replace(' ', '\\s+'))
    .join('|')})\\.?`,
  'giu',
);

/** Finds police mentions, longest first; spans never overlap. */
export function detectPoliceMentions(text: string, lexicon: PoliceLexicon = { units: [] }): PoliceMention[] {
  const local = localUnits(lexicon);
  // One regular expression for every local name: a text naming none (most texts) is read once, not once per name.
  // Without the "u" flag where the text allows it (folded.ts: the same matches, faster).
  const plain = plainUnits(text);
  const namesLocal = !!local.probe && mayNameLocal(text, local) && (plain ? local.probePlain! : local.probe).test(text);
  if (!namesLocal && !ANY_POLICE.test(text)) return [];
  const candidates: Candidate[] = [];

  // 1. The deployment's own units by every name, as written ("polres beltim", "Polsek Manggar").
  for (const { re, rePlain, name } of namesLocal ? local : []) {
    for (const m of text.matchAll(plain ? rePlain : re)) candidates.push({ start: m.index, end: m.index + m[0].length, text: m[0], unit: name, priority: 3 });
  }

  // 2. The hierarchy (Polda/Polres/Polsek…) and its chiefs (Kapolres, Wakapolda…), with the place that follows.
  let wholeTitleCase: boolean | undefined;
  for (const m of text.matchAll(plain ? HIERARCHY_PLAIN : HIERARCHY)) {
    const level = m[2]!.toLowerCase();
    const kind = level.startsWith('polda') ? 'Polda' : level.startsWith('polsek') ? 'Polsek' : level === 'polres' ? 'Polres' : capitalise(level);
    // A quoted headline inside prose is Title Case while the text around it is not: judge the clause.
    const clause = clauseAround(text, m.index);
    const titleCase = clause.split(/\s+/).length >= 6 ? isTitleCase(clause) : (wholeTitleCase ??= isTitleCase(text));
    const placeEnd = placeAfter(text, m.index + m[0].length, titleCase, placesFor(lexicon));
    const place = text.slice(m.index + m[0].length, placeEnd).trim();
    const unitText = `${kind}${place ? ` ${place}` : ''}`;
    const resolved = resolveLocal(unitText, local) ?? (place ? `${kind} ${canonicalPlace(kind, place)}` : kind);
    candidates.push({ start: m.index, end: placeEnd, text: text.slice(m.index, placeEnd), unit: resolved, priority: 2 });
  }

  // 3. Police of other countries ("polisi Turki") are police, but not ours.
  for (const m of text.matchAll(plain ? FOREIGN_POLICE_PLAIN : FOREIGN_POLICE)) {
    candidates.push({ start: m.index, end: m.index + m[0].length, text: m[0], unit: FOREIGN_POLICE_UNIT, priority: 2 });
  }

  // 4. Fixed names: Polri, polisi, Satlantas, Bhabinkamtibmas, Densus 88…
  const lower = folded(text);
  for (const [re, unit, needs, rePlain] of TERMS_WITH_PLAIN) {
    if (!needs.some((w) => lower.includes(w))) continue;
    for (const m of text.matchAll(plain ? rePlain : re)) {
      if (/polisi|pulisi|plisi/i.test(m[0]) && NOT_POLICE_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 24))) continue;
      candidates.push({ start: m.index, end: m.index + m[0].length, text: m[0], unit, priority: 1 });
    }
  }

  // 5. An officer's rank with a name ("saya AKBP Budi Santoso", "Bripka Andi") names the police when nothing
  //    else does: a message in an officer's name often gives only the rank. Next to a unit ("Kapolres Beltim
  //    AKBP …") the unit already says it, and a rank there would add a "Polri" the text does not mean.
  if (!candidates.length) {
    for (const m of text.matchAll(RANK_WITH_NAME)) {
      if (!/^\s+\p{Lu}/u.test(text.slice(m.index + m[0].length, m.index + m[0].length + 4))) continue; // a name, not "akp itu"
      if (/partai\s*$/i.test(text.slice(Math.max(0, m.index - 8), m.index))) continue; // Turkey's AKP
      candidates.push({ start: m.index, end: m.index + m[0].length, text: m[0], unit: 'Polri', priority: 1 });
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
 * Manggar". A known place (models/police-places.txt, the deployment's own names) is taken whole, the
 * longest that fits. In running prose the capitalised words that follow are the place even when the
 * list does not know it (Polsek names are too many to list). In a Title Case headline or a shouted
 * post they are as often the verb ("Polda Sumut Tangkap Sindikat", "POLDA UNTUK …"): there an unknown
 * word is a place only when a compass word follows it ("Timor Tengah Utara"); otherwise the unit
 * keyword stands alone.
 */
function placeAfter(text: string, from: number, titleCase: boolean, known: ReadonlySet<string>): number {
  const re = /\s+([A-Za-z][\p{L}'.-]*)/uy;
  const ends: number[] = [];
  const words: string[] = [];
  let end = from;
  for (let n = 0; n < 4; n++) {
    re.lastIndex = end;
    const m = re.exec(text);
    if (!m) break;
    // "Kep." and "Kab." keep their dot; any other word ending a sentence does not.
    const dotted = m[1]!.endsWith('.') && !PLACE_PREFIX.has(m[1]!) && !DIRECTION.has(m[1]!);
    const word = dotted ? m[1]!.slice(0, -1) : m[1]!;
    if (endsPlace(word) || /^(Polda|Polres|Polsek|Kapolres|Kapolsek|Kapolda|Polri)$/i.test(word) || !/^\p{Lu}/u.test(word)) break;
    words.push(word);
    end = re.lastIndex - (dotted ? 1 : 0);
    ends.push(end);
    if (dotted) break; // the sentence ended
  }
  if (!words.length) return from;
  let knownLength = 0;
  for (let n = words.length; n > 0 && !knownLength; n--) if (known.has(words.slice(0, n).join(' ').toLowerCase())) knownLength = n;
  if (!titleCase) {
    // Prose: the capitalised run ("Padang Sidempuan"), up to three words, or a longer known place.
    let n = 1;
    while (n < Math.min(words.length, 3) && (!isShouted(words[n]!) || DIRECTION.has(capitalise(words[n]!.toLowerCase())))) n++;
    return ends[Math.max(n, knownLength) - 1]!;
  }
  if (knownLength) return ends[knownLength - 1]!;
  let n = 1;
  while (n < words.length && (DIRECTION.has(words[n]!) || DIRECTION.has(capitalise(words[n]!.toLowerCase())))) n++;
  return n > 1 || PLACE_PREFIX.has(words[0]!) ? ends[n - 1]! : from;
}

const isShouted = (w: string) => w.length > 1 && w === w.toUpperCase();

/** The provinces newsrooms shorten, by the name of their Polda: "Polda Sumut" is Polda Sumatera Utara. */
const POLDA_SHORT: Record<string, string> = {
  metro: 'Metro Jaya',
  jatim: 'Jawa Timur',
  jateng: 'Jawa Tengah',
  jabar: 'Jawa Barat',
  sumut: 'Sumatera Utara',
  sumbar: 'Sumatera Barat',
  sumsel: 'Sumatera Selatan',
  kaltim: 'Kalimantan Timur',
  kalbar: 'Kalimantan Barat',
  kalsel: 'Kalimantan Selatan',
  kalteng: 'Kalimantan Tengah',
  kaltara: 'Kalimantan Utara',
  sulsel: 'Sulawesi Selatan',
  sulut: 'Sulawesi Utara',
  sulteng: 'Sulawesi Tengah',
  sultra: 'Sulawesi Tenggara',
  sulbar: 'Sulawesi Barat',
  ntb: 'Nusa Tenggara Barat',
  ntt: 'Nusa Tenggara Timur',
  diy: 'D.I. Yogyakarta',
  jogja: 'D.I. Yogyakarta',
  yogyakarta: 'D.I. Yogyakarta',
  babel: 'Kepulauan Bangka Belitung',
  'bangka belitung': 'Kepulauan Bangka Belitung',
  kepri: 'Kepulauan Riau',
  malut: 'Maluku Utara',
};

/** A unit's name as the detector gives it: "Polda Sulsel" → "Polda Sulawesi Selatan". */
export function canonicalUnit(unit: string): string {
  const m = /^(Polda|Polres|Polresta|Polrestabes|Polsek)\s+(.+)$/.exec(unit);
  return m ? `${m[1]} ${canonicalPlace(m[1]!, m[2]!)}` : unit;
}

/** A place as units are named: a Polda's full province, shouted words in title case ("METRO" → "Metro Jaya"). */
function canonicalPlace(kind: string, place: string): string {
  const words = place.split(/\s+/);
  const key = words.join(' ').toLowerCase();
  if (kind === 'Polda' && POLDA_SHORT[key]) return POLDA_SHORT[key];
  return words.map((w) => (isShouted(w) && w.length > 3 ? capitalise(w.toLowerCase()) : w)).join(' ');
}

let knownPlaces: ReadonlySet<string> | undefined;
/** models/police-places.txt (npm run build:police-places), lower-cased. */
function loadKnownPlaces(): ReadonlySet<string> {
  knownPlaces ??= new Set(
    fs
      .readFileSync(path.join(MODELS_DIR, 'police-places.txt'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'))
      .map((l) => l.trim().toLowerCase()),
  );
  return knownPlaces;
}

const placesOfLexicon = new WeakMap<PoliceLexicon['units'], ReadonlySet<string>>();
/** Known places, and the places of the deployment's own unit names ("Polres Beltim" → "beltim"). */
function placesFor(lexicon: PoliceLexicon): ReadonlySet<string> {
  let set = placesOfLexicon.get(lexicon.units);
  if (!set) {
    const own = lexicon.units
      .flatMap((u) => [u.name, ...(u.aliases ?? [])])
      .map((n) => n.replace(/^(?:waka|ka)?(?:polda|polresta(?:bes)?|polres|polsek(?:ta)?)\s+/i, '').toLowerCase());
    set = new Set([...loadKnownPlaces(), ...own]);
    placesOfLexicon.set(lexicon.units, set);
  }
  return set;
}

/** The sentence, line or quotation a position stands in. */
function clauseAround(text: string, at: number): string {
  const before = text.slice(Math.max(0, at - 200), at);
  const after = text.slice(at, at + 200);
  const start = Math.max(
    before.lastIndexOf('.'),
    before.lastIndexOf('“'),
    before.lastIndexOf('"'),
    before.lastIndexOf('\n'),
    before.lastIndexOf('!'),
    before.lastIndexOf('?'),
  );
  const endMatch = /[.”"\n!?]/.exec(after.slice(1));
  return before.slice(start + 1) + after.slice(0, endMatch ? endMatch.index + 1 : after.length);
}

/** Headlines capitalise most words; prose capitalises few. */
function isTitleCase(text: string): boolean {
  const words = text.match(/\p{L}{3,}/gu) ?? [];
  if (words.length < 4) return true; // too short to tell: be conservative
  const capitalised = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return capitalised / words.length >= 0.6;
}

type LocalUnits = Array<{ re: RegExp; rePlain: RegExp; name: string; key: string }> & { probe?: RegExp; probePlain?: RegExp; firstWords?: readonly string[] };

/**
 * A local name is in the text only if the first word of one is in its folded form (a substring test,
 * much cheaper than the regular expression; folded.ts says why it is exact).
 */
function mayNameLocal(text: string, local: LocalUnits): boolean {
  if (!local.firstWords) return true;
  const lower = folded(text);
  return local.firstWords.some((w) => lower.includes(w));
}
const compiledLexicons = new WeakMap<PoliceLexicon['units'], LocalUnits>();

function localUnits(lexicon: PoliceLexicon): LocalUnits {
  let compiled = compiledLexicons.get(lexicon.units);
  if (!compiled) {
    compiled = compileLexicon(lexicon);
    compiledLexicons.set(lexicon.units, compiled);
  }
  return compiled;
}

function compileLexicon(lexicon: PoliceLexicon): LocalUnits {
  const units: LocalUnits = lexicon.units.flatMap((u) =>
    [u.name, ...(u.aliases ?? [])].map((alias) => {
      // "Kapolres Beltim" names the chief of "Polres Beltim": the optional prefix takes him in.
      const source = `\\b(?:(?:waka|ka)(?=pol))?${phrasePattern(alias)}\\b`;
      const re = new RegExp(source, 'giu');
      return { re, rePlain: plainOr(re), name: u.name, key: alias.toLowerCase().replace(/\s+/g, ' ') };
    }),
  );
  // `probe` has no g flag: a global regex's test() keeps state between calls.
  if (units.length) {
    units.probe = new RegExp(units.map((u) => `(?:${u.re.source})`).join('|'), 'iu');
    units.probePlain = plainOr(units.probe);
  }
  const firstWords = [...new Set(units.map((u) => u.key.split(' ')[0]!))];
  // Beyond ASCII, lower case and case folding part ways: such a name always goes to the regular expression.
  if (firstWords.every((w) => /^[\x20-\x7e]+$/.test(w))) units.firstWords = firstWords;
  return units;
}

function resolveLocal(unitText: string, local: Array<{ name: string; key: string }>): string | undefined {
  const key = unitText.toLowerCase().replace(/\s+/g, ' ');
  return local.find((l) => l.key === key)?.name;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
