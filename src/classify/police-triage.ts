import fs from 'node:fs';
import path from 'node:path';
import { CUE_CODES, cueVector, type Cue } from './cues.ts';
import { displayTerm, MODELS_DIR, type TextReading } from './normalise.ts';
import { readModelFile, writeModelFile } from './model-file.ts';
import type { RegistryCheck, SpeakerCheck } from './official-registry.ts';
import { POLICE_CLASS_LABEL, POLICE_CLASSES, type PoliceClass } from '../vocabulary.ts';
import { policeCues, type PoliceCues, type PoliceFlags } from './police-flags.ts';
import { predictSoftmax, trainSoftmax, type MultiExample, type SoftmaxWeights, type TrainOptions } from './softmax.ts';
import { SOURCE_TRUSTS, SOURCE_TRUST_LABEL, type SourceTrust } from '../vocabulary.ts';
import { TextFeatures, type FitOptions, type TextFeatureState } from './text-features.ts';
import type { SparseVector } from './tfidf.ts';

/**
 * The learned police triage: for a text that names the Indonesian police, calibrated probabilities of
 * hoaks tentang polisi, mengatasnamakan polisi, kritik/keluhan, informasi resmi/berita netral and
 * lainnya. A softmax over word and character n-grams plus dense evidence: the cue lists (as features,
 * not rules), the hoax-style cues, who is speaking (source trust) and what the registry said. Pure
 * apart from loading its artifact.
 *
 * Three things hold by construction, whatever the model says (policeTriage):
 * - a registered official speaker is neither a hoax about the police nor an impersonation;
 * - a registry mismatch in a message that speaks for the police is an impersonation;
 * - criticism is never a hoax: an item whose best class is kritik has no hoax flag.
 */
export interface PoliceTriageArtifact {
  format: 'saring-police-triage/1';
  version: string;
  trained_at: string;
  classes: PoliceClass[];
  dense: string[];
  text: TextFeatureState;
  weights: { sparse: number[]; dense: number[]; bias: number[] };
  /** Softmax temperature fitted on the validation split (calibration). */
  temperature: number;
  /** Flag thresholds on the calibrated probabilities, chosen on the validation split. */
  thresholds: { hoaks_polisi: number; mengatasnamakan: number; kritik: number };
  training: Record<string, unknown>;
  metrics: Record<string, unknown>;
}

/** What the triage reads besides the text. */
export interface TriageEvidence {
  /** Null when unknown (a batch line that does not say): the model then reads the text alone. */
  trust: SourceTrust | null;
  registry: RegistryCheck | null;
  /** The item's author or sender as the registry knows it: registered, made to look registered, or neither. */
  speaker?: SpeakerCheck | null;
}

export const TRIAGE_DENSE = [
  'cue_kritik',
  'cue_tiruan',
  'cue_klaim',
  'memberitakan_tiruan',
  ...CUE_CODES,
  ...SOURCE_TRUSTS.map((t) => `sumber_${t}`),
  'registri_mengaku_polisi',
  'registri_tidak_cocok',
  'registri_cocok',
  'pengirim_resmi',
  'panjang',
] as const;

export function triageDense(text: string, cues: PoliceCues, hoaxCues: readonly Cue[], e: TriageEvidence): Float32Array {
  const v = new Float32Array(TRIAGE_DENSE.length);
  let i = 0;
  v[i++] = cues.criticism.score;
  v[i++] = cues.impersonation.score;
  v[i++] = cues.claim.score;
  v[i++] = cues.reporting ? 1 : 0;
  v.set(cueVector([...hoaxCues]), i);
  i += CUE_CODES.length;
  for (const t of SOURCE_TRUSTS) v[i++] = e.trust === t ? 1 : 0;
  v[i++] = e.registry?.claimsOrigin ? 1 : 0;
  v[i++] = e.registry?.mismatched.length ? 1 : 0;
  v[i++] = e.registry?.matched.length ? 1 : 0;
  v[i++] = e.speaker?.status === 'registered' ? 1 : 0;
  v[i] = Math.min(1, Math.log1p(text.split(/\s+/).length) / 7);
  return v;
}

export const DEFAULT_TRIAGE_PATH = path.join(MODELS_DIR, 'police-triage.json');

export class PoliceTriageModel {
  private readonly features: TextFeatures;
  private readonly weights: SoftmaxWeights;

  private constructor(readonly artifact: PoliceTriageArtifact) {
    this.features = new TextFeatures(artifact.text);
    this.weights = {
      classes: artifact.classes.length,
      sparse: Float32Array.from(artifact.weights.sparse),
      dense: Float32Array.from(artifact.weights.dense),
      bias: Float32Array.from(artifact.weights.bias),
    };
  }

