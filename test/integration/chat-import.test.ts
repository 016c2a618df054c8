import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { OfficialRegistry } from '../../src/classify/official-registry.ts';
import { loadModels } from '../../src/classify/models.ts';
import { runClassify } from '../../src/classify/stage.ts';
import { registryEntries } from '../../src/db/registry.repo.ts';
import { syncSources } from '../../src/db/sources.repo.ts';
import { HttpClient } from '../../src/fetch/http-client.ts';
import { runImages } from '../../src/images/stage.ts';
import { ImageStore } from '../../src/images/store.ts';
import { recordRun } from '../../src/ingest/stage.ts';
import { silentLogger } from '../../src/log.ts';
import { loadPipeline } from '../../src/pipeline/load.ts';
import type { Pipeline } from '../../src/pipeline/define.ts';
import { seedRegistry } from '../../src/review/registry.service.ts';
import { readImport } from '../../src/sources/import.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { LOCAL_HTTP, PROJECT_DIR } from '../helpers/paths.ts';

// `saring import` of WhatsApp exports into a real database: the import source, the dedup on re-import,
// and the sender reaching the official-accounts registry through the item's author.
const DIR = path.join(PROJECT_DIR, 'test/fixtures/whatsapp');
const img = (f: string) => fs.readFileSync(path.join(PROJECT_DIR, 'test/fixtures/images', f));
let tdb: TestDb;
let beltim: Pipeline;
let zipFile: string;

beforeAll(async () => {
  tdb = await createTestDb();
  beltim = await loadPipeline('beltim');
  await syncSources(tdb.db, 'beltim', [{ id: 'import', kind: 'import', name: 'Impor berkas', schedule: null, enabled: true, config: { path: '-' } }]);
  await seedRegistry(tdb.db, 'beltim', [{ kind: 'telepon', platform: 'whatsapp', value: '+62 819-0000-1100', unit: 'Polres Belitung Timur' }]);
  // The zip WhatsApp's iOS share sheet makes: the chat and its media at the top level.
  zipFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'saring-wa-')), 'WhatsApp Chat - Info Warga Gantung.zip');
  const zip = new yazl.ZipFile();
  for (const f of fs.readdirSync(path.join(DIR, 'ios-zip'))) zip.addFile(path.join(DIR, 'ios-zip', f), f);
  zip.end();
  await new Promise<void>((resolve, reject) =>
    zip.outputStream
      .pipe(fs.createWriteStream(zipFile))
      .on('close', () => resolve())
      .on('error', reject),
  );
});
afterAll(() => tdb?.dispose());

const ingest = () => ({ db: tdb.db, http: new HttpClient(LOCAL_HTTP), log: silentLogger });
const importFile = (file: string) => recordRun(ingest(), 'import', () => readImport({ path: file, columns: {}, language: 'id' }, { timeZone: 'Asia/Jakarta' }));
const items = () => tdb.db.selectFrom('items').selectAll().where('source_id', '=', 'import').orderBy('id').execute();

