import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Indonesian text as the classifier sees it: lower case, links and handles replaced by placeholders,
 * letters repeated for emphasis squashed ("bangeeet" → "banget"), chat spellings mapped to standard
 * forms ("yg" → "yang", "gak" → "tidak"), stopwords dropped and words stemmed (natural's Indonesian
 * stemmer, Nazief–Adriani: "penipuan" → "tipu"). Pure apart from loading its dictionaries once.
 */
export const MODELS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../models');

export type SlangMap = ReadonlyMap<string, string>;

/** Reads a `slang<TAB>standard` file; `#` starts a comment line. */
export function parseSlang(text: string, label = 'slang file'): Map<string, string> {
  const map = new Map<string, string>();
  text.split('\n').forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    const [from, to, extra] = line.split('\t');
    if (!from || !to || extra !== undefined) throw new Error(`${label}: line ${i + 1}: expected "slang<TAB>standard"`);
    map.set(from.trim().toLowerCase(), to.trim().toLowerCase());
  });
  return map;
}

let defaultSlang: Map<string, string> | undefined;
export function loadDefaultSlang(): SlangMap {
  defaultSlang ??= parseSlang(fs.readFileSync(path.join(MODELS_DIR, 'slang-id.tsv'), 'utf8'), 'models/slang-id.tsv');
  return defaultSlang;
}

const require = createRequire(import.meta.url);
// natural's CommonJS internals, loaded directly: importing the whole package costs ~1 s and prints.
const stemmerId = require('natural/lib/natural/stemmers/indonesian/stemmer_id.js') as { stem(word: string): string };
const STOPWORDS: ReadonlySet<string> = new Set((require('natural/lib/natural/util/stopwords_id.js') as { words: string[] }).words);
// Negations and intensifiers carry meaning for hoax style; keep them although they are stopwords.
for (const w of ['tidak', 'bukan', 'belum', 'jangan', 'harus', 'segera', 'semua', 'benar', 'salah']) (STOPWORDS as Set<string>).delete(w);

/** The installed stemmer's version: models/stems-id.txt is read only when it was made with the same one. */
export const stemmerVersion = (): string => (require('natural/package.json') as { version: string }).version;
/** The stems known before any text is read, in MODELS_DIR (npm run build:stems). */
export const STEMS_FILE = 'stems-id.txt';
/** Whether a word goes through the stemmer: short words and words with digits stay as they are. */
export const stemmable = (word: string): boolean => word.length > 3 && !/\d/.test(word);
/**
 * Whether any of the stemmer's rules could change the word. The rest (most words of English and other
 * languages: "government", "police") come back unchanged, after the stemmer has tried all its affix
 * rules against its dictionary (~40 µs a word, each process once per new word: 5.7 s for the 65,812
 * words of bench:scale's feeds that models/stems-id.txt does not hold). A rule matches only where the
 * word starts with a prefix it removes (di-, ke-, se-, te(r)-, me-, pe-, ku-, kau-, or a consonant and
 * the infix -er-, -el-, -em-, -in- before a vowel), holds "be" (two rules for ber-/be- are not anchored
 * at the start), ends with a suffix it removes (-lah, -kah, -tah, -pun, -ku, -mu, -nya, -is, -isme,
 * -i, -(k)an), or is a reduplication (a hyphen). test/unit/classify/stems.test.ts holds the stemmer to
 * this over 70,000 words made to reach each rule.
 */
const MAY_HAVE_AFFIX = /^(?:di|ke|se|te|me|pe|ku|kau|[bcdfghjklmnpqrstvwxyz](?:er|el|em|in)[aiueo])|be|-|(?:lah|kah|tah|pun|ku|mu|nya|is|isme|i|an)$/;
export const mayHaveAffix = (word: string): boolean => MAY_HAVE_AFFIX.test(word);
/** The stemmer's answer, uncached (build-stems and its test). */
export const stemWord = (word: string): string => (stemmable(word) && mayHaveAffix(word) ? stemmerId.stem(word) : word);

/**
 * Stems by word: models/stems-id.txt, read on the first word to stem (a process that stems nothing
 * never reads it), then each word the stemmer answers. Every process used to stem each word it met
 * first, the costliest step of reading text until the word was cached (a worker in a 30 s bench:scale
 * round spent ~13 % of its CPU there). Bounded: past STEM_CACHE_MAX new words are stemmed, not kept.
 */
