import type { Kysely } from 'kysely';
import type { Validators } from '../fetch/http-client.ts';
import type { Database } from './schema.ts';

/** A URL's validators as last stored (fetch-runs.repo.ts's finishRun stores them, with the run's outcome). */
export async function getValidators(db: Kysely<Database>, url: string): Promise<Validators | undefined> {
  const row = await db.selectFrom('http_validators').select(['etag', 'last_modified']).where('url', '=', url).executeTakeFirst();
  return row ? { etag: row.etag, lastModified: row.last_modified } : undefined;
}
