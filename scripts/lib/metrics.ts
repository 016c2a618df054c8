/** Binary classification metrics: accuracy, per-class precision/recall/F1, macro-F1, ROC-AUC, confusion. */
export interface Metrics {
  n: number;
  accuracy: number;
  precision_hoax: number;
  recall_hoax: number;
  f1_hoax: number;
  precision_valid: number;
  recall_valid: number;
  f1_valid: number;
  macro_f1: number;
  roc_auc: number;
  confusion: { tp: number; fp: number; tn: number; fn: number };
}

export function metrics(labels: Array<0 | 1>, scores: number[], threshold: number): Metrics {
  let tp = 0, fp = 0, tn = 0, fn = 0;
  labels.forEach((y, i) => {
    const p = scores[i]! >= threshold ? 1 : 0;
    if (p && y) tp++;
    else if (p && !y) fp++;
    else if (!p && !y) tn++;
    else fn++;
  });
  const div = (a: number, b: number) => (b ? a / b : 0);
  const f1 = (p: number, r: number) => div(2 * p * r, p + r);
  const ph = div(tp, tp + fp), rh = div(tp, tp + fn), pv = div(tn, tn + fn), rv = div(tn, tn + fp);
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
  return {
    n: labels.length,
    accuracy: r4(div(tp + tn, labels.length)),
    precision_hoax: r4(ph), recall_hoax: r4(rh), f1_hoax: r4(f1(ph, rh)),
    precision_valid: r4(pv), recall_valid: r4(rv), f1_valid: r4(f1(pv, rv)),
    macro_f1: r4((f1(ph, rh) + f1(pv, rv)) / 2),
    roc_auc: r4(rocAuc(labels, scores)),
    confusion: { tp, fp, tn, fn },
  };
}

/** Probability that a random hoax scores above a random valid item (ties count half). */
export function rocAuc(labels: Array<0 | 1>, scores: number[]): number {
  const idx = scores.map((s, i) => [s, labels[i]!] as const).sort((a, b) => a[0] - b[0]);
  let rankSum = 0, nPos = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j < idx.length && idx[j]![0] === idx[i]![0]) j++;
    const avgRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (idx[k]![1] === 1) { rankSum += avgRank; nPos++; }
    i = j;
  }
  const nNeg = idx.length - nPos;
  return nPos && nNeg ? (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg) : 0;
}

/** The threshold with the best macro-F1 on these scores (validation data only). */
export function bestThreshold(labels: Array<0 | 1>, scores: number[]): number {
  let best = 0.5, bestF1 = -1;
  for (let t = 0.05; t <= 0.95; t += 0.01) {
    const m = metrics(labels, scores, t).macro_f1;
    if (m > bestF1) [best, bestF1] = [t, m];
  }
  return Math.round(best * 100) / 100;
}

export function formatConfusion(m: Metrics): string {
  const { tp, fp, tn, fn } = m.confusion;
  return [`                predicted hoax  predicted valid`, `  actual hoax   ${String(tp).padStart(14)}  ${String(fn).padStart(15)}`, `  actual valid  ${String(fp).padStart(14)}  ${String(tn).padStart(15)}`].join('\n');
}
