import type { CaseMatch } from '../db/schema.ts';
import { phrasePattern } from '../ingest/text.ts';
import type { ClaimIndex, ClaimMatch } from './claim-match.ts';
import { detectCues } from './cues.ts';
import { folded, isAsciiWord } from './folded.ts';
import { TextReading } from './normalise.ts';
import type { HoaxModel } from './hoax-model.ts';
import type { OfficialRegistry } from './official-registry.ts';
import { isCriticismOnly, type PoliceFlags } from './police-flags.ts';
import { detectPoliceMentions, FOREIGN_POLICE_UNIT, type PoliceLexicon, type PoliceMention } from './police-mentions.ts';
import { policeTriage, type PoliceTriageModel } from './police-triage.ts';
import { modelVersion } from './models.ts';
import { scaleToThreshold, score, type Reason } from './score.ts';
import { SOURCE_TRUST_LABEL, type SourceTrust } from '../vocabulary.ts';
import { CLAIM_MATCH_SUGGEST, HLBK_AUTO, HLBK_MIN_WORDS, HLBK_QUERY_CHARS, HLBK_SUGGEST } from './thresholds.ts';
import { detectTopics } from './topics.ts';
import { triageSignals, type TriageSignals } from './triage-signals.ts';

/** What the classifier needs of an item. */
export interface ClassifyInput {
  title?: string | null;
  text: string;
  publishedAt?: Date | null;
  engagement?: { views?: number | null; likes?: number | null; shares?: number | null; replies?: number | null };
  reposts?: number;
  /** ISO code; the hoax model reads Indonesian only. (Default: Indonesian) */
  language?: string | null;
  /** From a fact-check source: part of the debunk corpus, never flagged itself. */
  factCheck?: boolean;
  /** The case the item already belongs to: never offered as its own old hoax. */
  caseId?: number | null;
  /** Who is speaking: the trust class of the item's source (pipeline `sources[].trust`); null when unknown. */
  sourceTrust?: SourceTrust | null;
  /** The author's handle or the sender's number, checked against the official-accounts registry. */
  author?: string | null;
}

export interface ClassifyContext {
  model: HoaxModel;
  /** The police-triage model (models/police-triage.json). */
  triage: PoliceTriageModel;
  /** The deployment's units (pipelines/*.ts `area.units`). */
  lexicon: PoliceLexicon;
  /** The deployment's places (pipelines/*.ts `area.places`). */
  places: readonly string[];
  /** Debunked claims to match against; without it no claim matches are reported. */
  claims?: ClaimIndex | undefined;
  /** Claims the desk decided (hoaks, disinformasi, misinformasi), one entry per item with its caseId. */
  decidedCases?: ClaimIndex | undefined;
  /** The pipeline's official accounts; without it no registry check is made. */
  registry?: OfficialRegistry | undefined;
  flagThreshold?: number;
  now?: Date;
}

export interface ClassifyResult {
  model_version: string;
  hoax_score: number;
  hoax: boolean;
  police_mentions: PoliceMention[];
  police_units: string[];
  /** The three police flags with the triage class and probabilities; null when the item names no Indonesian police. */
  police_flags: PoliceFlags | null;
  /** The trust class the item was classified with, when known. */
  source_trust: SourceTrust | null;
  topics: string[];
  topic_keywords: Record<string, string[]>;
  /** Debunked claims this item resembles, best first (cosine ≥ CLAIM_MATCH_SUGGEST). */
  claim_matches: ClaimMatch[];
  /** Decided cases this item resembles (HLBK), best first; `auto` when it is to be linked to the case. */
  case_matches: CaseMatch[];
  /** The fixed yes/no signals (triage-signals.ts). */
  signals: TriageSignals;
  priority: number;
  flagged: boolean;
  reasons: Array<Reason & { details?: string[] }>;
}

export type { CaseMatch } from '../db/schema.ts';

/**
 * Classifies one item. Pure: no database, no network; the model is loaded by the caller once.
 * Mentions are offsets into `title + "\n" + text` (or `text` alone when there is no title).
 */
