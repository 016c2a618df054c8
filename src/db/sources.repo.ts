import type { Kysely } from 'kysely';
import { ConfigError } from '../errors.ts';
import type { Database, Source, SourceKind } from './schema.ts';

export interface SourceDeclaration {
  id: string;
  kind: SourceKind;
  name: string;
  schedule: string | null;
  config: Record<string, unknown>;
  enabled: boolean;
}

/** Sources per upsert statement: 8 parameters each, far under PostgreSQL's 65,535. */
const SOURCE_CHUNK = 1_000;

/**
 * Makes the `sources` table match a pipeline: declared sources are inserted or updated, sources the
 * pipeline no longer declares are disabled (their items and runs stay).
 */
export async function syncSources(db: Kysely<Database>, pipeline: string, declared: SourceDeclaration[]): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const ids = declared.map((d) => d.id);
    if (ids.length) {
      const clash = await tx.selectFrom('sources').select(['id', 'pipeline']).where('id', 'in', ids).where('pipeline', '<>', pipeline).executeTakeFirst();
      if (clash) {
        throw new ConfigError(`source "${clash.id}" belongs to pipeline "${clash.pipeline}" in this database; pick another id for pipeline "${pipeline}"`);
      }
    }
    // One statement per SOURCE_CHUNK sources: an upsert each was a round trip per source at every
    // start of every process (563 for bench:scale's pipeline; issue 21). An id declared twice keeps
    // its last declaration, as one upsert after another did (one statement cannot touch a row twice).
    const latest = [...new Map(declared.map((d) => [d.id, d])).values()];
    const now = new Date();
    for (let i = 0; i < latest.length; i += SOURCE_CHUNK) {
      await tx
        .insertInto('sources')
        .values(latest.slice(i, i + SOURCE_CHUNK).map((d) => ({ ...d, pipeline, config: JSON.stringify(d.config), updated_at: now })))
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            kind: eb.ref('excluded.kind'),
            name: eb.ref('excluded.name'),
            schedule: eb.ref('excluded.schedule'),
            config: eb.ref('excluded.config'),
            enabled: eb.ref('excluded.enabled'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
    let stale = tx.updateTable('sources').set({ enabled: false, updated_at: new Date() }).where('pipeline', '=', pipeline).where('enabled', '=', true);
    if (ids.length) stale = stale.where('id', 'not in', ids);
    await stale.execute();
  });
}

export function listSources(db: Kysely<Database>, pipeline?: string): Promise<Source[]> {
  let q = db.selectFrom('sources').selectAll().orderBy('pipeline').orderBy('id');
  if (pipeline) q = q.where('pipeline', '=', pipeline);
  return q.execute();
}

export function getSource(db: Kysely<Database>, id: string): Promise<Source | undefined> {
  return db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setPaused(db: Kysely<Database>, id: string, paused: boolean): Promise<void> {
  await db
    .updateTable('sources')
    .set({ paused_at: paused ? new Date() : null })
    .where('id', '=', id)
    .execute();
}

/** Throws unless the database answers and is migrated (the health check). */
export async function ping(db: Kysely<Database>): Promise<void> {
  await db.selectFrom('sources').select('id').limit(1).execute();
}
