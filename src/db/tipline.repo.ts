import { sql, type Insertable, type Kysely } from 'kysely';
import { CONFIRMED_VERDICTS } from '../vocabulary.ts';
import type { Database, TiplineUpdatesTable } from './schema.ts';

/** The getUpdates offset that confirms everything this bot has handled; undefined before its first update. */
export async function nextOffset(db: Kysely<Database>, botId: string): Promise<number | undefined> {
  const r = await db
    .selectFrom('tipline_updates')
    .select((eb) => eb.fn.max('update_id').as('last'))
    .where('bot_id', '=', botId)
    .executeTakeFirst();
  return r?.last === null || r?.last === undefined ? undefined : Number(r.last) + 1;
}

/** Records a handled update; a second record of the same update (a retry after a crash) changes nothing. */
export async function recordUpdate(db: Kysely<Database>, row: Insertable<TiplineUpdatesTable>): Promise<void> {
  await db
    .insertInto('tipline_updates')
    .values(row)
    .onConflict((oc) => oc.columns(['bot_id', 'update_id']).doNothing())
    .execute();
}

export function tiplineUpdates(db: Kysely<Database>, botId: string) {
  return db.selectFrom('tipline_updates').selectAll().where('bot_id', '=', botId).orderBy('update_id').execute();
}

/** The stored item of a tip by its identity in the tips source (a tip repeating a known link is not stored again). */
export async function itemIdByKey(db: Kysely<Database>, sourceId: string, key: string): Promise<number | null> {
  const r = await db.selectFrom('items').select('id').where('source_id', '=', sourceId).where('item_key', '=', key).executeTakeFirst();
  return r?.id ?? null;
}

export interface PublishedClaim {
  clarificationId: number;
  caseId: number;
  title: string;
  body: string;
  /** One item of the case: the claim as it circulated. */
  text: string;
}

/**
 * The claims the Polres has answered in public: the items of hoax cases whose clarification is
 * published, each with the latest published clarification of its case.
 */
export async function publishedClaims(db: Kysely<Database>): Promise<PublishedClaim[]> {
  const latest = db
    .selectFrom('clarifications')
    .select(['case_id', sql<number>`max(id)`.as('id')])
    .where('status', '=', 'published')
    .groupBy('case_id')
    .as('p');
  return db
    .selectFrom(latest)
    .innerJoin('clarifications as l', 'l.id', 'p.id')
    .innerJoin('cases as k', 'k.id', 'p.case_id')
    .innerJoin('case_items as ci', 'ci.case_id', 'k.id')
    .innerJoin('items as i', 'i.id', 'ci.item_id')
    .select(['l.id as clarificationId', 'k.id as caseId', 'k.title', 'l.body', sql<string>`left(coalesce(i.title || ' ', '') || i.text, 4000)`.as('text')])
    .where('k.verdict', 'in', CONFIRMED_VERDICTS)
    .orderBy('ci.item_id')
    .execute();
}

/** Changes whenever a clarification is published or edited, a case changes or gains an item: the index is rebuilt then. */
export async function publishedClaimsState(db: Kysely<Database>): Promise<string> {
  const r = await sql<{ n: number; at: string | null; items: number; cases: number | null }>`
    select (select count(*)::int from clarifications where status = 'published') as n,
      (select max(updated_at)::text from clarifications where status = 'published') as at,
      (select count(*)::int from case_items) as items,
      (select sum(version)::int from cases) as cases`.execute(db);
  const row = r.rows[0]!;
  return `${row.n}:${row.at}:${row.items}:${row.cases}`;
}
