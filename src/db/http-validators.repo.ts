import type { Kysely } from 'kysely';
import type { Validators } from '../fetch/http-client.ts';
import type { Database } from './schema.ts';

export async function getValidators(db: Kysely<Database>, url: string): Promise<Validators | undefined> {
  const row = await db.selectFrom('http_validators').select(['etag', 'last_modified']).where('url', '=', url).executeTakeFirst();
  return row ? { etag: row.etag, lastModified: row.last_modified } : undefined;
}

export async function saveValidators(db: Kysely<Database>, entries: Array<{ url: string } & Validators>): Promise<void> {
  for (const e of entries) {
    if (!e.etag && !e.lastModified) {
      await db.deleteFrom('http_validators').where('url', '=', e.url).execute();
      continue;
    }
    const row = { url: e.url, etag: e.etag ?? null, last_modified: e.lastModified ?? null, updated_at: new Date() };
    await db
      .insertInto('http_validators')
      .values(row)
      .onConflict((oc) => oc.column('url').doUpdateSet({ etag: row.etag, last_modified: row.last_modified, updated_at: row.updated_at }))
      .execute();
  }
}
