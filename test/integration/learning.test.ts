import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadPipeline } from '../../src/pipeline/load.ts';
import { listAudit } from '../../src/db/audit.repo.ts';
import { classLabelsForTraining, itemLabels, labelPairs } from '../../src/db/labels.repo.ts';
import { activeModelVersion, listModelVersions } from '../../src/db/model-versions.repo.ts';
import { queue, type QueueFilter } from '../../src/db/queue.repo.ts';
import { agreement } from '../../src/learning/agreement.ts';
import { toTrainingLabels } from '../../src/learning/evaluate.ts';
import { applyActiveModel, loadVersionModels, promoteModel, rollbackModel, trainCandidate, type LearningDeps } from '../../src/learning/models.service.ts';
import { modelVersion } from '../../src/classify/models.ts';
import { runClassify } from '../../src/classify/stage.ts';
import { classifierDeps } from '../../src/classify/deps.ts';
import { classifiedShare } from '../../src/db/model-versions.repo.ts';
import { silentLogger } from '../../src/log.ts';
import { correctItems, isHeldOut } from '../../src/review/labels.service.ts';
import { labellingQueue } from '../../src/review/labelling.service.ts';
import { createTestDb, truncateWithAudit, type TestDb } from '../helpers/db.ts';
import { expectDeskError, flaggedIds, model, resetDesk, seedItems, seedTeam, triage, version, type Team } from '../helpers/desk.ts';
import { tinyTrainer } from '../helpers/tiny-trainer.ts';
import { createApp } from '../../src/web/app.ts';
import { deskRuntime } from '../helpers/desk-server.ts';
import { PASSWORD } from '../helpers/desk.ts';

let tdb: TestDb;
let team: Team;
let flagged: number[];
let dataDir: string;
const units = ['Polri', 'Polda', 'Polres', 'Polsek', 'Polres Belitung Timur'];