  get version(): string {
    return this.artifact.version;
  }

  static fromArtifact(a: PoliceTriageArtifact): PoliceTriageModel {
    if (a.format !== 'saring-police-triage/1') throw new Error(`police triage model: unsupported format "${String(a.format)}" (run "npm run train")`);
    if (a.classes.join() !== POLICE_CLASSES.join() || a.dense.join() !== TRIAGE_DENSE.join())
      throw new Error('police triage model: classes or features differ from this code (run "npm run train")');
    return new PoliceTriageModel(a);
  }

  static load(file = DEFAULT_TRIAGE_PATH): PoliceTriageModel {
    if (!fs.existsSync(file)) throw new Error(`police triage model not found at ${file}: run "npm run train"`);
    return PoliceTriageModel.fromArtifact(readModelFile(file, 'police triage model') as PoliceTriageArtifact);
  }

  static train(
    docs: Array<{ text: string; label: PoliceClass; weight: number; dense: Float32Array }>,
    opts: { features?: FitOptions } & TrainOptions = {},
  ): PoliceTriageModel {
    const features = TextFeatures.fit(
      docs.map((d) => d.text),
      { charShare: 0.5, ...opts.features },
    );
    const examples: MultiExample[] = docs.map((d) => ({ x: features.transform(d.text), dense: d.dense, y: POLICE_CLASSES.indexOf(d.label), w: d.weight }));
    const w = trainSoftmax(examples, POLICE_CLASSES.length, features.size, TRIAGE_DENSE.length, { epochs: 8, ...opts });
    return new PoliceTriageModel({
      format: 'saring-police-triage/1',
      version: 'untrained',
      trained_at: new Date().toISOString(),
      classes: [...POLICE_CLASSES],
      dense: [...TRIAGE_DENSE],
      text: features.state,
      weights: { sparse: [...w.sparse].map(round), dense: [...w.dense].map(round), bias: [...w.bias].map(round) },
      temperature: 1,
      thresholds: { hoaks_polisi: 0.5, mengatasnamakan: 0.5, kritik: 0.5 },
      training: {},
      metrics: {},
    });
  }

  withMeta(meta: Partial<Pick<PoliceTriageArtifact, 'version' | 'temperature' | 'thresholds' | 'training' | 'metrics'>>): PoliceTriageModel {
    return new PoliceTriageModel({ ...this.artifact, ...meta });
  }

  save(file = DEFAULT_TRIAGE_PATH): void {
    writeModelFile(file, this.artifact);
  }

  /** A text's feature vector, which probabilities and topTerms read too (computed once, it serves both). */
  vector(text: string | TextReading): SparseVector {
    return this.features.transform(text);
  }

  /** Calibrated probabilities in POLICE_CLASSES order, of a text or its vector. */
  probabilities(text: string | SparseVector, dense: Float32Array, temperature = this.artifact.temperature): number[] {
    return predictSoftmax(this.weights, typeof text === 'string' ? this.features.transform(text) : text, dense, temperature);
  }

  /** The words that pushed the text (or its vector) most towards a class, for the analyst: `kata "tilang" (+0.21)`. */
  topTerms(text: string | SparseVector, cls: PoliceClass, n = 3): string[] {
    const x = typeof text === 'string' ? this.features.transform(text) : text;
    const k = POLICE_CLASSES.indexOf(cls);
    const S = this.features.size;
    const out: Array<[string, number]> = [];
    for (let q = 0; q < x.idx.length; q++) {
      const term = this.features.term(x.idx[q]!);
      if (term === null) continue;
      // Against the mean of the other classes: what makes this class more likely than the rest.
      let others = 0;
      for (let j = 0; j < POLICE_CLASSES.length; j++) if (j !== k) others += this.weights.sparse[j * S + x.idx[q]!]!;
      const wgt = (this.weights.sparse[k * S + x.idx[q]!]! - others / (POLICE_CLASSES.length - 1)) * x.val[q]!;
      if (wgt > 0.03) out.push([term, wgt]);
    }
    return out
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([t, w]) => `kata "${displayTerm(t)}" (+${w.toFixed(2)})`);
  }
}

/**
 * The three police flags of a text that names the Indonesian police (the caller decides that), from the
 * model's probabilities and the guarantees above. Reasons are Indonesian. `reading`: a TextReading of
 * `text`, when the caller has one (its tokens are then not made again).
 */
