import { sql, type Kysely } from 'kysely';
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
 * All the context's fingerprints in one statement: a worker checks them before every job, so this is
 * one round trip per job however many indexes the context holds (four queries before, issue 21).
 */
export async function classifyContextState(
  db: Kysely<Database>,
  opts: { pipeline: string; factCheckSources: readonly string[] },
): Promise<ClassifyContextState> {
  const r = await sql<ClassifyContextState>`select ${activeModelFingerprint()} as model, ${registryFingerprint(opts.pipeline)} as registry,
    ${decidedCasesFingerprint()} as "decidedCases", ${debunkCorpusFingerprint(opts.factCheckSources)} as debunks`.execute(db);
  return r.rows[0]!;
}
