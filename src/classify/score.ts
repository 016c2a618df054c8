import { CLAIM_MATCH_STRONG, DEFAULT_FLAG_THRESHOLD, HLBK_AUTO } from './thresholds.ts';

/**
 * The priority score and the flag: one place for how the signals combine and for their weights.
 * Pure. The base weights sum to 1, so a priority reads as a share of the maximum; impersonation of
 * the police adds on top (priority capped at 1). Every contribution becomes a reason an analyst reads.
 */
export interface Signals {
  hoaxScore: number;
  hoaxReasons: string[];
  /** The best match against debunked claims, if any reached the suggestion threshold. */
  claim: { title: string | null; url: string | null; score: number } | null;
  /** The best match against claims the desk decided (HLBK), if any reached HLBK_SUGGEST. */
  decidedCase?: { case_id: number; title: string | null; score: number; auto: boolean } | null;
  /** The mengatasnamakan polisi flag, when raised. */
  impersonation?: { score: number; reasons: string[] } | null;
  policeUnits: string[];
  /** The deployment's own places or units the item names. */
  localNames: string[];
  engagement: { views: number | null; likes: number | null; shares: number | null; replies: number | null };
  reposts: number;
  publishedAt: Date | null;
  now: Date;
}

export interface Reason {
  /** `kritik` and `sumber` carry no weight: why the hoax score was set aside (criticism of the police), and who spoke. */
  code: 'hoaks' | 'klaim' | 'hlbk' | 'tiruan' | 'polisi' | 'lokal' | 'jangkauan' | 'baru' | 'kritik' | 'sumber';
  label: string;
  weight: number;
}

/** `hlbk` shares `klaim`'s place: a claim the desk decided counts like one fact-checkers debunked, whichever is closer. */
export const WEIGHTS = { hoaks: 0.4, klaim: 0.2, hlbk: 0.2, polisi: 0.1, lokal: 0.1, jangkauan: 0.1, baru: 0.1, tiruan: 0.3, kritik: 0, sumber: 0 } as const;

export function score(s: Signals, opts: { flagThreshold?: number; hoaxThreshold: number }): { priority: number; flagged: boolean; reasons: Reason[] } {
  const reasons: Reason[] = [];
  const add = (code: Reason['code'], share: number, label: string) => {
    const weight = round(WEIGHTS[code] * Math.max(0, Math.min(1, share)));
    if (weight > 0) reasons.push({ code, label, weight });
  };
  add('hoaks', s.hoaxScore, `Kemungkinan hoaks ${Math.round(s.hoaxScore * 100)}%${s.hoaxReasons.length ? ` (${s.hoaxReasons.slice(0, 3).join('; ')})` : ''}`);
  const strong = CLAIM_MATCH_STRONG;
  const claimShare = s.claim ? s.claim.score / strong : 0;
  const caseShare = s.decidedCase ? s.decidedCase.score / HLBK_AUTO : 0;
  if (s.decidedCase && caseShare >= claimShare) {
    const k = s.decidedCase;
    add(
      'hlbk',
      caseShare,
      `Hoaks lama beredar kembali: kasus #${k.case_id} ${k.title ?? ''}, skor ${k.score.toFixed(2)}${k.auto ? ' (ditautkan otomatis)' : ' (usulan tautan)'}`,
    );
  } else if (s.claim) {
    add(
      'klaim',
      claimShare,
      `Mirip hoaks yang sudah dibantah: ${s.claim.title ?? '(tanpa judul)'}${s.claim.url ? `, ${s.claim.url}` : ''}, skor ${s.claim.score.toFixed(2)}`,
    );
  }
  if (s.impersonation) add('tiruan', s.impersonation.score, `Mengatasnamakan polisi: ${s.impersonation.reasons.slice(0, 3).join('; ')}`);
  if (s.policeUnits.length) add('polisi', 1, `Menyebut kepolisian: ${s.policeUnits.join(', ')}`);
  if (s.localNames.length) add('lokal', 1, `Menyebut wilayah hukum: ${s.localNames.join(', ')}`);
  const reach = reachOf(s);
  if (reach.share > 0) add('jangkauan', reach.share, `Jangkauan: ${reach.label}`);
  if (s.publishedAt) {
    const hours = Math.max(0, (s.now.getTime() - s.publishedAt.getTime()) / 3.6e6);
    add(
      'baru',
      Math.exp(-hours / 72),
      `Terbit ${hours < 1 ? 'kurang dari 1 jam' : hours < 48 ? `${Math.round(hours)} jam` : `${Math.round(hours / 24)} hari`} lalu`,
    );
  }
  const priority = round(
    Math.min(
      1,
      reasons.reduce((a, r) => a + r.weight, 0),
    ),
  );
  const hoax = s.hoaxScore >= opts.hoaxThreshold;
  // A likely hoax about the police or the area is always worth a look, whatever its reach.
  // So is a close match to a claim that fact-checkers debunked or the desk decided, and a message in
  // the police's name.
  const flagged =
    priority >= (opts.flagThreshold ?? DEFAULT_FLAG_THRESHOLD) ||
    (hoax && (s.policeUnits.length > 0 || s.localNames.length > 0)) ||
    (s.claim !== null && s.claim.score >= strong) ||
    (s.decidedCase?.auto ?? false) ||
    !!s.impersonation;
  reasons.sort((a, b) => b.weight - a.weight);
  return { priority, flagged, reasons };
}

/** log-scaled: 10 reposts or ~10k views reach about half the weight, 100 reposts or ~1M views all of it. */
function reachOf(s: Signals): { share: number; label: string } {
  const e = s.engagement;
  const units = (e.views ?? 0) / 1000 + (e.likes ?? 0) / 20 + (e.shares ?? 0) / 2 + (e.replies ?? 0) / 10 + s.reposts;
  if (units <= 0) return { share: 0, label: '' };
  const parts = [
    e.views ? `${formatCount(e.views)} tayangan` : '',
    e.likes ? `${formatCount(e.likes)} suka` : '',
    e.shares ? `${formatCount(e.shares)} dibagikan` : '',
    e.replies ? `${formatCount(e.replies)} komentar` : '',
    s.reposts ? `${s.reposts} unggahan ulang` : '',
  ].filter(Boolean);
  return { share: Math.min(1, Math.log10(1 + units) / 2), label: parts.join(', ') };
}

function formatCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1).replace('.', ',')} jt`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1).replace('.', ',')} rb`;
  return String(n);
}

/**
 * A score rescaled so that its decision threshold `t` lands at 0.5, monotone and piecewise linear:
 * every model's "kemungkinan hoaks" then reads the same way to an analyst (50 % is the line).
 */
export function scaleToThreshold(p: number, t: number): number {
  return round(p < t ? (0.5 * p) / t : 0.5 + (0.5 * (p - t)) / (1 - t));
}

function round(n: number): number {
  return Math.round(n * 1e4) / 1e4;
}
