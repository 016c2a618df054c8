import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModels, modelVersion } from '../../src/classify/models.ts';
import { runClassify, type ClassifyDeps } from '../../src/classify/stage.ts';
import { flaggedItems } from '../../src/db/classifications.repo.ts';
import { syncSources } from '../../src/db/sources.repo.ts';
import { HttpClient } from '../../src/fetch/http-client.ts';
import { recordRun } from '../../src/ingest/stage.ts';
import { silentLogger } from '../../src/log.ts';
import { loadPipeline } from '../../src/pipeline/load.ts';
import { readImport } from '../../src/sources/import.ts';
import { tipToItem } from '../../src/sources/tip.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { fixture, LOCAL_HTTP } from '../helpers/paths.ts';

let tdb: TestDb;
let deps: ClassifyDeps;
const { model, triage } = loadModels();
const version = modelVersion({ model, triage });

beforeAll(async () => {
  tdb = await createTestDb();
  const beltim = await loadPipeline('beltim');
  deps = { db: tdb.db, log: silentLogger, ctx: { model, triage, lexicon: { units: beltim.area.units }, places: beltim.area.places } };
  await syncSources(tdb.db, 'uji', [
    { id: 'tbh', kind: 'import', name: 'tbh', schedule: null, enabled: true, config: {} },
    { id: 'tips', kind: 'tip', name: 'tips', schedule: null, enabled: true, config: {} },
  ]);
  const ingest = { db: tdb.db, http: new HttpClient(LOCAL_HTTP), log: silentLogger };
  await recordRun(ingest, 'tbh', () =>
    readImport({ path: fixture('turnbackhoax-articles-2026/turnbackhoax_articles.csv'), columns: { text: 'narasi', published_at: 'date' }, language: 'id' }),
  );
  const text = 'Info dari grup sebelah: penculikan anak di Manggar, Kapolres Beltim minta warga waspada. Sebarkan ke semua grup!!!';
  for (let i = 0; i < 3; i++) await recordRun(ingest, 'tips', async () => ({ items: [tipToItem({ text })], rejected: [] }));
});
afterAll(() => tdb?.dispose());

const count = async (v = version) =>
  (
    await tdb.db
      .selectFrom('classifications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('model_version', '=', v)
      .executeTakeFirstOrThrow()
  ).n;

describe('runClassify', () => {
  it('classifies every stored item once, in batches, with reasons, and flags some', async () => {
    const s = await runClassify(deps, { batchSize: 100 });
    expect(s.classified).toBe(893);
    expect(await count()).toBe(893);
    expect(s.flagged).toBeGreaterThan(0);
    const top = await flaggedItems(tdb.db, version, 5);
    expect(top.length).toBe(5);
    for (const f of top) expect(f.reasons.length).toBeGreaterThan(0);
    // The local tip (police + area + reposts) is among the flagged, with its repost count as reach.
    const tip = await tdb.db
      .selectFrom('classifications')
      .selectAll()
      .where('item_id', '=', (await tdb.db.selectFrom('items').select('id').where('source_id', '=', 'tips').orderBy('id').executeTakeFirstOrThrow()).id)
      .executeTakeFirstOrThrow();
    expect(tip.flagged).toBe(true);
    expect(tip.police_units).toEqual(['Polres Belitung Timur']);
    expect(tip.reasons.map((r) => r.label).join(' | ')).toContain('2 unggahan ulang');
  });

  it('adds nothing when re-run, and re-does everything for reclassify or a new model version', async () => {
    expect((await runClassify(deps)).classified).toBe(0);
    expect((await runClassify(deps, { all: true })).classified).toBe(893);
    expect(await count()).toBe(893);
    const next = { ...deps, ctx: { ...deps.ctx, model: model.withMeta({ version: 'hoax-lr-test-next' }) } };
    expect((await runClassify(next)).classified).toBe(893);
    expect(await count(modelVersion(next.ctx))).toBe(893);
    expect(await count()).toBe(893); // the old version's rows stay for comparison
  });

  it('stops between batches when cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    const next = { ...deps, ctx: { ...deps.ctx, model: model.withMeta({ version: 'hoax-lr-test-cancelled' }) } };
    expect((await runClassify(next, { signal: ac.signal })).classified).toBe(0);
  });
});