const STEM_CACHE_MAX = 200_000;
let stemCache: Map<string, string> | undefined;
function stem(word: string): string {
  const cache = (stemCache ??= loadStems());
  let s = cache.get(word);
  if (s === undefined) {
    s = stemWord(word);
    if (cache.size < STEM_CACHE_MAX) cache.set(word, s);
  }
  return s;
}

/**
 * A stems file as a map: `word` (stems to itself) or `word<TAB>stem` per line, `#` lines aside. Empty
 * when the file is missing or its first line names another stemmer version than the installed one
 * (its stems could differ); a line that is neither form is skipped, and its word stemmed when met.
 */
export function loadStems(file = path.join(MODELS_DIR, STEMS_FILE)): Map<string, string> {
  const stems = new Map<string, string>();
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return stems;
  }
  if (/^# natural (\S+):/.exec(text)?.[1] !== stemmerVersion()) return stems;
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const tab = line.indexOf('\t');
    if (tab < 0) stems.set(line, line);
    else if (tab > 0 && tab < line.length - 1 && line.indexOf('\t', tab + 1) < 0) stems.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return stems;
}

export interface NormaliseOptions {
  slang?: SlangMap;
  /** (Default: true) */
  stem?: boolean;
  /** (Default: true) */
  dropStopwords?: boolean;
}

/** Placeholder-aware, lower-cased, slang-normalised text (no stemming): for display and cues. */
export function normaliseText(text: string, slang: SlangMap = loadDefaultSlang()): string {
  return tokenize(text)
    .map((t) => slang.get(t) ?? t)
    .join(' ');
}

/** Tokens for features: normalised, stopwords dropped, stemmed. */
export function featureTokens(text: string, opts: NormaliseOptions = {}): string[] {
  if (!opts.slang && opts.stem !== false) return readFeatures(tokenize(text), opts.dropStopwords !== false);
  const slang = opts.slang ?? loadDefaultSlang();
  const out: string[] = [];
  for (const raw of tokenize(text)) {
    for (const t of (slang.get(raw) ?? raw).split(' ')) {
      if (opts.dropStopwords !== false && STOPWORDS.has(t)) continue;
      out.push(opts.stem === false || t.startsWith('_') ? t : stem(t));
    }
  }
  return out;
}

/** What one token becomes as a feature (default slang, stemmed): every word, and the words that are not stopwords. */
interface TokenReading {
  /** The token read. */
  raw: string;
  all: readonly string[];
  content: readonly string[];
  /** Its place among the readings (below READINGS_MAX), until they are emptied (readingsEpoch). */
  slot: number;
}
/**
 * Readings of the tokens seen lately. Slang lookup, stopword test and the stemmer (the slowest step:
 * Nazief–Adriani tries its affix rules against a dictionary) run once per distinct token rather than
 * once per occurrence. Bounded: emptied when full, so a long-running process holds at most READINGS_MAX.
 */
export const READINGS_MAX = 100_000;
/** The readings by slot, for readers that keep a token's slot rather than look the token up again. */
const bySlot: TokenReading[] = [];
let readCount = 0;
/**
 * The readings found by token: open addressing over places of eight integers, the FNV-1a hash of the
 * token, its slot + 1 (0: an empty place), and its first INLINE code units two to an integer (0 past
 * its end: no token holds a code unit 0). A token that short is compared with those integers alone,
 * in the one cache line its place takes; a longer one with the reading's own token too. A Map of the
 * readings cost a tenth of the full classifier's time: each token is a new string, which the Map
 * hashed in the engine's runtime and compared with a key far away in memory. 8 MB; at most
 * READINGS_MAX of its TABLE_SIZE places taken, so probes stay short.
 */
const TABLE_BITS = 18;
const TABLE_SIZE = 1 << TABLE_BITS;
const INLINE = 12;
const table = new Int32Array(8 * TABLE_SIZE);
/** The token being looked up, its first INLINE code units two to an integer. */
const packed = new Int32Array(INLINE / 2);
/** Counts the times the readings were emptied: a slot from an earlier epoch names another token now. */
let epoch = 0;
export const readingsEpoch = (): number => epoch;

function readToken(raw: string): TokenReading {
  return bySlot[slotOf(raw)]!;
}