export function classify(input: ClassifyInput, ctx: ClassifyContext): ClassifyResult {
  const full = classifiedText(input);
  // Tokenised and stemmed once, read by the hoax model, the police triage, topics and claim matching.
  const reading = new TextReading(full);
  // The model was trained on Indonesian; on other languages its score means nothing.
  const indonesian = !input.language || /^(id|ind|ms)\b/i.test(input.language);
  const hoax = indonesian ? ctx.model.score({ text: full }, { reading }) : { score: 0, hoax: false, reasons: [], cues: detectCues(full) };
  const mentions = detectPoliceMentions(full, ctx.lexicon);
  const registry = ctx.registry?.size ? ctx.registry.check(full) : null;
  const speaker = input.author && ctx.registry?.size ? ctx.registry.speaker(input.author) : null;
  const trust = input.sourceTrust ?? null;
  // A registered police account named in the text ("@polresbeltim ada pungli di jembatan") addresses
  // the police as surely as the word "polisi": residents tag the Polres to report and to complain.
  const namesPolice =
    mentions.some((m) => m.unit !== FOREIGN_POLICE_UNIT) ||
    !!registry?.mismatched.length ||
    !!registry?.matched.some((f) => f.kind === 'akun') ||
    speaker?.status === 'lookalike';
  const policeFlagged = indonesian && namesPolice ? policeTriage(full, hoax.cues, { trust, registry, speaker }, ctx.triage, reading) : null;
  // Criticism of the police is not a hoax: it carries no hoax weight in priority and no hoax flag.
  const criticism = isCriticismOnly(policeFlagged);
  const hoaxOf = hoaxVerdict(hoax, policeFlagged, ctx.triage.artifact.thresholds);
  const hoaxScore = hoaxOf.score;
  const units = [...new Set(mentions.map((m) => m.unit))];
  const localUnits = units.filter((u) => ctx.lexicon.units.some((l) => l.name === u));
  const places = placesIn(full, ctx.places);
  const topics = detectTopics(full, { police: mentions.filter((m) => m.unit !== FOREIGN_POLICE_UNIT).map((m) => m.text), tokens: reading.tokens() });
  // A fact-check would match itself in the debunk corpus it belongs to.
  const claimMatches = input.factCheck ? [] : (ctx.claims?.match(full, { minScore: CLAIM_MATCH_SUGGEST, limit: 3, reading }) ?? []);
  const caseMatches = input.factCheck ? [] : matchDecidedCases(reading, ctx.decidedCases, input.caseId ?? null);
  const localNames = [...new Set([...localUnits, ...places])];
  const signals = triageSignals({
    text: full,
    cues: hoax.cues,
    localNames,
    oldHoaxes: [...caseMatches.map((m) => `kasus #${m.case_id}: ${m.title ?? ''}`), ...claimMatches.map((m) => m.title ?? m.url ?? '')],
    registry,
  });
  const e = input.engagement ?? {};
  const s = score(
    {
      hoaxScore,
      hoaxReasons: hoaxOf.reasons,
      claim: claimMatches[0] ?? null,
      decidedCase: caseMatches[0] ?? null,
      impersonation: policeFlagged?.mengatasnamakan_polisi.flagged ? policeFlagged.mengatasnamakan_polisi : null,
      policeUnits: units,
      localNames,
      engagement: { views: e.views ?? null, likes: e.likes ?? null, shares: e.shares ?? null, replies: e.replies ?? null },
      reposts: input.reposts ?? 0,
      publishedAt: input.publishedAt ?? null,
      now: ctx.now ?? new Date(),
    },
    { hoaxThreshold: 0.5, ...(ctx.flagThreshold !== undefined ? { flagThreshold: ctx.flagThreshold } : {}) },
  );
  return {
    model_version: modelVersion(ctx),
    hoax_score: hoaxScore,
    hoax: hoaxOf.hoax,
    police_mentions: mentions,
    police_units: units,
    police_flags: policeFlagged,
    source_trust: trust,
    topics: topics.map((t) => t.topic),
    topic_keywords: Object.fromEntries(topics.map((t) => [t.topic, t.keywords])),
    claim_matches: claimMatches,
    case_matches: caseMatches,
    signals,
    priority: s.priority,
    flagged: s.flagged && !input.factCheck,
    reasons: [
      ...s.reasons.map((r) => (r.code === 'hoaks' ? { ...r, details: hoaxOf.details } : r)),
      ...(criticism ? [{ code: 'kritik' as const, label: `${CRITICISM_REASON} (${policeFlagged!.kritik_keluhan.reasons.join('; ')})`, weight: 0 }] : []),
      ...(trust ? [{ code: 'sumber' as const, label: `Sumber: ${SOURCE_TRUST_LABEL[trust]}`, weight: 0 }] : []),
      ...(speaker ? [{ code: 'sumber' as const, label: speaker.reason, weight: 0 }] : []),
    ],
  };
}

