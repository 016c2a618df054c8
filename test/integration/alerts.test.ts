import { loadModels } from '../../src/classify/models.ts';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_DELIVERY_ATTEMPTS, runAlerts, type AlertDeps } from '../../src/alerts/stage.ts';
import { ClaimIndex } from '../../src/classify/claim-match.ts';
import { runClassify } from '../../src/classify/stage.ts';
import { debunkItems } from '../../src/db/classifications.repo.ts';
import { syncSources } from '../../src/db/sources.repo.ts';
import { HttpClient } from '../../src/fetch/http-client.ts';
import { recordRun } from '../../src/ingest/stage.ts';
import { silentLogger } from '../../src/log.ts';
import { pipelineSchema, type Pipeline } from '../../src/pipeline/define.ts';
import { loadPipeline } from '../../src/pipeline/load.ts';
import { readImport } from '../../src/sources/import.ts';
import { tipToItem } from '../../src/sources/tip.ts';
import { zonedToInstant } from '../../src/zoned-time.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { fixture, LOCAL_HTTP } from '../helpers/paths.ts';

// Alerts end to end: real items classified by the real model, a real SMTP server and a real HTTP
// gateway on 127.0.0.1, and a clock the test moves.
let tdb: TestDb;
let beltim: Pipeline;
let smtp: SMTPServer;
let smtpPort: number;
let gateway: http.Server;
let gatewayUrl: string;
const mails: Array<{ mail: ParsedMail; to: string[] }> = [];
const hooks: Array<{ path: string; auth: string | undefined; body: Record<string, unknown> }> = [];
const gatewayScript = { failFirst: 0 };
const FORWARDED = 'Lihat video ini, kondisi kota Tel Aviv dan Haifa sebelum dan sesudah diserang rudal Iran, hancur total!! sebarkan';

beforeAll(async () => {
  tdb = await createTestDb();
  beltim = await loadPipeline('beltim');
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, done) {
      simpleParser(stream).then(
        (mail) => {
          mails.push({ mail, to: session.envelope.rcptTo.map((r) => r.address) });
          done();
        },
        (err: Error) => done(err),
      );
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  gateway = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      if (req.url === '/lambat') return; // never answers
      hooks.push({ path: req.url!, auth: req.headers.authorization, body: JSON.parse(raw) as Record<string, unknown> });
      if (gatewayScript.failFirst > 0) {
        gatewayScript.failFirst--;
        res.writeHead(500).end('gateway sibuk');
      } else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', () => r()));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  gateway?.closeAllConnections();
  await new Promise((r) => gateway?.close(r));
  await tdb?.dispose();
});

/** Real items: Tempo's fact-checks (June 2025 on), 60 TurnBackHoax claims, and a tip forwarding a claim Tempo debunked. */
beforeEach(async () => {
  await tdb.reset();
  mails.length = 0;
  hooks.length = 0;
  gatewayScript.failFirst = 0;
  await syncSources(tdb.db, beltim.name, [
    { id: 'tempo-cekfakta', kind: 'import', name: 'Tempo Cek Fakta', schedule: null, enabled: true, config: {} },
    { id: 'tbh', kind: 'import', name: 'TurnBackHoax (arsip)', schedule: null, enabled: true, config: {} },
    { id: 'tips', kind: 'tip', name: 'Laporan masuk', schedule: null, enabled: true, config: {} },
    { id: 'antara-babel', kind: 'rss', name: 'ANTARA Babel', schedule: '*/15 * * * *', enabled: true, config: {} },
  ]);
  const ingest = { db: tdb.db, http: new HttpClient(LOCAL_HTTP), log: silentLogger, limits: { maxItemsPerRun: 60 } };
  await recordRun({ ...ingest, limits: {} }, 'tempo-cekfakta', () =>
    readImport({ path: fixture('tempo-cekfakta-feed/DERIVED_unique_items.jsonl'), columns: {}, language: 'id' }),
  );
  await recordRun(ingest, 'tbh', () =>
    readImport({ path: fixture('turnbackhoax-articles-2026/turnbackhoax_articles.csv'), columns: { text: 'narasi', title: 'kesimpulan' }, language: 'id' }),
  );
  await recordRun(ingest, 'tips', async () => ({ items: [tipToItem({ text: FORWARDED })], rejected: [] }));
  const deps = {
    db: tdb.db,
    log: silentLogger,
    factCheckSources: new Set(['tempo-cekfakta']),
    ctx: { ...loadModels(), lexicon: { units: beltim.area.units }, places: beltim.area.places } as Parameters<typeof runClassify>[0]['ctx'],
    refresh: async () => {
      deps.ctx.claims = ClaimIndex.build(await debunkItems(tdb.db, ['tempo-cekfakta']));
    },
  };
  await runClassify(deps);
});

