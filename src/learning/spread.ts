/**
 * The labelling queue's choice: the most uncertain items, spread over sources and topics so a day's
 * few labels do not all come from one busy channel. Pure.
 */

export interface Spreadable {
  id: number;
  source_id: string;
  topics: readonly string[];
  /** Lower is less sure. */
  certainty: number;
}

/**
 * Picks `n` items round-robin over (source, first topic) groups, each group's least certain first,
 * groups ordered by their least certain item.
 * @example spreadPick([{ id: 1, source_id: 'a', topics: [], certainty: 0 }], 1).map((x) => x.id) // [1]
 */
export function spreadPick<T extends Spreadable>(candidates: readonly T[], n: number): T[] {
  const groups = new Map<string, T[]>();
  for (const c of [...candidates].sort((a, b) => a.certainty - b.certainty || b.id - a.id)) {
    const key = `${c.source_id}\u0000${c.topics[0] ?? ''}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(c);
  }
  const queues = [...groups.values()];
  const out: T[] = [];
  while (out.length < n && queues.some((q) => q.length)) {
    for (const q of queues) {
      const next = q.shift();
      if (next) out.push(next);
      if (out.length >= n) break;
    }
  }
  return out;
}
