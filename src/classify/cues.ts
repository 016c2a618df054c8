import { folded, plainUnits, withoutUnicode } from './folded.ts';

/**
 * Hoax-style cues: explicit, explainable features that the model weighs and the analyst reads as
 * reasons. Each cue reports where it fired. Pure.
 */
export interface Cue {
  code: CueCode;
  /** Indonesian, as shown to analysts. */
  label: string;
  value: number;
  spans: Array<{ start: number; end: number; text: string }>;
}

export type CueCode = 'ajakan_menyebarkan' | 'huruf_kapital' | 'tanda_seru' | 'atribusi_tak_jelas' | 'framing_mendesak';

export const CUE_CODES: readonly CueCode[] = ['ajakan_menyebarkan', 'huruf_kapital', 'tanda_seru', 'atribusi_tak_jelas', 'framing_mendesak'];

/**
 * Each with the words one of which any match contains: a text whose folded form (folded.ts says why the
 * test is exact) has none skips the expression ("kata teman" by "teman", "info a1" by "info", "jangan
 * berhenti di …" by "jangan", "hati-hati" by "hati").
 */
const PATTERNS: Array<[CueCode, string, RegExp, readonly string[]]> = [
  [
    'ajakan_menyebarkan',
    'Mengajak menyebarkan',
    /\b(sebar\s?kan|sebar\s?luaskan|viral\s?kan|viralin|share\s+sebanyak[- ]?banyaknya|bagikan\s+(?:ke|kepada)\s+(?:semua|teman|keluarga|grup|saudara)\w*|jangan\s+berhenti\s+di\s+(?:kamu|anda|anda|sini|sampean)|teruskan\s+(?:ke|pesan|info)\w*|tolong\s+(?:di\s?)?share|mohon\s+(?:di\s?)?(?:share|sebarkan|viralkan))\b/giu,
    ['sebar', 'viral', 'share', 'bagikan', 'jangan', 'teruskan', 'mohon'],
  ],
  [
    'atribusi_tak_jelas',
    'Sumber tidak jelas',
    /\b(kata\s+teman\s+(?:saya|sy|aku)|info\s+(?:dari|dr)\s+grup\s+sebelah|(?:dari|dr)\s+grup\s+sebelah|copas\s+(?:dari|dr)\s+\w+|copas|info\s+a1|sumber\s+terpercaya|kiriman\s+(?:teman|kawan)|dapat\s+(?:info|kabar)\s+dari\s+(?:teman|saudara|kenalan))\b/giu,
    ['teman', 'grup', 'copas', 'info', 'terpercaya', 'kiriman', 'dapat'],
  ],
  [
    'framing_mendesak',
    'Bingkai mendesak',
    /\b(breaking\s+news|breaking|waspada+|darurat|urgent|segera\s+(?:sebarkan|waspada|hindari)|awas+|hati[- ]hati+|penting\s*!+)(?=\W|$)/giu,
    ['breaking', 'waspada', 'darurat', 'urgent', 'segera', 'awas', 'hati', 'penting'],
  ],
];

// Each with its expression without "u", for the texts that allow it (folded.ts says why the matches are the same).
const PATTERNS_WITH_PLAIN = PATTERNS.map(([code, label, re, needs]) => [code, label, re, needs, withoutUnicode(re)] as const);

export function detectCues(text: string): Cue[] {
  const cues: Cue[] = [];
  const lower = folded(text);
  const plain = plainUnits(text);
  for (const [code, label, re, needs, plainRe] of PATTERNS_WITH_PLAIN) {
    if (!needs.some((w) => lower.includes(w))) continue;
    const spans = [...text.matchAll(plain ? plainRe : re)].map((m) => ({ start: m.index, end: m.index + m[0].length, text: m[0] }));
    if (spans.length) cues.push({ code, label, value: 1, spans });
  }
  // Shouted words, not acronyms: news prose has a few (BMKG, TNI), chain messages whole sentences.
  // Words counted, not collected: only the first ten shouted ones are shown. A word that opens with an
  // ASCII lower-case letter is not in capitals (its upper case differs there): most words skip toUpperCase.
  let words = 0;
  let shouted = 0;
  const shown: Array<{ start: number; end: number; text: string }> = [];
  // The runs of three letters or more (code points), as text.matchAll(/\p{L}{3,}/gu) finds them, read with a table of letters.
  let start = -1;
  let points = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    let width = 1;
    let letter: boolean;
    if (c < 128) letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      letter = LETTER.test(text.slice(i, i + 2));
      width = 2;
    } else letter = bmpLetter(c);
    if (letter) {
      if (start < 0) [start, points] = [i, 0];
      points++;
    } else if (start >= 0) {
      if (points >= 3) {
        words++;
        const first = text.charCodeAt(start);
        if (!(first >= 97 && first <= 122)) {
          const w = text.slice(start, i);
          if (w === w.toUpperCase() && w !== w.toLowerCase() && ++shouted <= 10) shown.push({ start, end: i, text: w });
        }
      }
      start = -1;
    }
    i += width - 1;
  }
  if (shouted >= 3 && shouted / words >= 0.2) {
    cues.push({ code: 'huruf_kapital', label: 'Banyak huruf kapital', value: shouted / words, spans: shown });
  }
  const bangs = [...text.matchAll(/[!?]{2,}|!(?:\s*!)+/g)];
  if (bangs.length) {
    cues.push({
      code: 'tanda_seru',
      label: 'Deretan tanda seru',
      value: Math.min(bangs.length, 5) / 5,
      spans: bangs.map((m) => ({ start: m.index, end: m.index + m[0].length, text: m[0] })),
    });
  }
  return cues;
}

const LETTER = /^\p{L}$/u;
/** Per BMP code unit: 0 not yet known, 1 a letter, 2 not (a lone surrogate is not). 64 KiB. */
const BMP_LETTER = new Uint8Array(0x10000);
function bmpLetter(c: number): boolean {
  let k = BMP_LETTER[c]!;
  if (k === 0) BMP_LETTER[c] = k = c >= 0xd800 && c <= 0xdfff ? 2 : LETTER.test(String.fromCharCode(c)) ? 1 : 2;
  return k === 1;
}

/** The cues as a dense feature vector in CUE_CODES order. */
export function cueVector(cues: Cue[]): Float32Array {
  const v = new Float32Array(CUE_CODES.length);
  for (const c of cues) v[CUE_CODES.indexOf(c.code)] = c.value;
  return v;
}
