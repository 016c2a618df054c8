import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { syncSources } from '../../src/db/sources.repo.ts';
import { tiplineUpdates } from '../../src/db/tipline.repo.ts';
import { HttpClient } from '../../src/fetch/http-client.ts';
import { silentLogger } from '../../src/log.ts';
import { openCase, setVerdict } from '../../src/review/cases.service.ts';
import { DEFAULT_TEMPLATES } from '../../src/review/clarification-text.ts';
import { decideClarification, draftClarification, recordPublication, submitClarification } from '../../src/review/clarifications.service.ts';
import { runImages } from '../../src/images/stage.ts';
import { ImageStore } from '../../src/images/store.ts';
import { BotApi, BotApiError } from '../../src/tipline/bot-api.ts';
import { runTipline, type TiplineDeps } from '../../src/tipline/tipline.ts';
import { startBotApiServer, update, type BotApiServer } from '../helpers/bot-api-server.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { seedTeam, type Team } from '../helpers/desk.ts';
import { LOCAL_HTTP, PROJECT_DIR } from '../helpers/paths.ts';

let tdb: TestDb;
let server: BotApiServer;
let team: Team;
const POLRES = 'Polres Belitung Timur';
const HOAX =
  'INFO PENTING!!! Ada penculikan anak di Desa Baru Manggar pakai mobil ambulans putih. Sudah 3 anak hilang, pelaku menyamar petugas kesehatan. Sebarkan ke semua grup!!!';

beforeAll(async () => {
  tdb = await createTestDb();
  team = await seedTeam(tdb.db);
});
afterAll(() => tdb?.dispose());
beforeEach(async () => {
  await sql`truncate tipline_updates, item_images, images, clarification_publications, clarifications, case_notes, reviews, case_items, cases, classifications, items, fetch_runs, sources restart identity cascade`.execute(
    tdb.db,
  );
  await syncSources(tdb.db, 'beltim', [{ id: 'tips', kind: 'tip', name: 'Laporan masuk', schedule: null, enabled: true, config: {} }]);
  server = await startBotApiServer();
});
afterEach(() => server.close());

function deps(token = server.token): TiplineDeps {
  return {
    ingest: { db: tdb.db, http: new HttpClient(LOCAL_HTTP), log: silentLogger },
    api: new BotApi({ token, baseUrl: server.url }),
    polres: POLRES,
    log: silentLogger,
  };
}
/** Runs the bot until it has handled one batch. */
const once = (d = deps()) => runTipline(d, { signal: new AbortController().signal, once: true, pollTimeoutSec: 1, backoff: { baseMs: 5, maxMs: 20 } });
const tips = () => tdb.db.selectFrom('items').selectAll().where('source_id', '=', 'tips').orderBy('id').execute();

