import { setImmediate as nextTurn } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';

/** Longest stretch of CPU work between turns of the event loop. */
const SLICE_MS = 8;

/**
 * Maps `xs` with a CPU-heavy `fn`, giving the event loop a turn every few milliseconds. A worker runs
 * several jobs at once, and one of them may be inside a store transaction that holds the cluster-wide
 * duplicate-linking lock, waiting for this process to read PostgreSQL's answer and send the next
 * statement: a classification pass of 200 items run in one go kept that answer unread (and every
 * other worker waiting on the lock) for as long as it took (issue 21).
 */
export async function mapInSlices<T, R>(xs: readonly T[], fn: (x: T) => R): Promise<R[]> {
  const out: R[] = [];
  let since = performance.now();
  for (const x of xs) {
    out.push(fn(x));
    if (performance.now() - since > SLICE_MS) {
      await nextTurn();
      since = performance.now();
    }
  }
  return out;
}