/** The slot of a token's reading, read on first sight (or when the readings were emptied since). */
function slotOf(raw: string): number {
  let h = 0x811c9dc5;
  packed.fill(0);
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    h = Math.imul(h ^ c, 0x01000193);
    if (i < INLINE) packed[i >> 1]! |= c << (16 * (i & 1));
  }
  let at = Math.imul(h, 0x9e3779b1) >>> (32 - TABLE_BITS);
  for (let v = table[8 * at + 1]!; v !== 0; v = table[8 * at + 1]!) {
    const p = 8 * at;
    if (
      table[p] === h &&
      table[p + 2] === packed[0] &&
      table[p + 3] === packed[1] &&
      table[p + 4] === packed[2] &&
      table[p + 5] === packed[3] &&
      table[p + 6] === packed[4] &&
      table[p + 7] === packed[5] &&
      (raw.length < INLINE || bySlot[v - 1]!.raw === raw)
    )
      return v - 1;
    at = (at + 1) & (TABLE_SIZE - 1);
  }
  const all: string[] = [];
  const content: string[] = [];
  for (const t of (loadDefaultSlang().get(raw) ?? raw).split(' ')) {
    const s = t.startsWith('_') ? t : stem(t);
    all.push(s);
    if (!STOPWORDS.has(t)) content.push(s);
  }
  if (readCount >= READINGS_MAX) {
    table.fill(0);
    readCount = 0;
    epoch++;
    at = Math.imul(h, 0x9e3779b1) >>> (32 - TABLE_BITS);
  }
  const r: TokenReading = { raw, all, content, slot: readCount++ };
  bySlot[r.slot] = r;
  table[8 * at] = h;
  table[8 * at + 1] = r.slot + 1;
  table.set(packed, 8 * at + 2);
  return r.slot;
}

/** What one token of tokenize's becomes in featureTokens with the default slang and stemming. */
export function tokenFeatures(raw: string, dropStopwords: boolean): readonly string[] {
  const r = readToken(raw);
  return dropStopwords ? r.content : r.all;
}

/** featureTokens with the default slang and stemming, from the text's tokens. */
function readFeatures(tokens: readonly string[], dropStopwords: boolean): string[] {
  const out: string[] = [];
  for (const raw of tokens) {
    const r = readToken(raw);
    for (const t of dropStopwords ? r.content : r.all) out.push(t);
  }
  return out;
}

/**
 * One text as the classifier's readers need it: its tokens and feature tokens, each form made once on
 * first use and shared by the hoax model, the police triage, topics and claim matching (each used to
 * tokenise the text again). `chars` reads the start of the text only, as text.slice(0, chars) would.
 */
export class TextReading {
  private readonly forms = new Map<string, string[]>();
  private readonly slotForms = new Map<number, { slots: Int32Array | null; epoch: number }>();
  /** By prefix length: how many of the prefix's first tokens are the whole text's (sharedTokens). */
  private readonly sharedCounts = new Map<number, number>();

  constructor(readonly text: string) {}

  /** tokenize(text.slice(0, chars)). */
  tokens(chars = Infinity): string[] {
    const n = Math.min(chars, this.text.length);
    return this.form(`t${n}`, () => tokenize(n < this.text.length ? this.text.slice(0, n) : this.text));
  }

  /**
   * How many of tokens(chars)' first tokens equal tokens()' (all of them for the whole text): the start
   * of a long text has the whole text's tokens but the last few, whose slots and feature entries the
   * readers then reuse rather than look up again.
   */
  sharedTokens(chars = Infinity): number {
    const n = Math.min(chars, this.text.length);
    let shared = this.sharedCounts.get(n);
    if (shared === undefined) {
      const start = this.tokens(n);
      const whole = this.tokens();
      shared = 0;
      if (start === whole) shared = whole.length;
      else while (shared < start.length && start[shared] === whole[shared]) shared++;
      this.sharedCounts.set(n, shared);
    }
    return shared;
  }

  /** featureTokens(text.slice(0, chars), { dropStopwords }) with the default slang and stemming. */
  features(dropStopwords: boolean, chars = Infinity): string[] {
    const n = Math.min(chars, this.text.length);
    return this.form(`${dropStopwords ? 'c' : 'f'}${n}`, () => {
      const slots = this.slots(n);
      if (slots === null) return readFeatures(this.tokens(n), dropStopwords);
      const out: string[] = [];
      for (let j = 0; j < slots.length; j++) {
        const r = bySlot[slots[j]!]!;
        for (const t of dropStopwords ? r.content : r.all) out.push(t);
      }
      return out;
    });
  }

