import { loadModels } from '../../src/classify/models.ts';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { detectEvents } from '../../src/alerts/detect.ts';
import { ClaimIndex } from '../../src/classify/claim-match.ts';
import { pipelineSchema } from '../../src/pipeline/define.ts';
import { OfficialRegistry } from '../../src/classify/official-registry.ts';
import { runClassify, type ClassifyDeps } from '../../src/classify/stage.ts';
import { listAudit } from '../../src/db/audit.repo.ts';
import { decidedCaseClaims, getCase } from '../../src/db/cases.repo.ts';
import { queue, type QueueFilter } from '../../src/db/queue.repo.ts';
import { registryEntries } from '../../src/db/registry.repo.ts';
import { syncSources } from '../../src/db/sources.repo.ts';
import { HttpClient } from '../../src/fetch/http-client.ts';
import { recordRun } from '../../src/ingest/stage.ts';
import { silentLogger } from '../../src/log.ts';
import { loadPipeline } from '../../src/pipeline/load.ts';
import type { Pipeline } from '../../src/pipeline/define.ts';
import { openCase, routeComplaint, setVerdict } from '../../src/review/cases.service.ts';
import { addEntry, retireEntry, seedRegistry, updateEntry } from '../../src/review/registry.service.ts';
import { linkResurfaced } from '../../src/review/hlbk.ts';
import { tipToItem } from '../../src/sources/tip.ts';
import { createApp } from '../../src/web/app.ts';
import { createTestDb, truncateWithAudit, type TestDb } from '../helpers/db.ts';
import { deskRuntime } from '../helpers/desk-server.ts';
import { expectDeskError, version, PASSWORD, seedCriticism, seedTeam, type Team } from '../helpers/desk.ts';
import { LOCAL_HTTP } from '../helpers/paths.ts';

/**
 * Police-aware triage end to end: the registry (admin-edited, versioned) checked by the classify
 * stage, HLBK links to decided cases, and criticism routed to complaint handling. Texts are
 * TurnBackHoax's real ones (tbh-hoax-corpora): the circulating message and, for HLBK, the same
 * claim as another collection recorded it.
 */
let tdb: TestDb;
let team: Team;
let beltim: Pipeline;

// tbh-2024-hoax-narratives 3535 (the message) with the impostor's number TurnBackHoax gives beside it.
const FAKE_KAPOLRES =
  '“Ass…selamat siang ibu Yeni Dengan ibu Yeni pimpinan PT bintang Pratama Apa kabar ibu yeni Dengan saya bapak Kapolres kubu raya AKBP Wahyu Jati Wibowo Terima kasih” WhatsApp +62 812 6872 3893';
// One claim as two collections recorded it: tbh-2024-hoax-narratives (the decided case's item) and
// tbh-claims-fact-1k (the same claim coming back, reworded: not a near-duplicate of the first).
const DECIDED_CLAIM = 'Prabowo Bakal Posisikan Polri di Bawah Naungan TNI';
const RETURNING =
  'Akun TikTok prabowo_fanspage45 pada Minggu (24/11/2024) mengunggah foto berisi potret Presiden Prabowo disertai klaim Prabowo akan posisikan Polri di bawah naungan TNI jika enggan berbenah institusi. Berikut narasi lengkapnya: ...Polri bakal dibawah naungan TNI apabila tidak perbaiki institusi';

const ingest = () => ({ db: tdb.db, http: new HttpClient(LOCAL_HTTP), log: silentLogger, limits: {} });
async function tip(text: string): Promise<number> {
  await recordRun(ingest(), 'tips', async () => ({ items: [tipToItem({ text })], rejected: [] }));
  return (await tdb.db.selectFrom('items').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()).id;
}

/** The classify stage as the runtime builds it: registry and decided cases read from the database. */
async function classifyNow(): Promise<void> {
  const deps: ClassifyDeps = {
    db: tdb.db,
    log: silentLogger,
    ctx: {
      ...loadModels(),
      lexicon: { units: beltim.area.units },
      places: beltim.area.places,
      registry: new OfficialRegistry(await registryEntries(tdb.db, 'beltim'), beltim.area.units),
      decidedCases: ClaimIndex.build(await decidedCaseClaims(tdb.db)),
    },
  };
  await runClassify(deps);
}