function alertDeps(alerts: unknown, timeoutMs = 2_000): AlertDeps {
  const pipeline = { ...beltim, alerts: pipelineSchema.shape.alerts.parse(alerts) };
  return {
    db: tdb.db,
    pipeline,
    log: silentLogger,
    channels: { smtpUrl: `smtp://127.0.0.1:${smtpPort}`, env: { SARING_TEST_WA_TOKEN: 'rahasia-gateway' }, timeoutMs },
  };
}

const CHANNELS = [
  { id: 'email-piket', kind: 'email', to: ['piket.siber@beltim.polri.go.id', 'kasi.humas@beltim.polri.go.id'] },
  { id: 'wa', kind: 'webhook', url: '', tokenEnv: 'SARING_TEST_WA_TOKEN' },
];
const channels = () => CHANNELS.map((c) => (c.kind === 'webhook' ? { ...c, url: `${gatewayUrl}/kirim` } : c));
const flaggedCount = async () =>
  (
    await sql<{
      n: number;
    }>`select count(distinct i.id)::int as n from classifications c join items i on i.id = c.item_id where c.flagged and i.duplicate_of is null`.execute(tdb.db)
  ).rows[0]!.n;
const later = (t: Date, minutes: number) => new Date(t.getTime() + minutes * 60_000);
const deliveries = () => tdb.db.selectFrom('alert_deliveries').selectAll().orderBy('id').execute();

