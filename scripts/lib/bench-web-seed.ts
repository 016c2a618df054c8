/**
 * The review-desk benchmark's data set (bench-web): items from real texts (made unique by a suffix),
 * 1 in 20 flagged, with plausible topics and units, under the desk's current model version. A set
 * already as large is reused (its classifications moved to the current version).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { TOPICS } from '../../src/classify/topics.ts';
import type { Database } from '../../src/db/schema.ts';
import { syncSources } from '../../src/db/sources.repo.ts';
import { loadDataset } from './datasets.ts';

export async function seedBenchItems(db: Kysely<Database>, pipelineName: string, version: string, total: number): Promise<void> {
  const have = (
    await db
      .selectFrom('items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;
  if (have >= total) {
    // A retrained model changes the version: carry the seeded rows over instead of seeding again.
    const moved = await sql`update classifications set model_version = ${version} where model_version <> ${version}`.execute(db);
    // What autovacuum does on a live database, done now: a migration that rewrote rows (0020 filled the
    // queue's copies) leaves the visibility map stale, and the queue's index-only scans would read the table.
    await sql`vacuum analyze classifications`.execute(db);
    return console.log(`  reusing ${have} items${moved.numAffectedRows ? ` (${moved.numAffectedRows} classifications moved to ${version})` : ''}`);
  }
  const texts = [...loadDataset('ifn'), ...loadDataset('news_tbh'), ...loadDataset('pratiwi')].map((d) => d.text.slice(0, 2000));
  const sources = Array.from({ length: 5 }, (_, i) => ({
    id: `bench-${i}`,
    kind: 'rss' as const,
    name: `Sumber uji ${i}`,
    schedule: null,
    config: {},
    enabled: true,
  }));
  await syncSources(db, pipelineName, sources);
  const t0 = Date.now();
  const chunk = 50_000;
  for (let start = have + 1; start <= total; start += chunk) {
    const end = Math.min(total, start + chunk - 1);
    await sql`
      insert into items (source_id, item_key, url, title, text, language, published_at, fetched_at, content_hash)
      select 'bench-' || (g % 5), 'k' || g, 'https://example.org/b/' || g, null,
             (${texts}::text[])[1 + g % ${texts.length}] || ' #' || g, 'id',
             now() - (g % 200000) * interval '3 minutes', now(), md5(g::text)
      from generate_series(${start}::bigint, ${end}::bigint) g`.execute(db);
    await sql`
      insert into classifications (item_id, model_version, hoax_score, hoax, police_units, topics, priority, flagged, reasons)
      select id, ${version}, (id * 7919 % 1000) / 1000.0, id * 7919 % 1000 > 560,
             case when id % 40 = 0 then array['Polres Belitung Timur'] when id % 7 = 0 then array['Polri'] else '{}'::text[] end,
             array[(${TOPICS as unknown as string[]}::text[])[1 + id % ${TOPICS.length}]],
             case when id % 20 = 0 then 0.45 + (id % 550) / 1000.0 else (id % 450) / 1000.0 end,
             id % 20 = 0,
             '[{"code":"hoax","label":"Kemungkinan hoaks 71% (kata \\"sebarkan\\" (+0.4))","weight":0.28},{"code":"police","label":"Menyebut kepolisian: Polri","weight":0.1}]'::jsonb
      from items where id between ${start} and ${end}
      on conflict do nothing`.execute(db);
    process.stdout.write(`\r  seeded ${end} items (${Math.round((end - have) / ((Date.now() - t0) / 1000))}/s)`);
  }
  process.stdout.write('\n');
  // What autovacuum leaves behind on a live database: statistics and the visibility map, which the
  // queue's index-only scans rely on.
  await sql`vacuum analyze`.execute(db);
}

/** 0–99 from a hash of `id` and `salt`: the seeded ids are multiples of 20, so `id * k % 100` would take five values. */
const spread = (id: RawBuilder<unknown>, salt: number) => sql<number>`((hashint8(${id} * 16 + ${salt})::bigint + 2147483648) % 100)`;

/**
 * A year of desk use over the seeded items, added once (a set that has cases keeps them): eight
 * analysts; a case for 60 % of the flagged items older than a week and 10 % of the newer (the backlog
 * is triaged, the last days are not), a fifth of them tinggi and three in ten rendah, four in five
 * assigned, most decided (35 % hoaks, 30 % bukan hoaks, 10 % still perlu verifikasi, half of the
 * newer ones undecided), 3 % routed to complaint handling, 5 % linked by the HLBK matcher; and class
 * corrections on 10 % of the flagged items and 0.5 % of the others. Without these tables the planner
 * scans them empty, once per row, and the desk's plans are not those of a desk in use. The proportions
 * are assumptions, not measurements of a Polres; the choices are spread by id (deterministic).
 */
