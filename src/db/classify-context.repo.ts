import { sql, type Kysely, type RawBuilder } from 'kysely';
import { decidedCasesFingerprint } from './cases.repo.ts';
import { debunkCorpusFingerprint } from './classifications.repo.ts';
import { activeModelFingerprint } from './model-versions.repo.ts';
import { registryFingerprint } from './registry.repo.ts';
import type { Database } from './schema.ts';

/** Fingerprints of what the classifier's context is built from: each part is rebuilt when its own changes. */
export interface ClassifyContextState {
  model: string;
  registry: string;
  decidedCases: string;
  debunks: string;
}

/**
 * All the context's fingerprints as one JSON value, for a statement to select: a worker checks them
 * before every job, so they come with the job's first batch of items (classifications.repo.ts's
 * itemsToClassify) rather than in a round trip of their own (four queries before, then one; issue 21).
 */
export function classifyContextFingerprints(opts: { pipeline: string; factCheckSources: readonly string[] }): RawBuilder<ClassifyContextState> {
  return sql<ClassifyContextState>`json_build_object('model', ${activeModelFingerprint()}, 'registry', ${registryFingerprint(opts.pipeline)},
    'decidedCases', ${decidedCasesFingerprint()}, 'debunks', ${debunkCorpusFingerprint(opts.factCheckSources)})`;
}

/** The fingerprints alone (a check with no batch to read: the training job, the model page). */
export async function classifyContextState(
  db: Kysely<Database>,
  opts: { pipeline: string; factCheckSources: readonly string[] },
): Promise<ClassifyContextState> {
  const r = await sql<{ state: ClassifyContextState }>`select ${classifyContextFingerprints(opts)} as state`.execute(db);
  return r.rows[0]!.state;
}