describe('tipline', () => {
  it('files a text as a tip with its sender and answers in Indonesian with the receipt number', async () => {
    server.push(update('update-message-text.json', { updateId: 5001, messageId: 71, text: HOAX }));
    const stats = await once();
    expect(stats).toMatchObject({ filed: 1, ignored: 0, refused: 0 });
    const [tip] = await tips();
    expect(tip).toMatchObject({
      text: HOAX,
      author: 'Telegram @Testusername (Test Firstname Test Lastname, id 1111111)',
      external_id: 'tip:telegram:1111111:71',
      url: null,
    });
    expect(tip!.published_at).toEqual(new Date(1441645532 * 1000));
    expect(tip!.raw).toMatchObject({ channel: 'Telegram', telegram: { chat_id: 1111111, message_id: 71, user_id: 1111111, username: 'Testusername' } });
    expect(server.sent).toHaveLength(1);
    expect(server.sent[0]).toMatchObject({ chat_id: 1111111, reply_parameters: { message_id: 71 } });
    expect(server.sent[0]!.text).toContain(`Terima kasih, laporan Anda sudah kami terima dengan nomor #${tip!.id}.`);
    expect(server.sent[0]!.text).toContain('Petugas Polres Belitung Timur akan memeriksanya');
    expect(server.sent[0]!.text).not.toContain('diklarifikasi');
    const [row] = await tiplineUpdates(tdb.db, '123456');
    expect(row).toMatchObject({
      update_id: 5001,
      status: 'filed',
      item_id: tip!.id,
      chat_id: 1111111,
      message_id: 71,
      clarification_id: null,
      reply_error: null,
    });
    expect(row!.replied_at).toBeInstanceOf(Date);
  });

  it('keeps a link as the tip URL and records a photo by file_id, size and path (not downloaded without an image store)', async () => {
    const link = 'https://contoh-berita.example/razia-motor-gantung';
    const text = `Benarkah ini? ${link} dibagikan di grup`;
    server.push(
      update('update-message-text.json', {
        updateId: 6001,
        messageId: 80,
        text,
        set: { entities: [{ type: 'url', offset: text.indexOf(link), length: link.length }] },
      }),
      update('update-message-photo.json', { updateId: 6002, messageId: 81, caption: 'Surat edaran razia malam dari Polsek Gantung, asli atau bukan?' }),
      update('update-message-photo.json', { updateId: 6003, messageId: 82, set: { caption: undefined } }),
    );
    expect(await once()).toMatchObject({ filed: 3 });
    const [linked, photo, bare] = await tips();
    expect(linked).toMatchObject({ url: link, text });
    expect(photo!.text).toBe('Surat edaran razia malam dari Polsek Gantung, asli atau bukan?');
    // The largest of the three sizes, with where Telegram keeps it (getFile), and no image stored.
    expect(photo!.raw.photo).toEqual({
      file_id: 'AgACAgUAAxkBAAIBQ2YAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQ_x',
      file_unique_id: 'AQADx',
      width: 1280,
      height: 960,
      file_size: 98012,
      file_path: 'photos/file_0.jpg',
    });
    expect(server.files).toEqual(['AgACAgUAAxkBAAIBQ2YAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQ_x', 'AgACAgUAAxkBAAIBQ2YAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQ_x']);
    expect(bare!.text).toBe('[foto tanpa keterangan dari Telegram]');
    expect(server.sent.map((s) => s.reply_parameters?.message_id)).toEqual([80, 81, 82]);
  });

  it('answers a tip repeating a claim the Polres has answered with the published clarification', async () => {
    server.push(update('update-message-text.json', { updateId: 7001, messageId: 90, text: HOAX }));
    await once();
    const [first] = await tips();
    const { case: opened } = await openCase(tdb.db, team.analis, first!.id);
    const k = await setVerdict(tdb.db, team.analis, opened.id, opened.version, 'hoaks');
    const settings = {
      templates: DEFAULT_TEMPLATES,
      polres: POLRES,
      contact: 'Call Center Polri 110',
      hashtags: ['#SaringSebelumSharing'],
      timezone: 'Asia/Jakarta',
    };
    const draft = await draftClarification(
      tdb.db,
      team.humas,
      {
        caseId: k.id,
        templateId: 'hoaks',
        fakta: 'Tidak ada penculikan anak di Desa Baru Manggar; Polsek Manggar sudah mengecek ke sekolah dan puskesmas.',
        sumber: 'Polsek Manggar',
      },
      settings,
    );
    const submitted = await submitClarification(tdb.db, team.humas, draft.id, draft.version);
    const approved = await decideClarification(tdb.db, team.pimpinan, draft.id, submitted.version, 'approve');
    const published = await recordPublication(tdb.db, team.humas, draft.id, approved.version, {
      channel: 'instagram',
      url: 'https://www.instagram.com/p/contoh/',
      publishedAt: new Date(),
      timeZone: 'Asia/Jakarta',
    });

    server.push(
      update('update-message-text.json', {
        updateId: 7002,
        messageId: 91,
        chatId: 2222222,
        text: 'Pak, di grup RT ramai kabar penculikan anak pakai mobil ambulans putih di Desa Baru Manggar, katanya 3 anak hilang. Benar?',
      }),
      update('update-message-text.json', {
        updateId: 7003,
        messageId: 92,
        chatId: 3333333,
        text: 'Ada jalan rusak di depan pasar Manggar, mohon dicek petugas.',
      }),
    );
    expect(await once()).toMatchObject({ filed: 2 });
    const [, same, other] = server.sent;
    expect(same!.chat_id).toBe(2222222);
    expect(same!.text).toContain('Informasi serupa sudah diklarifikasi:');
    expect(same!.text).toContain(published.body);
    expect(other!.text).not.toContain('diklarifikasi');
    const rows = await tiplineUpdates(tdb.db, '123456');
    expect(rows.map((r) => r.clarification_id)).toEqual([null, published.id, null]);
  });

  it('welcomes /start, declines stickers-like content, and ignores edited messages and group chats without filing them', async () => {
    server.push(
      update('update-message-text-no-type.json', { updateId: 8001 }),
      update('update-message-voice.json', { updateId: 8002, messageId: 100 }),
      update('update-message-document.json', { updateId: 8003, messageId: 101 }),
      update('update-edited-message.json', { updateId: 8004 }),
      update('update-message-text.json', {
        updateId: 8005,
        messageId: 102,
        text: HOAX,
        set: { chat: { id: -100123, type: 'supergroup', title: 'Grup Warga' } },
      }),
      { update_id: 8006, message: { message_id: 'not a number' } },
    );
    expect(await once()).toMatchObject({ filed: 0, ignored: 6 });
    expect(await tips()).toEqual([]);
    const rows = await tiplineUpdates(tdb.db, '123456');
    expect(rows.map((r) => [r.update_id, r.reason])).toEqual([
      [8001, 'perintah /start'],
      [8002, 'pesan tanpa teks, tautan, atau foto'],
      [8003, 'berkas application/pdf tidak diterima'],
      [8004, 'bukan pesan baru (mis. pesan yang diedit)'],
      [8005, 'bukan obrolan pribadi (supergroup)'],
      [8006, expect.stringMatching(/^update tidak terbaca: message\.message_id: /)],
    ]);
    expect(server.sent.map((s) => s.text.split('\n')[0])).toEqual([
      'Selamat datang di layanan laporan Polres Belitung Timur.',
      'Maaf, saat ini kami hanya menerima teks, tautan, dan foto. Silakan kirim ulang dalam bentuk tersebut.',
      'Maaf, saat ini kami hanya menerima teks, tautan, dan foto. Silakan kirim ulang dalam bentuk tersebut.',
    ]);
  });

  it('starts from the stored offset after a restart, and a tip stored before a crash is not filed again', async () => {
    server.push(
      update('update-message-text.json', { updateId: 9001, messageId: 110, text: HOAX }),
      update('update-message-text.json', { updateId: 9002, messageId: 111, text: 'Razia motor malam ini di Gantung, benar?' }),
    );
    await once();
    // A new process: its first poll confirms both updates from what the database recorded.
    server.push(update('update-message-text.json', { updateId: 9003, messageId: 112, text: 'Kabar pemadaman listrik karena demo di Manggar, benar?' }));
    await once();
    expect(server.polls.map((p) => p.offset)).toEqual([undefined, 9003]);
    expect((await tips()).length).toBe(3);

    // A crash after storing the tip and before recording the update: Telegram sends it again.
    await tdb.db.deleteFrom('tipline_updates').where('update_id', '=', 9003).execute();
    server.push(update('update-message-text.json', { updateId: 9003, messageId: 112, text: 'Kabar pemadaman listrik karena demo di Manggar, benar?' }));
    await once();
    const all = await tips();
    expect(all.length).toBe(3);
    expect(server.sent.at(-1)!.text).toContain(`nomor #${all[2]!.id}.`);
  });

  it('waits out network failures, Telegram errors and flood control, then files the tip once', async () => {
    server.fail('getUpdates', 2, 'reset');
    server.fail('getUpdates', 1, { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' });
    server.fail('sendMessage', 1, { status: 429, fixture: 'error-too-many-requests.json' });
    server.push(update('update-message-text.json', { updateId: 9501, messageId: 120, text: HOAX }));
    const stats = await runTipline(deps(), { signal: new AbortController().signal, once: true, pollTimeoutSec: 1, backoff: { baseMs: 5, maxMs: 20 } });
    expect(stats).toMatchObject({ filed: 1, retries: 4 });
    expect((await tips()).length).toBe(1);
    expect(server.sent).toHaveLength(1);
    expect(await tiplineUpdates(tdb.db, '123456')).toHaveLength(1);
  });

  it('records a reply Telegram refuses for good (the sender blocked the bot) and goes on', async () => {
    server.fail('sendMessage', 1, { status: 403, fixture: 'error-bot-blocked.json' });
    server.push(update('update-message-text.json', { updateId: 9601, messageId: 130, text: HOAX }));
    expect(await once()).toMatchObject({ filed: 1, retries: 0 });
    const [row] = await tiplineUpdates(tdb.db, '123456');
    expect(row).toMatchObject({ status: 'filed', replied_at: null, reply_error: 'sendMessage: 403 Forbidden: bot was blocked by the user' });
  });

  it('stops with a clear error, never showing the token, when Telegram rejects it', async () => {
    const token = '999999:WRONG-token-zyx57W2v1u123ew11';
    const err = await once(deps(token)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BotApiError);
    expect((err as Error).message).toBe('getUpdates: 401 Unauthorized');
    expect(() => new BotApi({ token: 'not-a-token' })).toThrow(/not in the form 123456:ABC-DEF/);
  });
});

describe('tipline photos', () => {
  const FIX = path.join(PROJECT_DIR, 'test/fixtures/images');
  const img = (f: string) => fs.readFileSync(path.join(FIX, f));
  const SMALL = 'AgACAgUAAxkBAAIBQ2YAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQ_s';
  const MEDIUM = 'AgACAgUAAxkBAAIBQ2YAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQ_m';
  const LARGEST = 'AgACAgUAAxkBAAIBQ2YAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQ_x';
  let dir: string;
  let store: ImageStore;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-tipline-photos-'));
    store = new ImageStore(dir);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const withStore = (d = deps()): TiplineDeps => ({ ...d, ingest: { ...d.ingest, imageStore: store } });
  const attached = () =>
    sql<{
      item_id: number;
      position: number;
      status: string;
      sha256: string | null;
      processed_at: Date | null;
      ocr_text: string | null;
      hashes: string[] | null;
    }>`
      select ii.item_id, ii.position, ii.status, ii.sha256, im.processed_at, im.ocr_text, im.hashes
      from item_images ii left join images im on im.sha256 = ii.sha256 order by ii.item_id, ii.position`
      .execute(tdb.db)
      .then((r) => r.rows);

  it('downloads the largest size, stores it by content and attaches it to the tip; the images stage reads it (OCR, pHash, no EXIF)', async () => {
    server.putFile(LARGEST, 'photos/file_12.png', img('hoax-chat.png'));
    server.push(update('update-message-photo.json', { updateId: 8101, messageId: 150, caption: 'Benarkah ada razia motor di Gantung?' }));
    expect(await once(withStore())).toMatchObject({ filed: 1, retries: 0 });
    const [tip] = await tips();
    expect(tip!.text).toBe('Benarkah ada razia motor di Gantung?');
    expect(server.downloads).toEqual(['photos/file_12.png']);
    const sha = ImageStore.sha256(img('hoax-chat.png'));
    expect(tip!.raw.photo).toMatchObject({ file_id: LARGEST, file_path: 'photos/file_12.png', file_size: img('hoax-chat.png').length, sha256: sha });
    expect(await attached()).toEqual([{ item_id: tip!.id, position: 0, status: 'stored', sha256: sha, processed_at: null, ocr_text: null, hashes: null }]);
    expect(fs.readFileSync(store.originalPath(sha, 'png')).equals(img('hoax-chat.png'))).toBe(true);

    const summary = await runImages({ db: tdb.db, http: new HttpClient(LOCAL_HTTP), log: silentLogger, store }, { itemIds: [tip!.id] });
    expect(summary).toMatchObject({ processed: 1, reclassify: [tip!.id] });
    const [row] = await attached();
    expect(row!.hashes!.length).toBeGreaterThan(0);
    expect(row!.ocr_text).toContain('Kapolres');
  });

  it('passes over sizes above the cap, and the stored photo carries no EXIF', async () => {
    // photo-exif.jpg (1.9 kB) stands for the 320 × 240 size; the 98 kB size is above a 50 kB cap.
    server.putFile(MEDIUM, 'photos/file_13.jpg', img('photo-exif.jpg'));
    server.push(update('update-message-photo.json', { updateId: 8201, messageId: 151, caption: 'Foto kejadian di Manggar' }));
    const d = { ...withStore(), imageLimits: { maxBytes: 50_000, maxPixels: 40_000_000, maxSide: 12_000 } };
    expect(await once(d)).toMatchObject({ filed: 1 });
    expect(server.files).toEqual([MEDIUM]);
    const [tip] = await tips();
    expect(tip!.raw.photo).toMatchObject({ file_id: MEDIUM, width: 320, height: 240 });
    await runImages({ db: tdb.db, http: new HttpClient(LOCAL_HTTP), log: silentLogger, store }, { itemIds: [tip!.id] });
    const view = await store.readView(ImageStore.sha256(img('photo-exif.jpg')));
    expect(view).not.toBeNull();
    expect((await sharp(view!.body).metadata()).exif).toBeUndefined();
    expect((await sharp(img('photo-exif.jpg')).metadata()).exif).toBeDefined();
  });

  it('files the tip without its photo, saying why, when Telegram refuses the file for good or it is not an image', async () => {
    server.fail('getFile', 1, { status: 400, fixture: 'error-file-too-big.json' });
    server.putFile(SMALL, 'photos/file_14.jpg', img('not-an-image.jpg'));
    const only = (id: string) => ({ photo: [{ file_id: id, file_unique_id: `u${id.slice(-1)}`, width: 90, height: 68, file_size: 1254 }] });
    server.push(
      update('update-message-photo.json', { updateId: 8301, messageId: 152, caption: 'Foto besar sekali' }),
      update('update-message-photo.json', { updateId: 8302, messageId: 153, caption: 'Foto yang sudah hilang', set: only(MEDIUM) }),
      update('update-message-photo.json', { updateId: 8303, messageId: 154, caption: 'Bukan foto', set: only(SMALL) }),
    );
    expect(await once(withStore())).toMatchObject({ filed: 3, retries: 0 });
    const [big, gone, notImage] = await tips();
    expect(big!.raw.photo).toMatchObject({ file_info_error: 'getFile: 400 Bad Request: file is too big' });
    // getFile named a path the download does not find.
    expect(gone!.raw.photo).toMatchObject({ file_path: 'photos/file_0.jpg', download_error: 'download of photos/file_0.jpg: HTTP 404' });
    expect(notImage!.raw.photo).toMatchObject({ image_error: expect.stringMatching(/^foto Telegram photos\/file_14\.jpg: .*/) as unknown });
    expect(await attached()).toEqual([]);
    expect(server.sent).toHaveLength(3);
    // The token never appears in what is stored.
    expect(JSON.stringify([big, gone, notImage].map((t) => t!.raw))).not.toContain(server.token);
  });

  it('waits out a dropped download and files the tip once, with its photo', async () => {
    server.putFile(LARGEST, 'photos/file_15.jpg', img('hoax-chat-copy.jpg'));
    server.fail('download', 1, 'reset');
    server.fail('getFile', 1, { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' });
    server.push(update('update-message-photo.json', { updateId: 8401, messageId: 155, caption: 'Diteruskan dari grup' }));
    const stats = await runTipline(withStore(), { signal: new AbortController().signal, once: true, pollTimeoutSec: 1, backoff: { baseMs: 5, maxMs: 20 } });
    expect(stats).toMatchObject({ filed: 1, retries: 2 });
    expect(await tips()).toHaveLength(1);
    expect((await attached()).map((r) => r.sha256)).toEqual([ImageStore.sha256(img('hoax-chat-copy.jpg'))]);
    expect(server.sent).toHaveLength(1);
  });
});

describe('saring tipline', { timeout: 10 * 60_000 }, () => {
  it('runs as a command, files and answers, and stops cleanly on SIGTERM; a restart files only what is new', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-tipline-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      SARING_DATA_DIR: dataDir,
      SARING_PIPELINE: 'beltim',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'warn',
      SARING_TELEGRAM_BOT_TOKEN: server.token,
      SARING_TELEGRAM_API_URL: server.url,
      SARING_TELEGRAM_POLL_SECONDS: '1',
    };
    // PostgreSQL: this file's database; PGlite: the data dir above (one process per PGlite data dir).
    if (tdb.url) env.DATABASE_URL = tdb.url;
    else delete env.DATABASE_URL;
    const run = (args: string[], stopWhen?: () => boolean) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const child = spawn('node', ['bin/saring.mjs', 'tipline', ...args], { cwd: PROJECT_DIR, env });
        let stdout = '',
          stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
        if (stopWhen) void server.until(stopWhen).then(() => child.kill('SIGTERM'));
      });

    server.push(update('update-message-text.json', { updateId: 4001, messageId: 140, text: HOAX }));
    const first = await run([], () => server.sent.length === 1);
    expect(first.stderr).not.toMatch(/"level":(50|60)|^saring: /m);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^tipline: filed 1, ignored 0, refused 0, retries 0$/m);
    expect(server.sent[0]!.text).toMatch(/nomor #\d+\./);

    server.push(
      update('update-message-text.json', { updateId: 4001, messageId: 140, text: HOAX }),
      update('update-message-text.json', { updateId: 4002, messageId: 141, text: 'Razia motor malam ini di Gantung, benar?' }),
    );
    const before = server.polls.length;
    const second = await run(['--once']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^tipline: filed 1, ignored 0, refused 0, retries 0$/m);
    // The restarted bot's first poll confirms update 4001 from the database: it is not filed again.
    expect(server.polls[before]!.offset).toBe(4002);
    expect(server.sent).toHaveLength(2);
  });
});
