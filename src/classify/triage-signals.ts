import type { Signal, TriageSignals } from '../db/schema.ts';
import { SIGNAL_CODES, type SignalCode } from '../vocabulary.ts';
import type { Cue } from './cues.ts';
import { folded, plainUnits, withoutUnicode } from './folded.ts';
import type { RegistryCheck } from './official-registry.ts';

/**
 * The fixed yes/no signals every flag shows beside the model scores, so an analyst sees why in one
 * glance. Pure: computed from the text and from what the classifier already found (cues, places,
 * claim and case matches, the registry check). Each signal that is present says where.
 */
export { SIGNAL_CODES, SIGNAL_LABEL, type SignalCode } from '../vocabulary.ts';
export type { Signal, TriageSignals } from '../db/schema.ts';

export interface SignalInput {
  text: string;
  cues: readonly Cue[];
  /** The deployment's places and units the text names. */
  localNames: readonly string[];
  /** Titles of debunked claims and decided cases it resembles. */
  oldHoaxes: readonly string[];
  registry: RegistryCheck | null;
}

// An institution or official the text speaks for: "surat edaran Kapolri", "himbauan dari Polres …".
const INSTITUTION = String.raw`(?:kapolri|kapolda|kapolres\w*|kapolsek\w*|polri|polda|polres\w*|polsek\w*|kepolisian|satlantas|korlantas|presiden|wapres|menteri|kementerian|kemen\w+|gubernur|bupati|wali\s?kota|camat|kades|dinas|dinkes|bmkg|bpom|bnn|bpbd|kpu|bawaslu|pln|pertamina|bank\s+\w+|who|unicef|tni|kodim|koramil)`;
const ATTRIBUTED = new RegExp(
  String.raw`\b(?:surat\s+edaran|edaran|himbauan|imbauan|instruksi|perintah|pengumuman|pemberitahuan|maklumat|pesan|info(?:rmasi)?|kabar)\s+(?:resmi\s+)?(?:dari\s+|dr\s+)?(?:bapak\s+|pak\s+|ibu\s+)?${INSTITUTION}\b|\b(?:atas\s+nama|a\.n\.|mengatasnamakan|mencatut)\s+(?:nama\s+)?${INSTITUTION}\b`,
  'giu',
);

// A source a reader could check: a link to a government site, a named outlet or release, a quoted official.
const OFFICIAL_LINK = /\b(?:https?:\/\/)?(?:[a-z0-9-]+\.)+go\.id\b|\bpolri\.go\.id\b/i;
const SOURCE_WORDS =
  /\b(?:dikutip\s+dari|dilansir(?:\s+dari)?|melansir|mengutip|dikonfirmasi|keterangan\s+(?:resmi|tertulis|pers)|rilis\s+resmi|siaran\s+pers|konferensi\s+pers|laman\s+resmi|akun\s+resmi|situs\s+resmi)\b|^\s*sumber\s*:|\bsumber\s*:\s*\S/im;
const QUOTED_OFFICIAL = new RegExp(
  String.raw`\b(?:kata|ujar|ucap|ungkap|jelas|tutur|terang|tegas|papar|sebut|menurut)\w*\s+(?:${INSTITUTION}|kasat\s?\w+|kasi\s?humas|kabid\s?humas|kadiv\s?humas|kapendam|jubir|juru\s+bicara|kepala|kadis|direktur|ketua)\b|\b(?:kapolres\w*|kapolsek\w*|kasat\s?\w+|kasi\s?humas|kabid\s?humas|kapolda|kapolri|bupati|gubernur|menteri)\b[^.]{0,60}\b(?:mengatakan|menjelaskan|menegaskan|menyampaikan|mengungkapkan|membenarkan|membantah|memastikan)\b`,
  'iu',
);

// Specific figures: money, percentages, counts, dates and times.
const MONTHS = 'januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember|jan|feb|mar|apr|jun|jul|agu|ags|sep|okt|nov|des';
const FIGURES = new RegExp(
  String.raw`\brp\.?\s?\d[\d.,]*(?:\s?(?:juta|jt|miliar|m|ribu|rb|triliun))?\b|\b\d+(?:[.,]\d+)?\s?(?:%|persen|juta|miliar|triliun|ribu)(?=\W|$)|\b\d{2,}\s+(?:orang|korban|warga|jiwa|unit|kendaraan|personel|anggota)\b|\b\d{1,2}\s+(?:${MONTHS})\.?(?:\s+\d{4})?\b|\b\d{1,2}[/-]\d{1,2}[/-]\d{2,4}\b|\b(?:pukul|jam)\s+\d{1,2}[.:]\d{2}\b`,
  'giu',
);

const HAS_DIGIT = /\d/;
// The "iu" expressions without "u", for the texts that allow it (folded.ts says why the matches are the same).
const ATTRIBUTED_PLAIN = withoutUnicode(ATTRIBUTED);
const QUOTED_OFFICIAL_PLAIN = withoutUnicode(QUOTED_OFFICIAL);
const FIGURES_PLAIN = withoutUnicode(FIGURES);

export function triageSignals(input: SignalInput): TriageSignals {
  const text = input.text;
  const share = input.cues.find((c) => c.code === 'ajakan_menyebarkan');
  const plain = plainUnits(text);
  const attributed = [...text.matchAll(plain ? ATTRIBUTED_PLAIN : ATTRIBUTED)].map((m) => m[0]);
  if (input.registry?.claimsOrigin && !attributed.length) attributed.push('pesan mengaku berasal dari polisi');
  const official =
    // Every such link has "go.id" in it: a text without (most) skips the expression, slow on every word.
    (folded(text).includes('go.id') ? firstMatch(text, OFFICIAL_LINK) : null) ??
    firstMatch(text, SOURCE_WORDS) ??
    firstMatch(text, plain ? QUOTED_OFFICIAL_PLAIN : QUOTED_OFFICIAL) ??
    input.registry?.matched[0]?.found ??
    null;
  // Every figure has a digit: a text without one skips the long expression.
  const figures = HAS_DIGIT.test(text) ? [...new Set([...text.matchAll(plain ? FIGURES_PLAIN : FIGURES)].map((m) => m[0].trim()))] : [];
  const unregistered = input.registry?.mismatched.map((m) => m.reason) ?? [];
  return {
    mengajak_menyebarkan: signal(share?.spans.map((s) => s.text) ?? []),
    mencatut_instansi: signal(unique(attributed)),
    lokasi_wilayah: signal([...input.localNames]),
    angka_tanpa_sumber: signal(official ? [] : figures),
    tanpa_sumber_resmi: { present: official === null, evidence: [] },
    cocok_hoaks_lama: signal([...input.oldHoaxes]),
    tidak_terdaftar: signal(unregistered),
  };
}

/** The present signals, in their fixed order: the one-line summary on a flag. */
export function presentSignals(s: TriageSignals | null): SignalCode[] {
  return s ? SIGNAL_CODES.filter((c) => s[c]?.present) : [];
}

function signal(evidence: string[]): Signal {
  return { present: evidence.length > 0, evidence: evidence.slice(0, 5) };
}

function firstMatch(text: string, re: RegExp): string | null {
  return re.exec(text)?.[0] ?? null;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs.map((x) => x.replace(/\s+/g, ' ')))];
}