beforeAll(async () => {
  tdb = await createTestDb();
  await seedItems(tdb.db);
  team = await seedTeam(tdb.db);
  flagged = await flaggedIds(tdb.db);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-learning-'));
});
afterAll(async () => {
  await tdb?.dispose();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(async () => {
  await resetDesk(tdb.db);
  await truncateWithAudit(tdb.db, sql`truncate item_labels, model_versions`);
});

const filter = (f: Partial<QueueFilter> = {}): QueueFilter => ({ modelVersion: version, status: 'terbuka', sort: 'prioritas', page: 1, pageSize: 500, ...f });
const ids = async (f: Partial<QueueFilter>) => (await queue(tdb.db, filter(f)).list()).map((r) => r.id);

describe('one-click corrections', () => {
  it('closes "bukan hoaks" and "resmi/netral" items for the open queue, routes "kritik" to pengaduan, and keeps hoaxes open, with no case', async () => {
    const [a, b, c, d] = flagged;
    await correctItems(tdb.db, team.analis, [a!], { kind: 'class', value: 'bukan_hoaks' });
    await correctItems(tdb.db, team.analis, [b!], { kind: 'class', value: 'resmi_netral' });
    await correctItems(tdb.db, team.analis, [c!], { kind: 'class', value: 'kritik' });
    await correctItems(tdb.db, team.analis, [d!], { kind: 'class', value: 'hoaks_polisi' });
    const open = await ids({ status: 'terbuka' });
    expect(open).not.toContain(a);
    expect(open).not.toContain(b);
    expect(open).not.toContain(c);
    expect(open).toContain(d);
    expect(await ids({ status: 'baru' })).not.toContain(a);
    const complaints = await ids({ status: 'pengaduan' });
    expect(complaints).toContain(c);
    expect(complaints).not.toContain(a);
    expect(await ids({ status: 'semua' })).toEqual(expect.arrayContaining([a, b, c, d]));
    const cases = await tdb.db.selectFrom('cases').select('id').execute();
    expect(cases).toEqual([]); // never needs a case
  });

  it('labels many items in one call (bulk), writes who and when to the audit log, and lets a later label speak for the item', async () => {
    const five = flagged.slice(0, 5);
    const r = await correctItems(tdb.db, team.analis, five, { kind: 'class', value: 'bukan_hoaks' });
    expect(r.labelled.sort()).toEqual([...five].sort());
    const audit = (await listAudit(tdb.db, { entity: 'item' })).filter((x) => x.action === 'item.labelled');
    expect(audit.map((x) => Number(x.entity_id)).sort()).toEqual([...five].sort());
    expect(audit.every((x) => x.username === 'rina' && x.at instanceof Date)).toBe(true);
    expect(audit[0]!.after).toMatchObject({ label: 'bukan_hoaks' });
    // The same click again changes nothing and is not audited twice.
    expect(await correctItems(tdb.db, team.analis, five, { kind: 'class', value: 'bukan_hoaks' })).toEqual({ labelled: [], unchanged: five, failed: [] });
    // A colleague says the first one is a hoax about the police: it is back in the open queue.
    await correctItems(tdb.db, team.analis2, [five[0]!], { kind: 'class', value: 'hoaks_polisi' });
    expect(await ids({ status: 'terbuka' })).toContain(five[0]);
    const labels = await itemLabels(tdb.db, five[0]!);
    expect(labels.map((l) => [l.user_name, l.value, l.current])).toEqual([
      ['Brigpol Dodi Analis', 'hoaks_polisi', true],
      ['Bripka Rina Analis', 'bukan_hoaks', false],
    ]);
    // The analyst changes their mind: the audit keeps before and after.
    await correctItems(tdb.db, team.analis, [five[1]!], { kind: 'class', value: 'kritik' });
    const change = (await listAudit(tdb.db, { entity: 'item', entityId: String(five[1]) }))[0]!;
    expect([change.before, change.after]).toEqual([{ label: 'bukan_hoaks' }, { label: 'kritik', heldout: isHeldOut(five[1]!) }]);
  });

  it('corrects topic and police unit, refusing unknown ones, unknown items and other roles by name, storing nothing', async () => {
    const id = flagged[0]!;
    await correctItems(tdb.db, team.analis, [id], { kind: 'topic', value: 'narkoba' });
    await correctItems(tdb.db, team.analis, [id], { kind: 'unit', value: 'Polres Belitung Timur' }, { units });
    expect((await itemLabels(tdb.db, id)).map((l) => `${l.kind}:${l.value}`).sort()).toEqual(['topic:narkoba', 'unit:Polres Belitung Timur']);
    await expectDeskError(correctItems(tdb.db, team.analis, [id], { kind: 'topic', value: 'cuaca' }), 'INVALID_INPUT', /Topik "cuaca" tidak dikenal/);
    await expectDeskError(
      correctItems(tdb.db, team.analis, [id], { kind: 'unit', value: 'Polres Bogor' }, { units }),
      'INVALID_INPUT',
      /Satuan polisi "Polres Bogor"/,
    );
    await expectDeskError(
      // Only unknown items: nothing to label (a mix costs only the unknown ones: corrections-bulk.test.ts).
      correctItems(tdb.db, team.analis, [999_999], { kind: 'class', value: 'bukan_hoaks' }),
      'INVALID_INPUT',
      /#999999 tidak ditemukan/,
    );
    await expectDeskError(correctItems(tdb.db, team.humas, [id], { kind: 'class', value: 'bukan_hoaks' }), 'FORBIDDEN');
    await expectDeskError(correctItems(tdb.db, team.analis, [id], { kind: 'class', value: 'palsu' as never }), 'INVALID_INPUT', /Koreksi "palsu"/);
    expect((await itemLabels(tdb.db, id)).filter((l) => l.kind === 'class')).toEqual([]);
  });

  it('holds out a fixed fifth of the items by a hash of their id, whoever labels them and whenever', async () => {
    const all = flagged.slice(0, 60);
    await correctItems(tdb.db, team.analis, all, { kind: 'class', value: 'bukan_hoaks' });
    await correctItems(tdb.db, team.analis2, all, { kind: 'class', value: 'kritik' });
    const rows = await tdb.db.selectFrom('item_labels').select(['item_id', 'heldout']).execute();
    expect(rows.every((r) => r.heldout === isHeldOut(r.item_id))).toBe(true);
    const share = all.filter(isHeldOut).length / all.length;
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThan(0.45);
  });
});

describe('agreement', () => {
  it("measures Cohen's kappa per class where two analysts labelled the same items", async () => {
    const [a, b, c, d] = flagged;
    await correctItems(tdb.db, team.analis, [a!, b!], { kind: 'class', value: 'kritik' });
    await correctItems(tdb.db, team.analis, [c!, d!], { kind: 'class', value: 'bukan_hoaks' });
    await correctItems(tdb.db, team.analis2, [a!, b!, c!], { kind: 'class', value: 'kritik' });
    await correctItems(tdb.db, team.analis2, [d!], { kind: 'class', value: 'bukan_hoaks' });
    const ag = agreement(await labelPairs(tdb.db));
    expect(ag.pairs).toBe(4);
    expect(ag.observed).toBe(0.75);
    // kritik: rater 1 yes,yes,no,no; rater 2 yes,yes,yes,no → po 0.75, pe 0.5·0.75 + 0.5·0.25 = 0.5 → κ 0.5
    expect(ag.perClass.kritik.kappa).toBeCloseTo(0.5, 6);
    expect(ag.perClass.hoaks_polisi.kappa).toBeNull();
  });
});

describe('labelling queue', () => {
  it('offers the least certain unlabelled items, spread over sources and topics, up to the daily allowance', async () => {
    const now = new Date();
    const q = await labellingQueue(tdb.db, team.analis, { modelVersion: version, perDay: 6, timezone: 'Asia/Jakarta', now });
    expect(q.items).toHaveLength(6);
    // One item per (source, topic) before any group gives a second.
    expect(new Set(q.items.map((i) => `${i.source_id}/${i.topics[0] ?? ''}`)).size).toBe(6);
    const certainties = await tdb.db
      .selectFrom('classifications')
      .select(sql<number>`abs(hoax_score - 0.5) * 2`.as('m'))
      .where('model_version', '=', version)
      .execute();
    const median = certainties.map((r) => Number(r.m)).sort((x, y) => x - y)[Math.floor(certainties.length / 2)]!;
    expect(q.items.filter((i) => i.source_id === 'tbh').every((i) => i.certainty <= median)).toBe(true);
    await correctItems(tdb.db, team.analis, [q.items[0]!.id, q.items[1]!.id], { kind: 'class', value: 'bukan_hoaks' });
    const after = await labellingQueue(tdb.db, team.analis, { modelVersion: version, perDay: 6, timezone: 'Asia/Jakarta', now });
    expect(after.givenToday).toBe(2);
    expect(after.items).toHaveLength(4);
    expect(after.items.map((i) => i.id)).not.toContain(q.items[0]!.id);
    // A colleague is offered one item in five that someone labelled already, for agreement.
    const other = await labellingQueue(tdb.db, team.analis2, { modelVersion: version, perDay: 5, timezone: 'Asia/Jakarta', now });
    expect(other.items.filter((i) => i.shared).map((i) => i.id)).toHaveLength(1);
    expect([q.items[0]!.id, q.items[1]!.id]).toContain(other.items.find((i) => i.shared)!.id);
  });
});

describe('model versions', () => {
  /** Labels every classified first copy: hoax (hoaks tentang polisi) above the median hoax score, else bukan hoaks. */
  async function labelEverything(): Promise<void> {
    const rows = await tdb.db
      .selectFrom('classifications as c')
      .innerJoin('items as i', 'i.id', 'c.item_id')
      .select(['i.id', 'c.hoax_score'])
      .where('c.model_version', '=', version)
      .where('i.duplicate_of', 'is', null)
      .execute();
    const median = rows.map((r) => r.hoax_score).sort((a, b) => a - b)[Math.floor(rows.length / 2)]!;
    await correctItems(
      tdb.db,
      team.analis,
      rows.filter((r) => r.hoax_score >= median).map((r) => r.id),
      { kind: 'class', value: 'hoaks_polisi' },
    );
    await correctItems(
      tdb.db,
      team.analis,
      rows.filter((r) => r.hoax_score < median).map((r) => r.id),
      { kind: 'class', value: 'bukan_hoaks' },
    );
  }

  async function deps(over: Partial<LearningDeps> & Pick<LearningDeps, 'trainer'>): Promise<LearningDeps> {
    const beltim = await loadPipeline('beltim');
    return {
      db: tdb.db,
      dataDir,
      ctx: { model, triage, lexicon: { units: beltim.area.units }, places: beltim.area.places },
      log: silentLogger,
      ...over,
    };
  }

  it('exports the labels to training without the held-out ones, as hoax and police-class targets', async () => {
    await labelEverything();
    const trainer = tinyTrainer({ tag: 'export' });
    await trainCandidate(await deps({ trainer }));
    const given = trainer.seen[0]!;
    const stored = await classLabelsForTraining(tdb.db);
    expect(given.length).toBe(stored.filter((l) => !l.heldout).length);
    expect(given.some((l) => isHeldOut(l.item_id))).toBe(false);
    expect(given.length).toBeGreaterThan(150);
    const byId = new Map(toTrainingLabels(stored).map((l) => [l.item_id, l]));
    for (const l of given) expect(l).toEqual(byId.get(l.item_id));
    expect(given.find((l) => l.label === 'hoaks_polisi')).toMatchObject({ hoax: 1, police_class: 'hoaks_polisi' });
    expect(given.find((l) => l.label === 'bukan_hoaks')).toMatchObject({ hoax: 0, police_class: null });
  });

  it('promotes a better candidate, refuses a worse one with the gates it failed, and rolls back, all audited', async () => {
    await labelEverything();
    // The active model stands for a poor one: trained on the opposite of what the desk says.
    const poorDeps = await deps({ trainer: tinyTrainer({ flip: true, tag: 'poor' }) });
    const poor = await trainCandidate(poorDeps); // judged against the shipped model: worse
    expect(poor.status).toBe('refused');
    expect(poor.decision).toMatch(/^Ditolak: lebih buruk pada \d+ gerbang \(Label meja \(set uji\)/);
    await expectDeskError(promoteModel(tdb.db, team.admin, poor.id), 'INVALID_STATE', /ditolak gerbang mutu/);
    expect(fs.existsSync(path.join(dataDir, poor.dir, 'record.json'))).toBe(true);

    const poorModels = loadVersionModels(dataDir, poor.dir);
    const better = await trainCandidate(await deps({ trainer: tinyTrainer({ tag: 'good' }), ctx: { ...poorDeps.ctx, ...poorModels } }));
    expect(better.status).toBe('candidate');
    expect(better.decision).toMatch(/^Layak dipromosikan: tidak lebih buruk pada \d+ gerbang/);
    await expectDeskError(promoteModel(tdb.db, team.analis, better.id), 'FORBIDDEN');
    const promoted = await promoteModel(tdb.db, team.admin, better.id);
    expect(promoted).toMatchObject({ status: 'active', promoted_by: team.admin.id, previous_id: null });
    expect((await activeModelVersion(tdb.db))?.id).toBe(better.id);

    // Now the better model is active: a worse candidate is refused against it.
    const goodModels = loadVersionModels(dataDir, better.dir);
    const worse = await trainCandidate(await deps({ trainer: tinyTrainer({ flip: true, tag: 'worse' }), ctx: { ...poorDeps.ctx, ...goodModels } }));
    expect(worse.status).toBe('refused');
    expect(worse.baseline_figures).not.toBeNull();

    const rolled = await rollbackModel(tdb.db, team.admin, 'uji coba');
    expect(rolled.retired.id).toBe(better.id);
    expect(rolled.active).toBeNull(); // back to the shipped models
    expect(await activeModelVersion(tdb.db)).toBeUndefined();
    await expectDeskError(rollbackModel(tdb.db, team.admin), 'INVALID_STATE', /Model bawaan sedang aktif/);
    // A candidate judged against a model that is no longer active must be trained again.
    expect((await listModelVersions(tdb.db)).map((v) => v.status).sort()).toEqual(['refused', 'refused', 'retired']);
    const audit = (await listAudit(tdb.db, { entity: 'model' })).map((a) => [a.action, a.entity_id, a.username]);
    expect(audit).toEqual([
      ['model.rolled_back', better.id, 'admin'],
      ['model.promoted', better.id, 'admin'],
    ]);
  });

  it('reclassifies after a promotion with the promoted model, resuming where an interrupted pass stopped', async () => {
    await labelEverything();
    const base = await deps({ trainer: tinyTrainer({ flip: true, tag: 'poor-r' }) });
    const poor = await trainCandidate(base);
    const good = await trainCandidate({ ...base, trainer: tinyTrainer({ tag: 'good-r' }), ctx: { ...base.ctx, ...loadVersionModels(dataDir, poor.dir) } });
    await promoteModel(tdb.db, team.admin, good.id);
    // What every classifying process does before a pass (runtime.ts): it now runs the promoted version.
    const ctx = { ...base.ctx };
    await applyActiveModel(tdb.db, dataDir, ctx, silentLogger);
    const v2 = modelVersion(ctx);
    expect(v2).toBe(good.id);
    const classify = { db: tdb.db, log: silentLogger, ctx };
    const total = (await classifiedShare(tdb.db, v2)).total;
    // A pass killed after its first 100 items...
    const first = await tdb.db.selectFrom('items').select('id').orderBy('id').limit(100).execute();
    expect((await runClassify(classify, { ids: first.map((r) => r.id) })).classified).toBe(100);
    expect(await classifiedShare(tdb.db, v2)).toEqual({ done: 100, total });
    // ...is resumed by the sweep, which classifies only the rest.
    expect((await runClassify(classify, {})).classified).toBe(total - 100);
    expect(await classifiedShare(tdb.db, v2)).toEqual({ done: total, total });
    // Rolled back, the shipped models are loaded again and their classifications are still there.
    await rollbackModel(tdb.db, team.admin);
    await applyActiveModel(tdb.db, dataDir, ctx, silentLogger);
    expect(modelVersion(ctx)).toBe(version);
    expect((await runClassify(classify, {})).classified).toBe(0);
  });

  it("reaches a worker's pass with its first batch: the batch chosen against the previous model is read again", async () => {
    await labelEverything();
    const base = await deps({ trainer: tinyTrainer({ flip: true, tag: 'poor-w' }) });
    const poor = await trainCandidate(base);
    const good = await trainCandidate({ ...base, trainer: tinyTrainer({ tag: 'good-w' }), ctx: { ...base.ctx, ...loadVersionModels(dataDir, poor.dir) } });
    // A worker's classifier (runtime.ts): its context is checked with each pass's first batch of items.
    const worker = classifierDeps(tdb, await loadPipeline('beltim'), { dataDir, modelsDir: undefined, allowModelDownload: false }, silentLogger);
    expect(worker.contextFingerprints).toBeDefined();
    expect((await runClassify(worker, {})).classified).toBe(0); // the shipped models have classified everything
    expect(modelVersion(worker.ctx)).toBe(version);
    const ids = (await tdb.db.selectFrom('items').select('id').orderBy('id').limit(100).execute()).map((r) => r.id);

    // Promoted: these items are all classified by the shipped version, so the first batch comes back
    // empty; the pass still finds the promotion, and classifies them with the promoted model.
    await promoteModel(tdb.db, team.admin, good.id);
    expect((await runClassify(worker, { ids: ids.slice(0, 50) })).classified).toBe(50);
    expect(modelVersion(worker.ctx)).toBe(good.id);
    expect((await classifiedShare(tdb.db, good.id)).done).toBe(50);

    // Rolled back: the first batch (the promoted model has not classified these) carries the news; read
    // again against the shipped version, which classified them all, it is empty: nothing is redone.
    await rollbackModel(tdb.db, team.admin);
    expect((await runClassify(worker, { ids: ids.slice(50) })).classified).toBe(0);
    expect(modelVersion(worker.ctx)).toBe(version);
    expect((await classifiedShare(tdb.db, good.id)).done).toBe(50);
    await tdb.db.deleteFrom('classifications').where('model_version', '=', good.id).execute();
  });
});

describe('corrections over HTTP', () => {
  const BASE = 'http://desk.test';
  async function bearer(app: ReturnType<typeof createApp>, username: string): Promise<Record<string, string>> {
    const res = await app.request(`${BASE}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    const { token } = (await res.json()) as { token: string };
    return { authorization: `Bearer ${token}`, accept: 'application/json', 'content-type': 'application/json' };
  }

  it('labels many items in one JSON post, refuses bad input by field and other roles, and serves the Model and Perlu label pages by role', async () => {
    const app = createApp(await deskRuntime(tdb));
    const rina = await bearer(app, 'rina');
    const five = flagged.slice(0, 5);
    const ok = await app.request(`${BASE}/items/label`, {
      method: 'POST',
      headers: rina,
      body: JSON.stringify({ item_ids: five, kind: 'class', value: 'resmi_netral' }),
    });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { labelled: number[] }).labelled.sort()).toEqual([...five].sort());
    const bad = await app.request(`${BASE}/items/label`, {
      method: 'POST',
      headers: rina,
      body: JSON.stringify({ item_ids: [], kind: 'class', value: 'kritik' }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/item_ids: pilih butir yang akan dikoreksi/);
    const humas = await bearer(app, 'sari');
    const refused = await app.request(`${BASE}/items/label`, {
      method: 'POST',
      headers: humas,
      body: JSON.stringify({ item_ids: [five[0]], value: 'kritik' }),
    });
    expect(refused.status).toBe(403);
    expect((await app.request(`${BASE}/admin/model`, { headers: rina })).status).toBe(403);
    const admin = await bearer(app, 'admin');
    const model = await app.request(`${BASE}/admin/model`, { headers: admin });
    expect(model.status).toBe(200);
    expect(await model.json()).toMatchObject({
      active: null,
      labels: { train: five.filter((i) => !isHeldOut(i)).length, heldout: five.filter(isHeldOut).length },
      // The shipped learning simulation (models/eval/learning-simulation.*) is shown with its plot.
      simulation: { target: 0.1, official: { n: expect.any(Number) as number } },
    });
    const page = await (await app.request(`${BASE}/admin/model`, { headers: { authorization: admin.authorization!, accept: 'text/html' } })).text();
    expect(page).toContain('Simulasi belajar dari meja');
    expect(page).toContain('<img src="/admin/model/simulasi.svg"');
    const plot = await app.request(`${BASE}/admin/model/simulasi.svg`, { headers: admin });
    expect(plot.status).toBe(200);
    expect(plot.headers.get('content-type')).toBe('image/svg+xml');
    expect(await plot.text()).toContain('jumlah koreksi analis');
    expect((await app.request(`${BASE}/admin/model/simulasi.svg`, { headers: rina })).status).toBe(403);
    const labelling = await app.request(`${BASE}/labelling`, { headers: rina });
    expect(((await labelling.json()) as { givenToday: number }).givenToday).toBe(5);
  });
});
