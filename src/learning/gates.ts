/**
 * Promotion gates: the figures a model version is judged on, and the rule that a candidate replaces
 * the active model only when it is not worse on any of them. Pure: the figures are computed elsewhere
 * (learning/evaluate.ts for the deployment's held-out labels, scripts/eval-candidate.ts for the
 * shipped held-out sets).
 */

/** One figure of a model on one held-out set. */
export interface Gate {
  /** Stable id, the same for every model version: `desk:hoax_accuracy`, `triage:f1:kritik`. */
  id: string;
  /** Indonesian, for the Model page. */
  label: string;
  /** null when the set holds nothing to measure (no held-out labels yet). */
  value: number | null;
  /** Texts the figure was measured on. */
  n: number;
  better: 'higher' | 'lower';
}

export interface Figures {
  gates: Gate[];
}

export interface GateDecision {
  promote: boolean;
  /** Gates the candidate is worse on, in Indonesian ("F1 kritik / keluhan: 0.81 → 0.78"). */
  worse: string[];
  /** Gates that could not be compared (no data on one side). */
  unjudged: string[];
  /** The whole decision in one Indonesian sentence, kept with the candidate. */
  reason: string;
}

const fmt = (v: number) => (Math.abs(v) <= 1 ? v.toFixed(3) : v.toFixed(1));

/**
 * Whether `candidate` may replace `baseline`: not worse on any gate both measured (`tolerance` is how
 * much worse still counts as equal; default 0, strictly not worse). A gate only one side measured is
 * left unjudged and named.
 * @example compareFigures({ gates: [g(0.8)] }, { gates: [g(0.7)] }).promote // false
 */
export function compareFigures(baseline: Figures, candidate: Figures, tolerance = 0): GateDecision {
  const base = new Map(baseline.gates.map((g) => [g.id, g]));
  const worse: string[] = [];
  const unjudged: string[] = [];
  let judged = 0;
  for (const c of candidate.gates) {
    const b = base.get(c.id);
    if (!b || b.value === null || c.value === null) {
      unjudged.push(c.label);
      continue;
    }
    judged++;
    const isWorse = c.better === 'higher' ? c.value < b.value - tolerance : c.value > b.value + tolerance;
    if (isWorse) worse.push(`${c.label}: ${fmt(b.value)} → ${fmt(c.value)}`);
  }
  const promote = worse.length === 0 && judged > 0;
  const reason = worse.length
    ? `Ditolak: lebih buruk pada ${worse.length} gerbang (${worse.join('; ')}).`
    : judged
      ? `Layak dipromosikan: tidak lebih buruk pada ${judged} gerbang${unjudged.length ? ` (${unjudged.length} tidak dinilai karena belum ada data)` : ''}.`
      : 'Ditolak: tidak ada gerbang yang bisa dinilai.';
  return { promote, worse, unjudged, reason };
}
