import type { RegistryCheck } from './official-registry.ts';
import { FOREIGN_POLICE_UNIT, type PoliceMention } from './police-mentions.ts';

/**
 * Police-aware triage: three separate flags on an item that names the Indonesian police, so that
 * criticism of the police is never mistaken for a hoax (Polri's circular SE/2/II/2021 asks that they
 * be kept apart). Pure: cue patterns over the text, plus the hoax model's score.
 *
 * - hoaks_tentang_polisi: a false or unverified claim in which the police act, speak or are the subject
 *   (invented arrests, fake circulars, fake ticket fees);
 * - mengatasnamakan_polisi: the message itself claims to come from the police or an officer (a fake
 *   Kapolres on WhatsApp, a fake hotline, a fake recruitment notice);
 * - kritik_keluhan: criticism of or a complaint about the police. Never a hoax by itself: without a
 *   factual claim about what the police did, its hoax flag is held down whatever the model says.
 */
export type PoliceFlagCode = 'hoaks_tentang_polisi' | 'mengatasnamakan_polisi' | 'kritik_keluhan';

export const POLICE_FLAG_LABEL: Record<PoliceFlagCode, string> = {
  hoaks_tentang_polisi: 'hoaks tentang polisi',
  mengatasnamakan_polisi: 'mengatasnamakan polisi',
  kritik_keluhan: 'kritik / keluhan',
};

export interface PoliceFlag {
  score: number;
  flagged: boolean;
  /** Indonesian, one per cue that fired. */
  reasons: string[];
}

export type PoliceFlags = Record<PoliceFlagCode, PoliceFlag>;

interface Cue {
  re: RegExp;
  weight: number;
  reason: string;
}

const POLICE = String.raw`(?:polisi|polri|kepolisian|kapolri|kapolres|kapolda|kapolsek|polda|polres|polresta|polsek|densus(?: 88)?|brimob|penyidik|bareskrim|polantas|satlantas|aparat)`;

const CRITICISM: Cue[] = [
  {
    re: /\b(oknum (polisi|aparat|anggota|polri|brutal)|arogan|brutal|represif|pungli|pungutan liar|setoran|suap|sogok|memeras|pemerasan|aniaya|menganiaya|penganiayaan|salah tangkap|kriminalisasi|dicopot|sewenang|semena|licik|tebang pilih|pencitraan|mabo?k|kebobolan|tanpa bukti|dilindas|harus netral)\b/,
    weight: 0.6,
    reason: 'menyebut dugaan pelanggaran atau kegagalan aparat',
  },
  {
    re: /\b((tidak|tak|gak|ga|belum) (ditindaklanjuti|tuntas|ada kabar(nya)?|serius|diproses|dipecat)|kecewa|mengeluh|dibiarkan|hanya menangkap|(kog|kok) (masih|polisi(nya)?)|percaya (polisi|kepolisian)|padahal (deket|dekat))\b/,
    weight: 0.55,
    reason: 'keluhan atas kinerja polisi',
  },
  { re: new RegExp(String.raw`\b(ganti|copot|bubarkan|bersihkan|reformasi) (${POLICE}|oknum)`), weight: 0.7, reason: 'tuntutan terhadap institusi atau pejabat polisi' },
  { re: /\b(propam|kompolnas|lbh|kontras|komnas ham|amnesty|ombudsman)\b/, weight: 0.5, reason: 'melibatkan pengawas atau pembela HAM' },
  {
    re: new RegExp(String.raw`\b(${POLICE}|kasat \w+|perwira|anggota)\b[^.]{0,50}\b(tersangka|terseret|pakai narkoba|diduga minta)|\bpotret polisi\b|\bpolisi kita\b`),
    weight: 0.6,
    reason: 'aparat sebagai terduga pelanggar',
  },
];