describe('runClassify with fact-checks', () => {
  it('matches items against the debunked claims of fact-check sources and gives the match as a reason', async () => {
    await syncSources(tdb.db, 'uji', [
      { id: 'tempo', kind: 'import', name: 'tempo', schedule: null, enabled: true, config: {} },
      { id: 'tips', kind: 'tip', name: 'tips', schedule: null, enabled: true, config: {} },
      { id: 'tbh', kind: 'import', name: 'tbh', schedule: null, enabled: true, config: {} },
    ]);
    const ingest = { db: tdb.db, http: new HttpClient(LOCAL_HTTP), log: silentLogger };
    await recordRun(ingest, 'tempo', () => readImport({ path: fixture('tempo-cekfakta-feed/DERIVED_unique_items.jsonl'), columns: {}, language: 'id' }));
    // The claim as people forward it, in other words than Tempo's fact-check.
    const forwarded = 'Lihat video ini, kondisi kota Tel Aviv dan Haifa sebelum dan sesudah diserang rudal Iran, hancur total!! sebarkan';
    await recordRun(ingest, 'tips', async () => ({ items: [tipToItem({ text: forwarded })], rejected: [] }));

    const { ClaimIndex } = await import('../../src/classify/claim-match.ts');
    const { debunkItems } = await import('../../src/db/classifications.repo.ts');
    const withClaims: ClassifyDeps = {
      ...deps,
      ctx: { ...deps.ctx, model: model.withMeta({ version: 'hoax-lr-test-claims' }) },
      refresh: async () => {
        withClaims.ctx.claims = ClaimIndex.build(await debunkItems(tdb.db, ['tempo']));
      },
    };
    await runClassify(withClaims);
    const tipId = (await tdb.db.selectFrom('items').select('id').where('source_id', '=', 'tips').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
    const row = await tdb.db
      .selectFrom('classifications')
      .selectAll()
      .where('item_id', '=', tipId)
      .where('model_version', '=', modelVersion(withClaims.ctx))
      .executeTakeFirstOrThrow();
    expect(row.claim_matches[0]).toMatchObject({
      title: 'Keliru: Video Kondisi Tel Aviv dan Haifa Sebelum dan Sesudah Serangan Iran',
      url: expect.stringContaining('tempo.co'),
    });
    expect(row.reasons.find((r) => r.code === 'klaim')?.label).toMatch(/^Mirip hoaks yang sudah dibantah: Keliru: Video Kondisi Tel Aviv/);
  });
});

describe('runClassify with an embedding model', () => {
  it('stores one vector per classified item and model, once', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { writeTinyBert } = await import('../helpers/tiny-bert.ts');
    const { loadEmbedder } = await import('../../src/classify/embeddings.ts');
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-models-'));
    writeTinyBert(root, 'uji/tiny-bert', ['hoaks', 'gunung', 'erupsi', 'polisi', 'penipuan']);
    const embedder = await loadEmbedder({ manifest: { id: 'uji/tiny-bert', dim: 4, quantized: false }, modelsDir: root, log: silentLogger });
    const version = 'hoax-lr-test-embeddings';
    const withEmbeddings: ClassifyDeps = { ...deps, embedder, ctx: { ...deps.ctx, model: model.withMeta({ version }) } };
    const s = await runClassify(withEmbeddings, { batchSize: 300 });
    const stored = await tdb.db
      .selectFrom('item_embeddings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('model_id', '=', 'uji/tiny-bert')
      .executeTakeFirstOrThrow();
    expect(stored.n).toBe(s.classified);
    const one = await tdb.db.selectFrom('item_embeddings').select('vector').limit(1).executeTakeFirstOrThrow();
    expect(one.vector).toHaveLength(4);
    expect(Math.hypot(...one.vector)).toBeCloseTo(1, 4);
    await runClassify(withEmbeddings, { all: true });
    const again = await tdb.db
      .selectFrom('item_embeddings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(again.n).toBe(s.classified);
  });
});

describe('saring classify and the stage', () => {
  it('write the same classification for the same input (police flags, signals, case matches, trust)', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { spawn } = await import('node:child_process');
    const { PROJECT_DIR } = await import('../helpers/paths.ts');
    // Stored as social posts, so the stage reads them with a trust class, as the CLI lines say it.
    await syncSources(tdb.db, 'beltim', [{ id: 'posts', kind: 'import', name: 'posts', schedule: null, enabled: true, config: {} }]);
    const ingest = { db: tdb.db, http: new HttpClient(LOCAL_HTTP), log: silentLogger };
    const texts = [
      'Selamat siang, saya AKBP Indra Kapolres Beltim. Anak bapak ditangkap karena narkoba, transfer 15 juta ke rekening BRI 1234567.',
      'Udah lapor polisi 3 bulan gak ada kabarnya. Percuma lapor polisi @DivHumas_Polri',
      'Satlantas Polres Belitung Timur menggelar Operasi Zebra di Manggar mulai Senin.',
    ];
    await recordRun(ingest, 'posts', async () => ({ items: texts.map((text, i) => ({ ...tipToItem({ text }), externalId: `post-${i}` })), rejected: [] }));
    const stageDeps: ClassifyDeps = { ...deps, sourceTrust: new Map([['posts', 'social' as const]]) };
    await runClassify(stageDeps, { all: true });
    const rows = await tdb.db
      .selectFrom('items as i')
      .innerJoin('classifications as c', 'c.item_id', 'i.id')
      .select([
        'i.id',
        'i.text',
        'i.published_at',
        'c.hoax',
        'c.hoax_score',
        'c.police_flags',
        'c.signals',
        'c.case_matches',
        'c.source_trust',
        'c.flagged',
        'c.priority',
      ])
      .where('i.source_id', '=', 'posts')
      .where('c.model_version', '=', version)
      .execute();
    expect(rows).toHaveLength(3);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-agree-'));
    fs.writeFileSync(
      path.join(dir, 'in.jsonl'),
      rows.map((r) => JSON.stringify({ id: r.id, text: r.text, published_at: r.published_at?.toISOString(), source_trust: 'social' })).join('\n'),
    );
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn('node', ['bin/saring.mjs', 'classify', '--in', path.join(dir, 'in.jsonl'), '--out', path.join(dir, 'out.jsonl'), '-p', 'beltim'], {
        cwd: PROJECT_DIR,
        stdio: 'ignore',
      });
      child.on('error', reject);
      child.on('close', resolve);
    });
    expect(code).toBe(0);
    const out = new Map(
      fs
        .readFileSync(path.join(dir, 'out.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .map((o) => [o.id, o]),
    );
    for (const r of rows) {
      const cli = out.get(r.id)!;
      expect(cli).toMatchObject({
        model_version: version,
        hoax: r.hoax,
        hoax_score: r.hoax_score,
        source_trust: r.source_trust,
        flagged: r.flagged,
        priority: r.priority,
      });
      expect(cli.police_flags).toEqual(r.police_flags);
      expect(cli.signals).toEqual(r.signals);
      expect(cli.case_matches).toEqual(r.case_matches);
      expect(cli.police_class).toBe(r.police_flags?.class ?? null);
    }
    expect(rows.map((r) => r.police_flags?.class)).toEqual(expect.arrayContaining(['kritik', 'mengatasnamakan']));
  });
});
