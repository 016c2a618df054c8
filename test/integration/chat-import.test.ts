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

  it('reads the chat out of an iOS zip, with the attached photo listed by name and size', async () => {
    const r = await importFile(zipFile);
    expect(r).toMatchObject({ status: 'success', fetched: 4, new: 4, rejected: 0 });
    const dedi = (await items()).filter((i) => i.author === 'Dedi');
    expect(dedi[0]!.raw).toEqual({
      platform: 'whatsapp',
      chat: 'Info Warga Gantung',
      line: 4,
      media: [{ file: '00000007-PHOTO-2024-03-14-19-22-41.jpg', bytes: 26, included: true }],
    });
    expect(dedi[1]!.text).toBe('Foto surat edaran Polsek Gantung soal razia motor, benar tidak ini pak?');
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