const IMPERSONATION: Cue[] = [
  {
    re: new RegExp(
      String.raw`\b((dengan )?saya (bapak |ibu )?(kapolres|kapolsek|kapolda|kapolri|kasat \w+|kanit \w+)|kami (dari|pihak) ${POLICE}|pesan dari ${POLICE}|pengumuman [^.]{0,40}${POLICE}|humas (polda|polres|polri)[^.]{0,40}(layanan|whatsapp|wa\b)|layanan pengaduan|dumas presisi|saya tegaskan[^.]{0,80}${POLICE})`,
    ),
    weight: 0.7,
    reason: 'pesan mengaku berasal dari polisi atau pejabatnya',
  },
  {
    re: /\b(iptu|ipda|aiptu|aipda|akp|akbp|kombes|brigpol|bripka|briptu|bripda|kapolres|kapolsek|kasat \w+)\b[^.]{0,60}(\+62|\b62|\b0)\s?8[\d\s-]{7,14}/,
    weight: 0.7,
    reason: 'nama atau pangkat pejabat disertai nomor kontak',
  },
  { re: /\b(hubungi|kirim bukti|transfer|biaya pendaftaran|whatsapp|wa)\b[^.]{0,30}(\+62|\b62|\b0)\s?8[\d\s-]{7,14}/, weight: 0.4, reason: 'ajakan menghubungi atau membayar ke nomor pribadi' },
  { re: /\b(dengan hormat|demikian (permohonan|pemberitahuan) kami|atas perhatiannya kami ucapkan)\b/, weight: 0.5, reason: 'bergaya surat resmi atas nama instansi' },
  {
    re: new RegExp(String.raw`\b(penerimaan|pendaftaran|kuota|seleksi)\b[^.]{0,40}\b(polri|bintara|akpol|kepolisian)|\b(sim|stnk|bpkb|pajak)\b[^.]{0,60}\b(gratis|online)\b`),
    weight: 0.55,
    reason: 'menawarkan penerimaan anggota atau layanan polisi',
  },
];

/** Words of a text that reports an impersonation (a warning, a denial), not one that commits it. */
const REPORTING = /\b(bukan milik|akun (palsu|tiruan)|nomor palsu|tidak pernah|tak pernah|membantah|bantah|waspada(i)? (penipuan|modus)|mengaku sebagai|mengatasnamakan|mencatut)\b/;

const CLAIM: Cue[] = [
  {
    re: new RegExp(
      String.raw`\b${POLICE}\b[^.]{0,60}\b(?<!hanya )(menangkap|ditangkap|tertangkap|tangkap|mengamankan|menggerebek|grebek|menahan|penahanan|menembak|membunuh|dibunuh|klarifikasi|menegaskan|mengumumkan|perintahkan|memerintahkan|melarang|razia|siaga|dipecat|surat edaran|dibakar|mengawal)\b|\b(ditangkap|diburu|digrebek) (pihak |oleh )*${POLICE}|\b(tertangkap|ditangkap)\b[^.]{0,80}\b${POLICE}|\bbiaya tilang\b|\bsurat edaran (kapolri|polri)\b|\b(perintahkan|tekan|minta) (tni-|tni dan )?${POLICE}|\b(setor(an)?|aliran dana)\b[^.]{0,30}\b${POLICE}`,
    ),
    weight: 0.6,
    reason: 'klaim tentang tindakan atau ucapan polisi',
  },
];

export interface PoliceFlagThresholds {
  /** (Default: 0.56, the hoax model's own threshold) */
  hoax: number;
  /** (Default: 0.5) */
  impersonation: number;
  /** (Default: 0.5) */
  criticism: number;
}

export const DEFAULT_POLICE_FLAG_THRESHOLDS: PoliceFlagThresholds = { hoax: 0.56, impersonation: 0.5, criticism: 0.5 };

/** One registry mismatch alone raises the impersonation flag (threshold 0.5). */
const REGISTRY_MISMATCH_WEIGHT = 0.75;

/** The share of the hoax score kept by a text that names the police but claims nothing about them. */
const NAMED_ONLY_FACTOR = 0.58;

/** Criticism this strong is held apart from hoaxes even when it recounts police action. */
const STRONG_CRITICISM = 0.75;

/** Criticism without a factual claim keeps at most this share of the hoax score: below any threshold. */
const CRITICISM_HOAX_CAP = 0.4;