  /**
   * The slot of each of tokens(chars)' readings in the current epoch (readingsEpoch), each token looked
   * up once for all the readers of the text; null for a text of more distinct tokens than READINGS_MAX.
   */
  slots(chars = Infinity): Int32Array | null {
    const n = Math.min(chars, this.text.length);
    let s = this.slotForms.get(n);
    if (s === undefined || s.epoch !== epoch) {
      const tokens = this.tokens(n);
      let slots: Int32Array | null = new Int32Array(tokens.length);
      // The start of a text has the whole text's tokens but the last few: those shared are not looked up again.
      const whole = n < this.text.length ? this.slots() : null;
      const shared = whole !== null ? this.sharedTokens(n) : 0;
      let start = epoch;
      if (whole !== null) slots.set(whole.subarray(0, shared));
      for (let j = shared; j < tokens.length; j++) slots[j] = slotOf(tokens[j]!);
      if (epoch !== start) {
        // Emptied while reading them: read again, into the fresh readings (null if it empties them again).
        start = epoch;
        for (let j = 0; j < tokens.length; j++) slots[j] = slotOf(tokens[j]!);
        if (epoch !== start) slots = null;
      }
      s = { slots, epoch };
      this.slotForms.set(n, s);
    }
    return s.slots;
  }

  private form(key: string, make: () => string[]): string[] {
    let f = this.forms.get(key);
    if (f === undefined) this.forms.set(key, (f = make()));
    return f;
  }
}

/** What the analyst reads for a placeholder: a reason never shows an internal token. */
const PLACEHOLDER_WORD: Record<string, string> = { _url_: '[tautan]', _user_: '[akun @…]', _num_: '[angka]' };
/** A feature term as the analyst reads it ("_user_ polisi" → "[akun @…] polisi"). */
export const displayTerm = (term: string): string => term.replace(/_(?:url|user|num)_/g, (p) => PLACEHOLDER_WORD[p]!);

/** Lower-cased word tokens with `_url_`, `_user_`, `_num_` placeholders and squashed letter runs. */
export function tokenize(text: string): string[] {
  let t = text
    .toLowerCase()
    .replace(/https?:\/\/\S+|www\.\S+/g, ' _url_ ')
    .replace(/@[a-z0-9_.]+/g, ' _user_ ')
    .replace(/#([\p{L}\p{N}_]+)/gu, ' $1 ');
  // "bangeeet" → "banget"; doubles ("saat", "tiga tt") stay. The regular expression is slow and most texts have no run of three.
  if (mayRepeat(t)) t = t.replace(/(\p{L})\1{2,}/gu, '$1');
  return wordRuns(t.replace(/\d+([.,]\d+)*/g, ' _num_ '));
}

/** Whether a text may hold a code point three times in a row: three equal code units, or any surrogate (a pair repeated is not). */
function mayRepeat(t: string): boolean {
  let a = -1;
  let b = -2;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if ((c === a && c === b) || (c >= 0xd800 && c <= 0xdfff)) return true;
    b = a;
    a = c;
  }
  return false;
}

/**
 * t.split(/[^\p{L}\p{N}_]+/u).filter((w) => w.length > 1 || /\p{L}/u.test(w)), without the Unicode
 * regular expression: the runs of letters, digits and "_" (code points: a surrogate pair is one), but
 * single characters that are not letters.
 */
function wordRuns(t: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    let word: boolean;
    let width = 1;
    if (c < 128) word = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || (c >= 65 && c <= 90);
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < t.length && (t.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      word = WORD_CHAR.test(t.slice(i, i + 2));
      width = 2;
    } else word = bmpWordChar(c);
    if (word) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      pushRun(out, t, start, i);
      start = -1;
    }
    i += width - 1;
  }
  if (start >= 0) pushRun(out, t, start, t.length);
  return out;
}

function pushRun(out: string[], t: string, start: number, end: number): void {
  if (end - start > 1 || LETTER.test(t[start]!)) out.push(t.slice(start, end));
}

const WORD_CHAR = /^[\p{L}\p{N}_]$/u;
const LETTER = /\p{L}/u;
/** Per BMP code unit: 0 not yet known, 1 a letter, digit or "_", 2 not (a lone surrogate is not). 64 KiB. */
const BMP_WORD = new Uint8Array(0x10000);
function bmpWordChar(c: number): boolean {
  let k = BMP_WORD[c]!;
  if (k === 0) BMP_WORD[c] = k = c >= 0xd800 && c <= 0xdfff ? 2 : WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 2;
  return k === 1;
}
