import { sql, type Kysely } from 'kysely';
import type { Database, OfficialAccount, RegistryKind } from './schema.ts';

/** The registry of a pipeline: active entries, or all of them (retired too) for the admin page. */
export function registryEntries(db: Kysely<Database>, pipeline: string, opts: { withRetired?: boolean } = {}): Promise<OfficialAccount[]> {
  let q = db.selectFrom('official_accounts').selectAll().where('pipeline', '=', pipeline);
  if (!opts.withRetired) q = q.where('active', '=', true);
  return q.orderBy('active', 'desc').orderBy('unit').orderBy('kind').orderBy('value').execute();
}

/** Changes whenever an entry is added, edited or retired: the classifier reloads on a new state. */
export async function registryState(db: Kysely<Database>, pipeline: string): Promise<string> {
  const r = await db
    .selectFrom('official_accounts')
    .select([sql<number>`count(*)::int`.as('n'), sql<string | null>`max(updated_at)::text`.as('at'), sql<number | null>`sum(version)::int`.as('v')])
    .where('pipeline', '=', pipeline)
    .executeTakeFirstOrThrow();
  return `${r.n}:${r.at}:${r.v}`;
}

export function getEntry(db: Kysely<Database>, id: number): Promise<OfficialAccount | undefined> {
  return db.selectFrom('official_accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export function activeEntryWith(db: Kysely<Database>, pipeline: string, kind: RegistryKind, value: string): Promise<OfficialAccount | undefined> {
  return db.selectFrom('official_accounts').selectAll().where('pipeline', '=', pipeline).where('kind', '=', kind).where('value', '=', value).where('active', '=', true).executeTakeFirst();
}

export async function hasAnyEntry(db: Kysely<Database>, pipeline: string): Promise<boolean> {
  return !!(await db.selectFrom('official_accounts').select('id').where('pipeline', '=', pipeline).limit(1).executeTakeFirst());
}
