import { sql, type Kysely } from 'kysely';
import type { Database, ItemLabelRow, PoliceFlags } from './schema.ts';
import type { LabelKind } from '../vocabulary.ts';

/**
 * The desk's labels (sql/0017): one row per item, analyst and kind. Queries only; the rules (which
 * label closes an item, which are held out) live in review/labels.service.ts.
 */

/** The labels this analyst already gave these items for `kind` (what a correction replaces). */
export function labelsOf(db: Kysely<Database>, userId: number, kind: LabelKind, itemIds: readonly number[]) {
  return db
    .selectFrom('item_labels')
    .selectAll()
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .where('item_id', 'in', itemIds.length ? [...itemIds] : [0])
    .execute();
}

/** Stores (or replaces) one analyst's label of each item; returns the stored rows. */
export function upsertLabels(db: Kysely<Database>, rows: ReadonlyArray<{ itemId: number; userId: number; kind: LabelKind; value: string; heldout: boolean }>) {
  return db
    .insertInto('item_labels')
    .values(rows.map((r) => ({ item_id: r.itemId, user_id: r.userId, kind: r.kind, value: r.value, heldout: r.heldout, current: true })))
    .onConflict((oc) =>
      oc.columns(['item_id', 'user_id', 'kind']).doUpdateSet((eb) => ({
        value: eb.ref('excluded.value'),
        current: true,
        created_at: sql<Date>`now()`,
      })),
    )
    .returningAll()
    .execute();
}

/** The items' earlier class labels stop being current: the newest one speaks for the item. */
export async function retireClassLabels(db: Kysely<Database>, itemIds: readonly number[], keepIds: readonly number[]): Promise<void> {
  if (!itemIds.length) return;
  await db
    .updateTable('item_labels')
    .set({ current: false })
    .where('kind', '=', 'class')
    .where('current', '=', true)
    .where('item_id', 'in', [...itemIds])
    .where('id', 'not in', keepIds.length ? [...keepIds] : [0])
    .execute();
}

/** Whether each item's held-out flag was already decided by an earlier label (it never changes once set). */
export function heldoutDecided(db: Kysely<Database>, itemIds: readonly number[]) {
  return db
    .selectFrom('item_labels')
    .select(['item_id', sql<boolean>`bool_or(heldout)`.as('heldout')])
    .where('item_id', 'in', itemIds.length ? [...itemIds] : [0])
    .groupBy('item_id')
    .execute();
}

/** Every label of one item with who gave it, newest first (the item page). */
export function itemLabels(db: Kysely<Database>, itemId: number) {
  return db
    .selectFrom('item_labels as l')
    .innerJoin('users as u', 'u.id', 'l.user_id')
    .select(['l.id', 'l.kind', 'l.value', 'l.current', 'l.heldout', 'l.created_at', 'u.display_name as user_name', 'l.user_id'])
    .where('l.item_id', '=', itemId)
    .orderBy('l.created_at', 'desc')
    .orderBy('l.id', 'desc')
    .execute();
}

/** How many labels an analyst gave since `since` (the labelling queue's daily allowance). */
export async function labelsGivenSince(db: Kysely<Database>, userId: number, since: Date): Promise<number> {
  const r = await db
    .selectFrom('item_labels')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A labelled item as training takes it: its text and every analyst's class label. */
export interface LabelledText {
  item_id: number;
  title: string | null;
  text: string;
  source_id: string;
  author: string | null;
  value: string;
  user_id: number;
  heldout: boolean;
  created_at: Date;
}

/** The class labels, current ones only (the item's latest word), with each item's text. */
export function classLabelsForTraining(db: Kysely<Database>): Promise<LabelledText[]> {
  return db
    .selectFrom('item_labels as l')
    .innerJoin('items as i', 'i.id', 'l.item_id')
    .select(['l.item_id', 'i.title', 'i.text', 'i.source_id', 'i.author', 'l.value', 'l.user_id', 'l.heldout', 'l.created_at'])
    .where('l.kind', '=', 'class')
    .where('l.current', '=', true)
    .orderBy('l.item_id')
    .execute();
}

/** Pairs of class labels two analysts gave one item (for Cohen's kappa). */
export async function labelPairs(db: Kysely<Database>): Promise<Array<{ item_id: number; a: string; b: string }>> {
  const r = await sql<{ item_id: number; a: string; b: string }>`
    select l1.item_id, l1.value as a, l2.value as b
    from item_labels l1 join item_labels l2 on l2.item_id = l1.item_id and l2.kind = 'class' and l2.user_id > l1.user_id
    where l1.kind = 'class'
    order by l1.item_id`.execute(db);
  return r.rows.map((x) => ({ ...x, item_id: Number(x.item_id) }));
}

/** Counts of labels by kind and held-out part (the Model page). */
export function labelCounts(db: Kysely<Database>) {
  return db
    .selectFrom('item_labels')
    .select(['kind', 'heldout', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['kind', 'heldout'])
    .execute();
}

/** A candidate for the labelling queue: a classified, unlabelled first copy, with what makes it uncertain. */
export interface UncertainItem {
  id: number;
  source_id: string;
  source_name: string;
  title: string | null;
  excerpt: string;
  hoax_score: number;
  police_flags: PoliceFlags | null;
  topics: string[];
  seen_at: Date;
  /** 0 = the model could not be less sure, 1 = it is certain: min of the hoax margin and the police-class margin. */
  certainty: number;
}

/**
 * Items the model is least sure about, most uncertain first: hoax score near the line (the stored
 * score puts every model's threshold at 0.5) or the two most probable police classes close. Only
 * first copies classified by `modelVersion` that nobody has labelled; at most `limit` rows (the
 * service spreads them over sources and topics). With `labelledByOthersOf`, instead only items other
 * analysts labelled and this one did not (a few shared items measure agreement).
 */
export async function uncertainItems(
  db: Kysely<Database>,
  opts: { modelVersion: string; limit: number; since?: Date; labelledByOthersOf?: number },
): Promise<UncertainItem[]> {
  const probs = sql`coalesce((select array_agg(v::float8 order by v::float8 desc) from jsonb_each_text(c.police_flags->'probabilities') as p(k, v)), array[1.0::float8, 0.0::float8])`;
  const certainty = sql<number>`least(abs(c.hoax_score - 0.5) * 2, (${probs})[1] - coalesce((${probs})[2], 0))`;
  const labelled = opts.labelledByOthersOf
    ? sql`exists (select 1 from item_labels l where l.item_id = i.id and l.kind = 'class' and l.user_id <> ${opts.labelledByOthersOf})
          and not exists (select 1 from item_labels l where l.item_id = i.id and l.user_id = ${opts.labelledByOthersOf})`
    : sql`not exists (select 1 from item_labels l where l.item_id = i.id and l.kind = 'class')`;
  const r = await sql<UncertainItem>`
    select i.id, i.source_id, s.name as source_name, i.title, left(i.text, 280) as excerpt, c.hoax_score, c.police_flags, c.topics,
      coalesce(i.published_at, i.fetched_at) as seen_at, ${certainty} as certainty
    from classifications c
    join items i on i.id = c.item_id
    join sources s on s.id = i.source_id
    where c.model_version = ${opts.modelVersion} and i.duplicate_of is null and ${labelled}
      ${opts.since ? sql`and coalesce(i.published_at, i.fetched_at) >= ${opts.since}` : sql``}
    order by certainty, i.id desc
    limit ${opts.limit}`.execute(db);
  return r.rows.map((x) => ({ ...x, id: Number(x.id), certainty: Number(x.certainty) }));
}

export type { ItemLabelRow };
