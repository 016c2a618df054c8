import { ITEM_LABELS, type ItemLabel } from '../vocabulary.ts';

/** Cohen's kappa for one class (that class against the rest) and over all classes together. */
export interface Agreement {
  /** Items two analysts both labelled (each pair of analysts counts once). */
  pairs: number;
  /** Share of pairs where both gave the same label. */
  observed: number | null;
  /** Kappa over all classes; null with no pairs or when chance agreement is certain. */
  kappa: number | null;
  perClass: Record<ItemLabel, { kappa: number | null; either: number }>;
}

function kappaOf(pairs: ReadonlyArray<readonly [string, string]>, categories: readonly string[]): number | null {
  const n = pairs.length;
  if (!n) return null;
  const po = pairs.filter(([a, b]) => a === b).length / n;
  const pe = categories.reduce((s, c) => s + (pairs.filter(([a]) => a === c).length / n) * (pairs.filter(([, b]) => b === c).length / n), 0);
  if (pe >= 1) return null;
  return (po - pe) / (1 - pe);
}

/**
 * Agreement between analysts who labelled the same items (Cohen's kappa). Per class, each label is
 * read as "this class or not", so a class both analysts always avoid has no kappa (null).
 * @example agreement([{ a: 'kritik', b: 'kritik' }, { a: 'kritik', b: 'bukan_hoaks' }]).pairs // 2
 */
export function agreement(pairs: ReadonlyArray<{ a: string; b: string }>): Agreement {
  const ab = pairs.map((p) => [p.a, p.b] as const);
  const perClass = Object.fromEntries(
    ITEM_LABELS.map((c) => {
      const bin = ab.map(([a, b]) => [a === c ? 'y' : 'n', b === c ? 'y' : 'n'] as const);
      return [
        c,
        {
          kappa: bin.some(([a, b]) => a === 'y' || b === 'y') ? kappaOf(bin, ['y', 'n']) : null,
          either: bin.filter(([a, b]) => a === 'y' || b === 'y').length,
        },
      ];
    }),
  ) as Agreement['perClass'];
  return {
    pairs: ab.length,
    observed: ab.length ? ab.filter(([a, b]) => a === b).length / ab.length : null,
    kappa: kappaOf(ab, ITEM_LABELS),
    perClass,
  };
}