export async function seedDeskUse(db: Kysely<Database>, version: string): Promise<void> {
  if (await db.selectFrom('cases').select('id').limit(1).executeTakeFirst()) return;
  const t0 = Date.now();
  await sql`
    insert into users (username, display_name, roles, password_hash)
    select 'analis-uji-' || g, 'Analis Uji ' || g, array['analis'], 'scrypt$bench$no$login$x$x'
    from generate_series(1, 8) g
    on conflict (username) do nothing`.execute(db);
  // One case per picked item, titled by it so its case_items row can find it; h* spread the choices.
  await sql`
    insert into cases (title, verdict, priority, assignee_id, created_by, created_at, updated_at, decided_at, topic, complaint_route, complaint_routed_at)
    select 'Kasus uji ' || p.item_id,
           case when p.recent and p.h1 < 50 then null
                when p.h1 < 35 then 'hoaks' when p.h1 < 40 then 'disinformasi' when p.h1 < 45 then 'misinformasi'
                when p.h1 < 75 then 'bukan_hoaks' when p.h1 < 85 then 'perlu_verifikasi' when p.h1 < 88 then 'klarifikasi'
                else null end,
           case when p.h2 < 20 then 'tinggi' when p.h2 < 70 then 'sedang' else 'rendah' end,
           case when p.h3 < 80 then (select id from users where username = 'analis-uji-' || (1 + p.item_id % 8)) end,
           (select id from users where username = 'analis-uji-' || (1 + p.item_id / 7 % 8)),
           p.seen + interval '2 hours', p.seen + interval '1 day', p.seen + (p.h3 % 72) * interval '1 hour', p.topic,
           case when p.h4 < 2 then 'dumas' when p.h4 < 3 then 'propam' end,
           case when p.h4 < 3 then p.seen + interval '1 day' end
    from (
      select c.item_id, c.queue_seen_at as seen, c.topics[1] as topic, c.queue_seen_at > now() - interval '7 days' as recent,
             ${spread(sql`c.item_id`, 1)} as h1, ${spread(sql`c.item_id`, 2)} as h2, ${spread(sql`c.item_id`, 3)} as h3, ${spread(sql`c.item_id`, 4)} as h4
      from classifications c
      where c.model_version = ${version} and c.flagged
        and ${spread(sql`c.item_id`, 5)} < case when c.queue_seen_at > now() - interval '7 days' then 10 else 60 end
    ) p`.execute(db);
  await sql`update cases set decided_at = null where verdict is null or verdict = 'perlu_verifikasi'`.execute(db);
  await sql`
    insert into case_items (item_id, case_id, added_by, added_at, link, link_score)
    select substring(k.title from 11)::bigint, k.id, k.created_by, k.created_at,
           case when ${spread(sql`k.id`, 6)} < 5 then 'hlbk' else 'manual' end, case when ${spread(sql`k.id`, 6)} < 5 then 0.9 end
    from cases k where k.title like 'Kasus uji %'`.execute(db);
  await sql`
    insert into item_labels (item_id, user_id, kind, value, heldout, created_at)
    select c.item_id, (select id from users where username = 'analis-uji-' || (1 + c.item_id / 3 % 8)), 'class',
           (array['bukan_hoaks', 'bukan_hoaks', 'bukan_hoaks', 'bukan_hoaks', 'resmi_netral', 'resmi_netral', 'kritik', 'kritik', 'mengatasnamakan', 'hoaks_polisi'])[1 + ${spread(sql`c.item_id`, 7)} % 10],
           ${spread(sql`c.item_id`, 8)} < 10, now() - (c.item_id % 365) * interval '1 day'
    from classifications c
    where c.model_version = ${version} and ${spread(sql`c.item_id`, 9)} * 10 + ${spread(sql`c.item_id`, 10)} / 10 < case when c.flagged then 100 else 5 end`.execute(
    db,
  );
  await sql`vacuum analyze`.execute(db);
  const n = async (table: 'cases' | 'case_items' | 'item_labels') =>
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
  console.log(`  desk use: ${await n('cases')} cases, ${await n('item_labels')} class labels, 8 analysts (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

/**
 * Criticism of the police among the unflagged items, 1 in 100 (added once: rows that have police flags
 * keep them): complaint handling (`pengaduan`) shows all of it beside the routed cases and the `kritik`
 * corrections, so its page reads this set. Like the desk's proportions, an assumption, not a measurement.
 */
export async function seedCriticism(db: Kysely<Database>, version: string): Promise<void> {
  const flags = {
    hoaks_tentang_polisi: { score: 0.08, flagged: false, reasons: [] },
    mengatasnamakan_polisi: { score: 0.03, flagged: false, reasons: [] },
    kritik_keluhan: { score: 0.82, flagged: true, reasons: ['Kritik/keluhan terhadap polisi, bukan hoaks: teruskan ke pengaduan masyarakat (Dumas/Propam)'] },
    class: 'kritik',
  };
  const r = await sql`
    update classifications set police_flags = ${JSON.stringify(flags)}::jsonb
    where model_version = ${version} and not flagged and item_id % 100 = 3 and police_flags is null`.execute(db);
  if (r.numAffectedRows) {
    await sql`vacuum analyze classifications`.execute(db);
    console.log(`  criticism of the police: ${r.numAffectedRows} unflagged items`);
  }
}
