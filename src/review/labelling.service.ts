import type { Kysely } from 'kysely';
import { labelsGivenSince, uncertainItems, type UncertainItem } from '../db/labels.repo.ts';
import type { Database } from '../db/schema.ts';
import { spreadPick } from '../learning/spread.ts';
import { localInputValue, parseLocalTime } from '../zoned-time.ts';
import { requireRole, type Actor } from './roles.ts';

/** How many of the most uncertain items the spread chooses from. */
const POOL = 400;
/** One item in this many is one a colleague already labelled, so the desk's agreement can be measured. */
const SHARED_EVERY = 5;

export interface LabellingQueue {
  /** The analyst's allowance today and what is left of it. */
  perDay: number;
  givenToday: number;
  items: Array<UncertainItem & { shared: boolean }>;
}

/**
 * "Perlu label": the items the current model is least sure about (hoax score near its line, or the
 * two most probable police classes close), spread over sources and topics, as many as the analyst's
 * daily allowance still allows; nobody's labelled items come back, except one in SHARED_EVERY that a
 * colleague labelled and this analyst has not (for agreement).
 */
export async function labellingQueue(
  db: Kysely<Database>,
  actor: Actor,
  opts: { modelVersion: string; perDay: number; timezone: string; now?: Date },
): Promise<LabellingQueue> {
  requireRole(actor, 'case.triage');
  const now = opts.now ?? new Date();
  const midnight = parseLocalTime(`${localInputValue(now, opts.timezone).slice(0, 10)}T00:00`, opts.timezone);
  const givenToday = await labelsGivenSince(db, actor.id, midnight);
  const left = Math.max(0, opts.perDay - givenToday);
  if (!left) return { perDay: opts.perDay, givenToday, items: [] };
  const sharedN = Math.floor(left / SHARED_EVERY);
  const shared = sharedN ? spreadPick(await uncertainItems(db, { modelVersion: opts.modelVersion, limit: POOL, labelledByOthersOf: actor.id }), sharedN) : [];
  const fresh = spreadPick(await uncertainItems(db, { modelVersion: opts.modelVersion, limit: POOL }), left - shared.length);
  return {
    perDay: opts.perDay,
    givenToday,
    items: [...fresh.map((x) => ({ ...x, shared: false })), ...shared.map((x) => ({ ...x, shared: true }))],
  };
}