describe('WhatsApp chat import', () => {
  it('stores one item per message of an Android export, reports the bad line, and adds nothing on re-import', async () => {
    const file = path.join(DIR, 'Chat WhatsApp dengan Info Warga RT 05 Manggar.txt');
    const first = await importFile(file);
    expect(first).toMatchObject({ status: 'partial', fetched: 7, new: 7, rejected: 1 });
    expect(first.problems).toEqual([{ ref: 'line 17', reason: 'cannot read the date: no day 31 in month 2 of 2024 in "31/02/24 21.10"' }]);
    const stored = await items();
    expect(stored.map((i) => i.author)).toContain('+62 812-7788-9900');
    expect(stored[0]).toMatchObject({ language: 'id', raw: { platform: 'whatsapp', chat: 'Info Warga RT 05 Manggar', line: 5 } });
    expect(stored[0]!.published_at).toEqual(new Date('2024-03-12T13:15:00Z'));
    const again = await importFile(file);
    expect(again).toMatchObject({ fetched: 7, new: 0, updated: 0 });
  });

  it('reads the chat out of an iOS zip, with the attached photo listed by name and size (no image store: not stored, said)', async () => {
    const r = await importFile(zipFile);
    expect(r).toMatchObject({ status: 'partial', fetched: 4, new: 4, rejected: 1 });
    expect(r.problems).toEqual([{ ref: 'run', reason: '1 attached image(s) not stored: no image store is configured' }]);
    const dedi = (await items()).filter((i) => i.author === 'Dedi');
    expect(dedi[0]!.raw).toEqual({
      platform: 'whatsapp',
      chat: 'Info Warga Gantung',
      line: 4,
      media: [{ file: '00000007-PHOTO-2024-03-14-19-22-41.jpg', bytes: 1883, included: true }],
    });
    // Without an image store the photo is not stored, and the run says so.
    expect(r.imageIds).toEqual([]);
    expect(dedi[1]!.text).toBe('Foto surat edaran Polsek Gantung soal razia motor, benar tidak ini pak?');
  });

  it("attaches an Android zip's photos to their messages through the image store; other media listed, a missing or broken file a warning", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-wa-media-'));
    const zipPath = path.join(dir, 'WhatsApp Chat with Info Warga Manggar.zip');
    const chat = [
      '12/03/24 20.15 - Pesan dan panggilan dienkripsi secara end-to-end. Tidak seorang pun di luar chat ini, termasuk WhatsApp, yang dapat membaca atau mendengarkannya. Ketuk untuk mempelajari selengkapnya.',
      '12/03/24 20.16 - Budi Manggar: IMG-20240312-WA0003.jpg (file terlampir)',
      'Beredar di grup sebelah, katanya malam ini razia motor besar-besaran di Manggar',
      '12/03/24 20.17 - Sari: PTT-20240312-WA0004.opus (file terlampir)',
      '12/03/24 20.18 - Budi Manggar: IMG-20240312-WA0005.jpg (file terlampir)',
      '12/03/24 20.19 - ‪+62 812-7788-9900‬: DOC-20240312-WA0006.pdf (file terlampir)',
      'Surat edaran lengkapnya',
      '12/03/24 20.21 - Sari: IMG-20240312-WA0007.jpg (file terlampir)',
      '12/03/24 20.22 - Sari: IMG-20240312-WA0008.jpg (file terlampir)',
      'Yang ini sama dengan tadi',
    ].join('\n');
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from(chat), 'WhatsApp Chat with Info Warga Manggar.txt');
    zip.addBuffer(img('hoax-chat.png'), 'IMG-20240312-WA0003.jpg'); // WhatsApp names by its own rule; the bytes decide
    zip.addBuffer(Buffer.from('OggS voice note stand-in'), 'PTT-20240312-WA0004.opus');
    zip.addBuffer(Buffer.from('%PDF-1.4 stand-in'), 'DOC-20240312-WA0006.pdf');
    zip.addBuffer(img('not-an-image.jpg'), 'IMG-20240312-WA0007.jpg');
    zip.addBuffer(img('hoax-chat-copy.jpg'), 'IMG-20240312-WA0008.jpg');
    zip.end();
    await new Promise<void>((resolve, reject) =>
      zip.outputStream
        .pipe(fs.createWriteStream(zipPath))
        .on('close', () => resolve())
        .on('error', reject),
    );
    const store = new ImageStore(path.join(dir, 'images'));
    const run = () =>
      recordRun({ ...ingest(), imageStore: store }, 'import', () => readImport({ path: zipPath, columns: {}, language: 'id' }, { timeZone: 'Asia/Jakarta' }));
    const r = await run();
    expect(r).toMatchObject({ status: 'partial', fetched: 6, new: 6 });
    const txt = 'WhatsApp Chat with Info Warga Manggar.txt';
    expect(r.problems).toEqual([
      { ref: `${txt} line 5`, reason: '"IMG-20240312-WA0005.jpg" is named by the message but is not in the zip; the message is kept without it' },
      { ref: `${txt} line 8`, reason: expect.stringMatching(/^image not stored, message kept: IMG-20240312-WA0007\.jpg: /) as unknown },
    ]);
    const stored = await tdb.db.selectFrom('items').selectAll().where('id', 'in', r.storedIds).orderBy('id').execute();
    const byLine = new Map(stored.map((i) => [i.raw.line as number, i]));
    expect(byLine.get(2)!.text).toBe('Beredar di grup sebelah, katanya malam ini razia motor besar-besaran di Manggar');
    expect(byLine.get(4)!.raw.media).toEqual([{ file: 'PTT-20240312-WA0004.opus', bytes: 24, included: true }]);
    expect(byLine.get(5)!.raw.media).toEqual([{ file: 'IMG-20240312-WA0005.jpg', bytes: null, included: false }]);
    const attached = await tdb.db
      .selectFrom('item_images')
      .select(['item_id', 'position', 'sha256', 'status'])
      .where('item_id', 'in', r.storedIds)
      .orderBy('item_id')
      .execute();
    expect(attached).toEqual([
      { item_id: byLine.get(2)!.id, position: 0, sha256: ImageStore.sha256(img('hoax-chat.png')), status: 'stored' },
      { item_id: byLine.get(9)!.id, position: 0, sha256: ImageStore.sha256(img('hoax-chat-copy.jpg')), status: 'stored' },
    ]);
    expect([...r.imageIds].sort()).toEqual([byLine.get(2)!.id, byLine.get(9)!.id].sort());
    // Stored by content, as sent; the images stage reads them: OCR text, pHash, and the copy joins the first one's cluster.
    expect(fs.readFileSync(store.originalPath(ImageStore.sha256(img('hoax-chat.png')), 'png')).equals(img('hoax-chat.png'))).toBe(true);
    const im = await runImages({ db: tdb.db, http: new HttpClient(LOCAL_HTTP), log: silentLogger, store }, { itemIds: r.imageIds });
    expect(im).toMatchObject({ processed: 2, failed: 0 });
    const images = await tdb.db.selectFrom('images').select(['sha256', 'ocr_text', 'cluster_id']).orderBy('first_seen_at').execute();
    expect(images.find((i) => i.sha256 === ImageStore.sha256(img('hoax-chat.png')))!.ocr_text).toContain('Kapolres');
    expect(images.find((i) => i.sha256 === ImageStore.sha256(img('hoax-chat-copy.jpg')))!.cluster_id).toBe(ImageStore.sha256(img('hoax-chat.png')));
    // A re-import adds no item and no image twice.
    const again = await run();
    expect(again).toMatchObject({ new: 0, updated: 0 });
    expect(await tdb.db.selectFrom('item_images').select('item_id').where('item_id', 'in', r.storedIds).execute()).toHaveLength(2);
  });

  it('refuses a zip bomb by name, storing nothing from it', async () => {
    const bomb = path.join(path.dirname(zipFile), 'WhatsApp Chat - Bom.zip');
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.alloc(8 * 1024 * 1024, 0x41), '_chat.txt');
    zip.end();
    await new Promise<void>((resolve, reject) =>
      zip.outputStream
        .pipe(fs.createWriteStream(bomb))
        .on('close', () => resolve())
        .on('error', reject),
    );
    const before = (await items()).length;
    const r = await importFile(bomb);
    expect(r).toMatchObject({ status: 'failure', errorCode: 'ZIP_REFUSED' });
    expect(r.error).toMatch(/WhatsApp Chat - Bom\.zip: "_chat\.txt": compressed \d+:1 .*zip bomb/);
    expect((await items()).length).toBe(before);
  });

  it('holds the sender against the registry: an officer signing from an unregistered number, and the registered one', async () => {
    const deps = {
      db: tdb.db,
      log: silentLogger,
      ctx: {
        ...loadModels(),
        lexicon: { units: beltim.area.units },
        places: beltim.area.places,
        registry: new OfficialRegistry(await registryEntries(tdb.db, 'beltim'), beltim.area.units),
      },
    };
    await runClassify(deps);
    const byAuthor = async (author: string) => {
      const row = await tdb.db
        .selectFrom('items as i')
        .innerJoin('classifications as c', 'c.item_id', 'i.id')
        .select(['c.reasons', 'c.police_flags'])
        .where('i.author', '=', author)
        .where('i.source_id', '=', 'import')
        .orderBy('i.id')
        .executeTakeFirstOrThrow();
      return { reasons: row.reasons.map((r) => r.label), flags: row.police_flags };
    };
    const fake = await byAuthor('+62 812-7788-9900');
    expect(fake.reasons).toContain('pengirim +62 812-7788-9900 tidak terdaftar di registri akun resmi');
    expect(fake.flags?.mengatasnamakan_polisi.flagged).toBe(true);
    const real = await byAuthor('+62 819-0000-1100');
    expect(real.reasons).toContain('dari nomor resmi whatsapp Polres Belitung Timur');
    expect(real.flags?.mengatasnamakan_polisi.flagged ?? false).toBe(false);
  });
});