/**
 * The item's hoax score and flag. For a text about the police the triage model speaks (it was trained on
 * such texts, and knows criticism and the police's own posts apart); the general model speaks for the
 * rest, and for texts that name the police only in passing. Both put their threshold at 0.5.
 */
function hoaxVerdict(
  general: { score: number; hoax: boolean; reasons: Array<{ label: string }> },
  flags: PoliceFlags | null,
  thresholds: PoliceTriageModel['artifact']['thresholds'],
): { score: number; hoax: boolean; reasons: string[]; details: string[] } {
  const generalReasons = general.reasons.map((r) => r.label);
  if (!flags || flags.class === 'lain') return { score: general.score, hoax: general.hoax, reasons: generalReasons, details: generalReasons };
  if (flags.kritik_keluhan.flagged) return { score: 0, hoax: false, reasons: [], details: [] };
  // A message in the police's name is a false message too; a hoax about them, the triage's own flag.
  const about = flags.hoaks_tentang_polisi;
  const imp = flags.mengatasnamakan_polisi;
  const hoax = about.flagged || imp.flagged;
  const scaled = Math.max(scaleToThreshold(about.score, thresholds.hoaks_polisi), imp.flagged ? scaleToThreshold(imp.score, thresholds.mengatasnamakan) : 0);
  const reasons = imp.flagged ? [`mengatasnamakan polisi: ${imp.reasons.slice(0, 2).join('; ')}`] : about.reasons;
  // Held under the line whenever the triage did not flag it.
  return { score: hoax ? scaled : Math.min(scaled, 0.49), hoax, reasons, details: [...reasons, ...generalReasons.map((r) => `model umum: ${r}`)] };
}

/** Best match per decided case, at or above HLBK_SUGGEST; a short text is only ever suggested. */
function matchDecidedCases(reading: TextReading, index: ClaimIndex | undefined, ownCase: number | null): CaseMatch[] {
  if (!index?.size) return [];
  const text = reading.text;
  // Counted only for a text that matches (most do not): splitting a long article costs time.
  let long: boolean | undefined;
  const byCase = new Map<number, CaseMatch>();
  const query = { minScore: HLBK_SUGGEST, limit: 10, reading, chars: HLBK_QUERY_CHARS };
  for (const m of index.match(text.slice(0, HLBK_QUERY_CHARS), query)) {
    if (m.caseId === undefined || m.caseId === ownCase || byCase.has(m.caseId)) continue;
    long ??= text.split(/\s+/).filter(Boolean).length >= HLBK_MIN_WORDS;
    byCase.set(m.caseId, { case_id: m.caseId, title: m.title, score: m.score, auto: long && m.score >= HLBK_AUTO });
  }
  return [...byCase.values()].slice(0, 3);
}

export const CRITICISM_REASON = 'Kritik/keluhan terhadap polisi, bukan hoaks: teruskan ke pengaduan masyarakat (Dumas/Propam)';

const placePatterns = new Map<string, { re: RegExp; first: string | null }>();

/** The deployment's places named in the text, case-insensitively on word boundaries. */
function placesIn(text: string, places: readonly string[]): string[] {
  // Most texts name none of the places: a place whose first word the folded text lacks is not tested.
  let lower: string | undefined;
  return places.filter((p) => {
    let pattern = placePatterns.get(p);
    if (!pattern) {
      const re = new RegExp(`(?<![\\p{L}\\p{N}])${phrasePattern(p)}(?![\\p{L}\\p{N}])`, 'iu');
      const first = p.trim().split(/\s+/)[0]!.toLowerCase();
      pattern = { re, first: isAsciiWord(first) ? first : null };
      placePatterns.set(p, pattern);
    }
    if (pattern.first !== null && !(lower ??= folded(text)).includes(pattern.first)) return false;
    return pattern.re.test(text);
  });
}

/** The text the classifier reads, and that mention offsets point into: title, newline, text. */
export function classifiedText(item: { title?: string | null | undefined; text: string }): string {
  return item.title ? `${item.title}\n${item.text}` : item.text;
}