/**
 * The three flags of an item that names the Indonesian police, or null when it names none (foreign
 * police, look-alikes and items without a mention get no police flags).
 */
export function policeFlags(
  input: { text: string; mentions: readonly PoliceMention[]; hoaxScore: number; registry?: RegistryCheck | null },
  t: PoliceFlagThresholds = DEFAULT_POLICE_FLAG_THRESHOLDS,
): PoliceFlags | null {
  const mismatched = input.registry?.mismatched ?? [];
  if (!input.mentions.some((m) => m.unit !== FOREIGN_POLICE_UNIT) && !mismatched.length) return null;
  const text = input.text.toLowerCase().replace(/\s+/g, ' ');
  const criticism = combine(CRITICISM, text);
  const claim = combine(CLAIM, text);
  const imp = combine(IMPERSONATION, text);
  // The registry is the strongest evidence there is: a number, handle, site or officer that does not
  // match it, in a message that speaks for the police, or a handle made to look like an official one.
  for (const m of mismatched) {
    imp.score = 1 - (1 - imp.score) * (1 - REGISTRY_MISMATCH_WEIGHT);
    imp.reasons.push(m.reason);
  }
  if (!mismatched.length && input.registry?.claimsOrigin && input.registry.matched.length && imp.score) {
    imp.score *= 0.3;
    imp.reasons.push(`identitas cocok dengan registri akun resmi (${input.registry.matched.map((m) => m.found).join(', ')})`);
  }
  if (imp.score && REPORTING.test(text)) {
    imp.score *= 0.3;
    imp.reasons.push('teks memberitakan atau membantah peniruan, bukan melakukannya');
  }
  const criticismFlagged = criticism.score >= t.criticism;
  const impersonating = imp.score >= t.impersonation;
  let hoaxScore = input.hoaxScore;
  const hoaxReasons = [`skor model hoaks ${Math.round(input.hoaxScore * 100)}`];
  if (claim.score) hoaxReasons.push(...claim.reasons);
  // A message in the police's name says what the police say: a hoax in it is a hoax about them.
  else if (impersonating) hoaxReasons.push('isi pesan atas nama polisi');
  // Neither: a text that merely names the police needs a very hoax-like text to count as one about them.
  else hoaxScore *= NAMED_ONLY_FACTOR;
  // Criticism is held apart from hoaxes unless it rests on a claim about what the police did; strong
  // criticism (two cues or more: a misconduct report with LBH, Propam…) is held apart even then, since
  // the claim is then usually the reported event itself ("Polisi menangkap 75 orang… LBH menilai…").
  if (criticismFlagged && (!claim.score || criticism.score >= STRONG_CRITICISM)) {
    hoaxScore = Math.min(hoaxScore, CRITICISM_HOAX_CAP * t.hoax);
    hoaxReasons.push(claim.score ? 'kritik atau keluhan yang kuat atas peristiwa yang diberitakan: bukan hoaks' : 'kritik atau keluhan tanpa klaim faktual: bukan hoaks');
  }
  return {
    hoaks_tentang_polisi: { score: round(hoaxScore), flagged: hoaxScore >= t.hoax, reasons: hoaxReasons },
    mengatasnamakan_polisi: { score: round(imp.score), flagged: impersonating, reasons: imp.reasons },
    kritik_keluhan: { score: round(criticism.score), flagged: criticismFlagged, reasons: criticism.reasons },
  };
}

/** Criticism of the police and no hoax about them: never to be treated as a hoax (it goes to complaint handling). */
export function isCriticismOnly(flags: PoliceFlags | null): boolean {
  return flags !== null && flags.kritik_keluhan.flagged && !flags.hoaks_tentang_polisi.flagged;
}

/** 1 − Π(1 − weight) over the cues that fire: several weak cues add up, none alone reaches 1. */
function combine(cues: Cue[], text: string): { score: number; reasons: string[] } {
  let miss = 1;
  const reasons: string[] = [];
  for (const c of cues) {
    if (!c.re.test(text)) continue;
    miss *= 1 - c.weight;
    reasons.push(c.reason);
  }
  return { score: 1 - miss, reasons };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