const classification = (itemId: number) => tdb.db.selectFrom('classifications').selectAll().where('item_id', '=', itemId).executeTakeFirstOrThrow();
const filter = (f: Partial<QueueFilter>): QueueFilter => ({ modelVersion: version, status: 'terbuka', sort: 'prioritas', page: 1, pageSize: 500, ...f });

beforeAll(async () => {
  tdb = await createTestDb();
  beltim = await loadPipeline('beltim');
  await syncSources(tdb.db, 'beltim', [{ id: 'tips', kind: 'tip', name: 'Laporan masuk', schedule: null, enabled: true, config: {} }]);
  team = await seedTeam(tdb.db);
});
afterAll(() => tdb?.dispose());
beforeEach(async () => {
  await truncateWithAudit(
    tdb.db,
    sql`truncate audit_log, clarification_publications, clarifications, case_notes, reviews, case_items, cases, official_accounts, classifications, items cascade`,
  );
});

describe('official-accounts registry', () => {
  it('is edited by admins only, every version kept in the audit log', async () => {
    await expectDeskError(addEntry(tdb.db, team.analis, 'beltim', { kind: 'telepon', value: '0811 1111 110', unit: 'Polres Kubu Raya' }), 'FORBIDDEN', /Admin/);
    await expectDeskError(
      addEntry(tdb.db, team.admin, 'beltim', { kind: 'telepon', value: '0811-abc', unit: 'Polres Kubu Raya' }),
      'INVALID_INPUT',
      /"0811-abc" bukan nomor telepon Indonesia/,
    );
    await expectDeskError(
      addEntry(tdb.db, team.admin, 'beltim', { kind: 'pejabat', value: 'Wahyu Jati Wibowo', rank: 'Jendral Besar', unit: 'Polres Kubu Raya' }),
      'INVALID_INPUT',
      /pangkat "Jendral Besar" tidak dikenal/,
    );
    await expectDeskError(
      addEntry(tdb.db, team.admin, 'beltim', { kind: 'akun', value: '@polres_kuburaya', unit: 'Polres Kubu Raya' }),
      'INVALID_INPUT',
      /pilih platformnya/,
    );
    const e = await addEntry(tdb.db, team.admin, 'beltim', {
      kind: 'pejabat',
      value: 'Wahyu Jati Wibowo',
      rank: 'akbp',
      position: 'Kapolres',
      unit: 'Polres Kubu Raya',
    });
    expect(e).toMatchObject({ value: 'Wahyu Jati Wibowo', rank: 'AKBP', version: 1, active: true });
    await expectDeskError(
      addEntry(tdb.db, team.admin, 'beltim', { kind: 'pejabat', value: 'Wahyu  Jati Wibowo', unit: 'Polres Kubu Raya' }),
      'INVALID_INPUT',
      /sudah terdaftar \(entri #/,
    );
    const v2 = await updateEntry(tdb.db, team.admin, e.id, 1, {
      kind: 'pejabat',
      value: 'Wahyu Jati Wibowo',
      rank: 'Kombes Pol',
      position: 'Kapolres',
      unit: 'Polres Kubu Raya',
    });
    expect(v2).toMatchObject({ rank: 'Kombes', version: 2 });
    await expectDeskError(
      updateEntry(tdb.db, team.admin, e.id, 1, { kind: 'pejabat', value: 'Budi Santoso', unit: 'Polres Kubu Raya' }),
      'CONFLICT',
      /sudah diubah oleh/,
    );
    const retired = await retireEntry(tdb.db, team.admin, e.id, 2, 'mutasi');
    expect(retired).toMatchObject({ active: false, version: 3 });
    expect(await registryEntries(tdb.db, 'beltim')).toEqual([]);
    expect(await registryEntries(tdb.db, 'beltim', { withRetired: true })).toHaveLength(1);
    const audit = await listAudit(tdb.db, { entity: 'official_account', entityId: String(e.id) });
    expect(audit.map((a) => a.action)).toEqual(['registry.retired', 'registry.updated', 'registry.created']);
    expect(audit[1]).toMatchObject({ before: { rank: 'AKBP', version: 1 }, after: { rank: 'Kombes', version: 2 } });
  });

  it('takes the pipeline file’s entries once, never over an admin’s edits', async () => {
    const seed = [
      { kind: 'akun' as const, platform: 'instagram', value: '@polres_beltim', unit: 'Polres Belitung Timur' },
      { kind: 'telepon' as const, platform: 'whatsapp', value: '0811-7171-110', unit: 'Polres Belitung Timur' },
    ];
    expect(await seedRegistry(tdb.db, 'beltim', seed)).toBe(2);
    const [first] = await registryEntries(tdb.db, 'beltim');
    await retireEntry(tdb.db, team.admin, first!.id, first!.version);
    expect(await seedRegistry(tdb.db, 'beltim', seed)).toBe(0);
    expect(await registryEntries(tdb.db, 'beltim')).toHaveLength(1);
    await expect(seedRegistry(tdb.db, 'other', [{ kind: 'telepon', value: 'nomor', unit: 'Polres X' }])).rejects.toThrow(
      /pipelines\/other\.ts registry\[0\]: "nomor" bukan nomor telepon/,
    );
  });

  it('flags a message in the Kapolres’s name from an unregistered number, with the mismatch as the reason; a genuine one is not', async () => {
    await addEntry(tdb.db, team.admin, 'beltim', { kind: 'pejabat', value: 'Wahyu Jati Wibowo', rank: 'AKBP', position: 'Kapolres', unit: 'Polres Kubu Raya' });
    await addEntry(tdb.db, team.admin, 'beltim', { kind: 'telepon', platform: 'whatsapp', value: '0811-5730-110', unit: 'Polres Kubu Raya' });
    await addEntry(tdb.db, team.admin, 'beltim', { kind: 'akun', platform: 'instagram', value: '@polres_kuburaya', unit: 'Polres Kubu Raya' });
    const fake = await tip(FAKE_KAPOLRES);
    const genuine = await tip(
      'Kapolres Kubu Raya AKBP Wahyu Jati Wibowo mengimbau masyarakat waspada terhadap akun yang mengatasnamakan dirinya. Informasi resmi hanya melalui Instagram @polres_kuburaya dan WhatsApp 0811-5730-110.\nHumas Polres Kubu Raya',
    );
    await classifyNow();
    const f = await classification(fake);
    expect(f.police_flags!.mengatasnamakan_polisi).toMatchObject({ flagged: true });
    expect(f.police_flags!.mengatasnamakan_polisi.reasons).toContain('nomor +62 812 6872 3893 tidak terdaftar sebagai nomor resmi Polres Kubu Raya');
    expect(f.signals!.tidak_terdaftar).toEqual({ present: true, evidence: ['nomor +62 812 6872 3893 tidak terdaftar sebagai nomor resmi Polres Kubu Raya'] });
    expect(f.signals!.mencatut_instansi.present).toBe(true);
    expect(f.flagged).toBe(true);
    expect(f.reasons.map((r) => r.code)).toContain('tiruan');
    const g = await classification(genuine);
    expect(g.police_flags!.mengatasnamakan_polisi.flagged).toBe(false);
    expect(g.signals!.tidak_terdaftar.present).toBe(false);
    expect(g.signals!.tanpa_sumber_resmi.present).toBe(false);
    expect(g.topics).toContain('kepolisian');
  });
});

describe('old hoaxes coming back (HLBK)', () => {
  it('links a returning claim to the decided case, raises its priority, and lists it for the desk', async () => {
    const first = await tip(DECIDED_CLAIM);
    await classifyNow();
    const { case: k } = await openCase(tdb.db, team.analis, first);
    await setVerdict(tdb.db, team.analis, k.id, k.version, 'hoaks');
    const before = (await getCase(tdb.db, k.id))!;

    const back = await tip(RETURNING);
    const short = await tip('Polri di bawah naungan TNI'); // five words: only ever suggested
    await classifyNow();
    const b = await classification(back);
    expect(b.case_matches[0]).toMatchObject({ case_id: k.id, auto: true });
    expect(b.signals!.cocok_hoaks_lama.present).toBe(true);
    expect(b.reasons.find((r) => r.code === 'hlbk')!.label).toMatch(new RegExp(`^Hoaks lama beredar kembali: kasus #${k.id} .*\\(ditautkan otomatis\\)$`));
    const linked = await tdb.db.selectFrom('case_items').selectAll().where('item_id', '=', back).executeTakeFirstOrThrow();
    expect(linked).toMatchObject({ case_id: k.id, link: 'hlbk', added_by: null });
    const after = (await getCase(tdb.db, k.id))!;
    expect(after).toMatchObject({ resurfaced_count: 1, verdict: 'hoaks', priority: before.priority === 'rendah' ? 'sedang' : 'tinggi' });
    expect((await listAudit(tdb.db, { entity: 'case', entityId: String(k.id) }))[0]).toMatchObject({
      action: 'case.hlbk_linked',
      user_id: null,
      after: { items: [back] },
    });

    const s = await classification(short);
    if (s.case_matches.length) expect(s.case_matches[0]).toMatchObject({ case_id: k.id, auto: false });
    expect(await tdb.db.selectFrom('case_items').select('item_id').where('item_id', '=', short).executeTakeFirst()).toBeUndefined();

    const listed = await queue(tdb.db, filter({ status: 'hlbk' })).list();
    expect(listed.map((r) => r.id)).toContain(back);
    expect(listed.find((r) => r.id === back)).toMatchObject({ case_id: k.id, link: 'hlbk' });
    // The case's own first item is never its own old hoax.
    expect((await classification(first)).case_matches).toEqual([]);
    // The "resurfaced" alert rule reports the link, even in a pipeline without fact-check sources.
    const rule = pipelineSchema.shape.alerts.parse({
      channels: [{ id: 'wa', kind: 'webhook', url: 'http://127.0.0.1:9/x' }],
      rules: [{ id: 'hlbk', kind: 'resurfaced', channels: ['wa'] }],
    }).rules[0]!;
    const events = await detectEvents(tdb.db, { ...beltim, sources: [] }, rule, new Date());
    expect(events).toEqual([
      expect.objectContaining({
        eventKey: `item:${back}`,
        subject: 'resurfaced',
        detail: expect.stringMatching(new RegExp(`^ditautkan ke kasus #${k.id} .*\\(hoaks, diputuskan `)),
      }),
    ]);
  });

  it('does not link to a case that is no longer decided as a hoax', async () => {
    const first = await tip(DECIDED_CLAIM);
    await classifyNow();
    const { case: k } = await openCase(tdb.db, team.analis, first);
    const v = await setVerdict(tdb.db, team.analis, k.id, k.version, 'hoaks');
    const deps = {
      ...loadModels(),
      lexicon: { units: beltim.area.units },
      places: beltim.area.places,
      decidedCases: ClaimIndex.build(await decidedCaseClaims(tdb.db)),
    };
    await setVerdict(tdb.db, team.analis, k.id, v.version, 'belum_terbukti');
    const back = await tip(RETURNING);
    await runClassify({ db: tdb.db, log: silentLogger, ctx: deps }); // an index built before the verdict changed
    expect(await tdb.db.selectFrom('case_items').select('item_id').where('item_id', '=', back).executeTakeFirst()).toBeUndefined();
    expect((await getCase(tdb.db, k.id))!.resurfaced_count).toBe(0);
  });
});

describe('HLBK never turns a complaint into a hoax', () => {
  it('does not link criticism of the police to a decided hoax, nor anything to a case sent to complaint handling', async () => {
    const first = await tip(DECIDED_CLAIM);
    await classifyNow();
    const { case: k } = await openCase(tdb.db, team.analis, first);
    const decided = await setVerdict(tdb.db, team.analis, k.id, k.version, 'hoaks');
    const lbh = await seedCriticism(tdb.db);
    expect(await linkResurfaced(tdb.db, [{ itemId: lbh, caseId: k.id, score: 0.9 }])).toBe(0);
    expect(await tdb.db.selectFrom('case_items').select('item_id').where('item_id', '=', lbh).executeTakeFirst()).toBeUndefined();
    // A case both confirmed and routed exists only from before the guard (set here as it was then): it takes no links.
    await tdb.db.updateTable('cases').set({ complaint_route: 'propam', complaint_routed_at: new Date() }).where('id', '=', k.id).execute();
    const back = await tip(RETURNING);
    await classifyNow();
    expect((await classification(back)).case_matches[0]).toMatchObject({ case_id: k.id, auto: true });
    expect(await tdb.db.selectFrom('case_items').select('item_id').where('item_id', '=', back).executeTakeFirst()).toBeUndefined();
    expect((await getCase(tdb.db, k.id))!).toMatchObject({ resurfaced_count: 0, version: decided.version });
  });
});

describe('criticism goes to complaint handling', () => {
  it('routes a criticism case to Propam: out of the open queue, into pengaduan, never a hoax without a reason', async () => {
    const lbh = await seedCriticism(tdb.db);
    const c = await classification(lbh);
    expect(c.flagged).toBe(false);
    // Not flagged, yet complaint handling sees it.
    expect((await queue(tdb.db, filter({ status: 'pengaduan' })).list()).map((r) => r.id)).toEqual([lbh]);
    const { case: k } = await openCase(tdb.db, team.analis, lbh);
    await expectDeskError(setVerdict(tdb.db, team.analis, k.id, k.version, 'hoaks'), 'INVALID_STATE', /teruskan ke pengaduan masyarakat/);
    const routed = await routeComplaint(tdb.db, team.analis, k.id, k.version, 'propam', 'dugaan pelanggaran prosedur penggeledahan');
    expect(routed).toMatchObject({ complaint_route: 'propam' });
    expect(routed.complaint_routed_at).toBeInstanceOf(Date);
    expect((await listAudit(tdb.db, { entity: 'case', entityId: String(k.id) }))[0]).toMatchObject({
      action: 'case.routed',
      after: { complaint_route: 'propam', comment: 'dugaan pelanggaran prosedur penggeledahan' },
    });
    expect((await queue(tdb.db, filter({ status: 'pengaduan' })).list()).map((r) => r.id)).toEqual([lbh]);
    await expectDeskError(routeComplaint(tdb.db, team.humas, k.id, routed.version, null), 'FORBIDDEN');
  });

  it('refuses to route a case already confirmed as a hoax', async () => {
    const id = await tip(DECIDED_CLAIM);
    await classifyNow();
    const { case: k } = await openCase(tdb.db, team.analis, id);
    const v = await setVerdict(tdb.db, team.analis, k.id, k.version, 'disinformasi');
    await expectDeskError(routeComplaint(tdb.db, team.analis, k.id, v.version, 'dumas'), 'INVALID_STATE', /sudah dinyatakan disinformasi/);
  });
});

describe('registry page', () => {
  it('lets an admin add an entry through the desk and refuses analysts', async () => {
    const app = createApp(await deskRuntime(tdb));
    const BASE = 'http://desk.test';
    const token = async (username: string) => {
      const res = await app.request(`${BASE}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      });
      return { authorization: `Bearer ${((await res.json()) as { token: string }).token}`, accept: 'application/json', 'content-type': 'application/json' };
    };
    const admin = await token(team.admin.username);
    const res = await app.request(`${BASE}/admin/registry`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ kind: 'akun', platform: 'instagram', value: 'https://instagram.com/Polres_Beltim', unit: 'Polres Belitung Timur' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ value: 'polres_beltim', version: 1 });
    const bad = await app.request(`${BASE}/admin/registry`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ kind: 'situs', value: 'bukan situs', unit: 'Polres Belitung Timur' }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/"bukan situs" bukan nama situs/);
    const listed = (await (await app.request(`${BASE}/admin/registry`, { headers: admin })).json()) as { entries: Array<{ value: string }> };
    expect(listed.entries.map((e) => e.value)).toEqual(['polres_beltim']);
    // The page, as a signed-in browser sees it.
    const login = await app.request(`${BASE}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE },
      body: new URLSearchParams({ username: team.admin.username, password: PASSWORD }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const html = await (await app.request(`${BASE}/admin/registry`, { headers: { cookie } })).text();
    expect(html).toMatch(/<h1>Registri akun resmi<\/h1>[\s\S]*@polres_beltim[\s\S]*Polres Belitung Timur[\s\S]*Riwayat perubahan/);
    const analis = await token(team.analis.username);
    expect((await app.request(`${BASE}/admin/registry`, { headers: analis })).status).toBe(403);
  });
});
