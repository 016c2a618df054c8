/**
 * The review-desk benchmark's data set (bench-web): items from real texts (made unique by a suffix),
 * 1 in 20 flagged, with plausible topics and units, under the desk's current model version. A set
 * already as large is reused (its classifications moved to the current version).
 */
import { sql, type Kysely } from 'kysely';
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