describe('alerts', () => {
  it('sends one alert for a burst by email and webhook, retries a failed webhook, and holds newcomers for the cool-down', async () => {
    const deps = alertDeps({
      channels: channels(),
      rules: [{ id: 'prioritas', kind: 'flagged', minPriority: 0, channels: ['email-piket', 'wa'], cooldownMinutes: 30 }],
    });
    const flagged = await flaggedCount();
    expect(flagged).toBeGreaterThan(10);
    gatewayScript.failFirst = 1;
    const t0 = new Date(Date.now() + 1_000);
    expect(await runAlerts(deps, t0)).toEqual({ detected: flagged, notifications: 1, sent: 1, retrying: 1, failed: 0 });

    expect(mails).toHaveLength(1);
    const { mail, to } = mails[0]!;
    expect(to).toEqual(['piket.siber@beltim.polri.go.id', 'kasi.humas@beltim.polri.go.id']);
    expect(mail.subject).toMatch(new RegExp(`^\\[Saring\\] ${flagged} peringatan butir prioritas tinggi, pertama: Prioritas \\d+: `));
    expect(mail.text).toContain('Saring — Polres Belitung Timur\nAturan: butir prioritas tinggi (prioritas)\n\n1. Prioritas ');
    expect(mail.text).toContain(`… dan ${flagged - 20} peringatan lain.`);
    expect(mail.text).toContain('Peringatan sejenis berikutnya ditahan 30 menit, lalu dikirim bersama.');
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({
      path: '/kirim',
      auth: 'Bearer rahasia-gateway',
      body: { source: 'saring', pipeline: 'beltim', rule: { id: 'prioritas', kind: 'flagged' }, mode: 'immediate' },
    });
    expect((hooks[0]!.body.events as unknown[]).length).toBe(flagged);
    expect(await deliveries()).toMatchObject([
      { channel_id: 'email-piket', status: 'sent', attempts: 1, last_error: null },
      { channel_id: 'wa', status: 'pending', attempts: 1, last_error: expect.stringContaining('HTTP 500') },
    ]);

    // The retry waits a minute, then goes through.
    expect(await runAlerts(deps, later(t0, 0.5))).toMatchObject({ detected: 0, sent: 0 });
    expect(await runAlerts(deps, later(t0, 1))).toMatchObject({ detected: 0, notifications: 0, sent: 1 });
    expect((await deliveries())[1]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(hooks).toHaveLength(2);

    // A newly flagged item inside the cool-down waits, then goes out alone; evaluating again adds nothing.
    await tdb.db
      .updateTable('items')
      .set({ fetched_at: later(t0, 2) })
      .where('source_id', '=', 'tips')
      .execute();
    await tdb.db.deleteFrom('alert_events').where('event_key', 'like', 'item:%').where('title', 'like', '%Tel Aviv%').execute();
    expect(await runAlerts(deps, later(t0, 5))).toMatchObject({ detected: 1, notifications: 0 });
    expect(await runAlerts(deps, later(t0, 31))).toMatchObject({ detected: 0, notifications: 1, sent: 2 });
    expect(mails).toHaveLength(2);
    expect(mails[1]!.mail.subject).toMatch(/^\[Saring\] Prioritas \d+: Lihat video ini, kondisi kota Tel Aviv/);
    expect(await runAlerts(deps, later(t0, 32))).toEqual({ detected: 0, notifications: 0, sent: 0, retrying: 0, failed: 0 });
  });

  it('gives a delivery up after its attempts when the gateway never answers, recording each failure', async () => {
    const deps = alertDeps(
      {
        channels: [{ id: 'lambat', kind: 'webhook', url: `${gatewayUrl}/lambat` }],
        rules: [{ id: 'sumber', kind: 'source', states: ['failing'], channels: ['lambat'], cooldownMinutes: 0 }],
      },
      300,
    );
    const now = new Date();
    await tdb.db
      .insertInto('fetch_runs')
      .values(
        [3, 2, 1].map((m) => ({
          source_id: 'antara-babel',
          started_at: later(now, -m),
          finished_at: later(now, -m),
          status: 'failure' as const,
          error_code: 'HTTP_5XX',
          error: 'https://babel.antaranews.com/rss: HTTP 503',
          problems: '[]',
        })),
      )
      .execute();
    // Attempts at 0, 1, 3, 7, 15 and 31 minutes (1, 2, 4, 8, 16 minutes apart).
    let t = now;
    const outcomes = [];
    for (const wait of [0, 1, 2, 4, 8, 16]) {
      t = later(t, wait);
      outcomes.push(await runAlerts(deps, t));
    }
    expect(outcomes[0]).toMatchObject({ detected: 1, notifications: 1, retrying: 1 });
    expect(outcomes.at(-1)).toMatchObject({ failed: 1, retrying: 0 });
    const [d] = await deliveries();
    expect(d).toMatchObject({
      status: 'failed',
      attempts: MAX_DELIVERY_ATTEMPTS,
      last_error: `kanal "lambat": POST ${gatewayUrl}/lambat: tidak ada jawaban dalam 300 ms`,
    });
    const note = await tdb.db.selectFrom('alert_notifications').selectAll().executeTakeFirstOrThrow();
    expect(note.title).toBe('Sumber ANTARA Babel gagal');
    expect(note.body).toContain('3 kali berturut-turut galat server (HTTP 5xx)'.replace('galat', 'gagal: galat'));
    expect(await runAlerts(deps, later(t, 60))).toMatchObject({ detected: 0, notifications: 0, sent: 0, failed: 0 });
  });

  it('collects a day in a digest sent once at its hour, and reports an old hoax circulating again', async () => {
    const deps = alertDeps({
      channels: channels(),
      rules: [
        { id: 'harian', kind: 'flagged', minPriority: 0, channels: ['email-piket'], mode: 'digest', digestAt: '07:00' },
        { id: 'hlbk', kind: 'resurfaced', minAgeDays: 30, channels: ['email-piket'], cooldownMinutes: 60 },
      ],
    });
    const tz = beltim.timezone;
    const today = new Date(Date.now() + 7 * 3_600_000);
    const day = (d: number, h: number, m = 0) => zonedToInstant(today.getUTCFullYear(), today.getUTCMonth() + 1, today.getUTCDate() + d, h, m, 0, tz);
    await tdb.db
      .updateTable('items')
      .set({ fetched_at: day(1, 20) })
      .where('source_id', 'in', ['tbh', 'tips'])
      .execute();
    const flagged = await flaggedCount();

    // The digest waits; old hoaxes do not. Some TurnBackHoax claims of 2026 are ones Tempo debunked in 2025, and so is the tip.
    const evening = await runAlerts(deps, day(1, 21));
    expect(evening).toMatchObject({ notifications: 1, sent: 1 });
    const recycled = await tdb.db.selectFrom('alert_events').select('title').where('rule_id', '=', 'hlbk').execute();
    expect(evening.detected).toBe(flagged + recycled.length);
    expect(recycled.length).toBeGreaterThan(1);
    expect(mails[0]!.mail.subject).toMatch(
      new RegExp(`^\\[Saring\\] ${recycled.length} peringatan hoaks lama beredar kembali, pertama: Hoaks lama beredar kembali: `),
    );
    expect(mails[0]!.mail.text).toMatch(
      /Lihat video ini, kondisi kota Tel Aviv[^\n]*\n {3}mirip "Keliru: Video Kondisi Tel Aviv dan Haifa Sebelum dan Sesudah Serangan Iran" \(dibantah \d+ Jun 2025/,
    );

    expect(await runAlerts(deps, day(2, 6, 59))).toMatchObject({ notifications: 0 });
    expect(await runAlerts(deps, day(2, 7))).toMatchObject({ notifications: 1, sent: 1 });
    expect(mails[1]!.mail.subject).toBe(`[Saring] Ringkasan harian butir prioritas tinggi: ${flagged} peringatan`);
    expect(mails[1]!.mail.text).toContain('Ringkasan ini dikirim sekali sehari pukul 07:00.');
    expect(await runAlerts(deps, day(2, 7, 30))).toMatchObject({ notifications: 0 });
    expect(await runAlerts(deps, day(3, 7))).toMatchObject({ notifications: 0 }); // nothing new: no empty digest
    expect(mails).toHaveLength(2);
  });

  it('alerts on a spike of flagged items on one topic this hour against the same hour of the last week', async () => {
    const deps = alertDeps({ channels: channels(), rules: [{ id: 'lonjakan', kind: 'spike', by: ['topic'], minCount: 5, factor: 3, channels: ['wa'] }] });
    const ids = (
      await sql<{
        id: number;
      }>`select i.id from items i join classifications c on c.item_id = i.id where c.flagged and i.duplicate_of is null order by i.id limit 8`.execute(tdb.db)
    ).rows.map((r) => r.id);
    // The middle of the last whole hour (Jakarta's hours are UTC's, shifted by 7): "this hour" must not
    // straddle a clock hour, as it did when the test ran in an hour's last minute.
    const HOUR = 3_600_000;
    const now = new Date(Math.floor(Date.now() / HOUR) * HOUR - HOUR / 2);
    await sql`update classifications set topics = '{"penipuan online"}' where item_id = any(${ids}::bigint[])`.execute(tdb.db);
    await sql`update classifications set topics = '{}' where item_id <> all(${ids}::bigint[])`.execute(tdb.db);
    // Six this hour; one each at this hour on two earlier days.
    await sql`update items set fetched_at = ${now}::timestamptz - interval '1 minute' where id = any(${ids.slice(0, 6)}::bigint[])`.execute(tdb.db);
    await sql`update items set fetched_at = ${now}::timestamptz - interval '1 day' where id = ${ids[6]}`.execute(tdb.db);
    await sql`update items set fetched_at = ${now}::timestamptz - interval '3 days' where id = ${ids[7]}`.execute(tdb.db);
    expect(await runAlerts(deps, now)).toMatchObject({ detected: 1, notifications: 1, sent: 1 });
    expect(hooks[0]!.body.title).toBe('Lonjakan topik penipuan online: 6 butir bertanda dalam jam ini');
    expect(await runAlerts(deps, later(now, 1))).toMatchObject({ detected: 0, notifications: 0 });
  });
});