export function policeTriage(text: string, hoaxCues: readonly Cue[], e: TriageEvidence, model: PoliceTriageModel, reading?: TextReading): PoliceFlags {
  const cues = policeCues(text);
  const x = model.vector(reading ?? text);
  const p = model.probabilities(x, triageDense(text, cues, hoaxCues, e));
  const prob = Object.fromEntries(POLICE_CLASSES.map((c, i) => [c, p[i]!])) as Record<PoliceClass, number>;
  const t = model.artifact.thresholds;
  const speakerReasons: string[] = [];
  const official = e.trust === 'official' || e.speaker?.status === 'registered';
  if (official) {
    // Who is speaking outweighs what the words look like: the police's own account does not spread hoaxes about itself.
    const kept = 1 - prob.hoaks_polisi - prob.mengatasnamakan;
    for (const c of POLICE_CLASSES) prob[c] = c === 'hoaks_polisi' || c === 'mengatasnamakan' ? 0 : prob[c] / (kept || 1);
    speakerReasons.push(e.speaker?.status === 'registered' ? e.speaker.reason : `dari ${SOURCE_TRUST_LABEL.official}`);
  }
  const mismatched = official ? [] : (e.registry?.mismatched ?? []);
  const lookalike = !official && e.speaker?.status === 'lookalike' ? [e.speaker.reason] : [];
  const best = POLICE_CLASSES.reduce((a, c) => (prob[c] > prob[a] ? c : a), POLICE_CLASSES[0]);

  // Impersonation: the model, or the registry's word, or the cue lists when the text commits (not reports) one.
  const impCue = cues.reporting || official ? 0 : cues.impersonation.score;
  const impScore = Math.max(prob.mengatasnamakan, impCue >= 0.7 ? impCue * 0.8 : 0, mismatched.length || lookalike.length ? 0.9 : 0);
  const impersonating = impScore >= t.mengatasnamakan;
  const impReasons = [
    ...(prob.mengatasnamakan >= t.mengatasnamakan ? [`peluang ${POLICE_CLASS_LABEL.mengatasnamakan} ${pct(prob.mengatasnamakan)}`] : []),
    ...(impCue ? cues.impersonation.reasons : []),
    ...mismatched.map((m) => m.reason),
    ...lookalike,
  ];
  if (!impersonating && cues.reporting && cues.impersonation.score) impReasons.push('teks memberitakan atau membantah peniruan, bukan melakukannya');
  if (official) impReasons.push(...speakerReasons);

  // Criticism is never a hoax: it wins over a hoax about the police whenever it is the better reading.
  const criticism = !impersonating && best === 'kritik' && prob.kritik >= t.kritik;
  const hoax = !criticism && !impersonating && prob.hoaks_polisi >= t.hoaks_polisi && prob.hoaks_polisi >= prob.kritik;
  const hoaxReasons = [`peluang ${POLICE_CLASS_LABEL.hoaks_polisi} ${pct(prob.hoaks_polisi)}`];
  if (hoax) hoaxReasons.push(...cues.claim.reasons, ...model.topTerms(x, 'hoaks_polisi'));
  if (criticism) hoaxReasons.push('kritik atau keluhan, bukan hoaks');
  if (official) hoaxReasons.push(...speakerReasons);
  const critReasons = criticism
    ? [`peluang ${POLICE_CLASS_LABEL.kritik} ${pct(prob.kritik)}`, ...cues.criticism.reasons, ...model.topTerms(x, 'kritik')]
    : cues.criticism.reasons.length
      ? [`peluang ${POLICE_CLASS_LABEL.kritik} ${pct(prob.kritik)}`]
      : [];

  return {
    hoaks_tentang_polisi: { score: round3(prob.hoaks_polisi), flagged: hoax, reasons: hoaxReasons },
    mengatasnamakan_polisi: { score: round3(impScore), flagged: impersonating, reasons: impReasons },
    kritik_keluhan: { score: round3(prob.kritik), flagged: criticism, reasons: critReasons },
    // Below its threshold, a hoax, impersonation or criticism reading gives way to the likelier of the two others.
    class: impersonating ? 'mengatasnamakan' : hoax ? 'hoaks_polisi' : criticism ? 'kritik' : prob.lain > prob.resmi_netral ? 'lain' : 'resmi_netral',
    probabilities: Object.fromEntries(POLICE_CLASSES.map((c) => [c, round3(prob[c])])) as Record<PoliceClass, number>,
  };
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const round = (n: number) => Math.round(n * 1e4) / 1e4;
const round3 = (n: number) => Math.round(n * 1000) / 1000;
