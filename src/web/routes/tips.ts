import { z } from 'zod';
import { runClassify } from '../../classify/stage.ts';
import { ConfigError, DeskError } from '../../errors.ts';
import { submitTip, TipImageRefused, TipRefused } from '../../ingest/tips.ts';
import { MAX_TIP_IMAGES } from '../../sources/tip.ts';
import { chrome } from '../chrome.ts';
import { deskRoutes } from '../guards.ts';
import { blankToUndefined, done } from '../respond.ts';
import { body, BODY_LIMIT } from '../validate.ts';
import { tipPage } from '../views/tips.ts';
import { sendPage } from '../html-body.ts';

const optional = (max: number) => z.preprocess(blankToUndefined, z.string().max(max).optional());
const tipForm = z.object({
  url: optional(4_000),
  text: optional(100_000),
  reporter: optional(200),
  channel: optional(100),
  note: optional(5_000),
  fetch: z.preprocess((v) => v === '1' || v === 'on' || v === true, z.boolean()),
  // Files of the form's <input type=file multiple>; a form sent without choosing one carries an empty file.
  images: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((f) => !(f instanceof File && f.size === 0 && f.name === '')),
    z.array(z.instanceof(File, { message: 'harus berupa berkas gambar' })).max(MAX_TIP_IMAGES, `paling banyak ${MAX_TIP_IMAGES} gambar per laporan`),
  ),
});

/** A tip typed in by an officer. Mounted at /tips. */
export function tipRoutes() {
  return deskRoutes('tip.submit')
    .get('/new', (c) => sendPage(c, tipPage(chrome(c, 'Laporan masuk'))))
    .post('/', body(tipForm, { limit: BODY_LIMIT.upload }), async (c) => {
      const { fetch, images, ...tip } = c.req.valid('form');
      const rt = c.var.rt;
      const files = await Promise.all(images.map(async (f, k) => ({ name: f.name || `gambar ${k + 1}`, bytes: Buffer.from(await f.arrayBuffer()) })));
      let summary;
      try {
        // The officer typing it is recorded as such, never as the reporter (who may be unnamed).
        // Images are checked and stored here; they are read (hash, OCR) by the images job, not by this process.
        summary = await submitTip(rt.ingest, { ...tip, recorded_by: c.var.actor.display_name }, { fetch: fetch && tip.url !== undefined, images: files });
      } catch (err) {
        if (err instanceof TipRefused) throw new DeskError('INVALID_INPUT', `Tautan tidak dapat diambil, laporan tidak disimpan: ${err.detail}`);
        if (err instanceof TipImageRefused) throw new DeskError('INVALID_INPUT', `Gambar ditolak, laporan tidak disimpan: ${err.detail}`);
        if (err instanceof ConfigError) throw new DeskError('INVALID_INPUT', 'Laporan perlu isi pesan, tautan http(s) yang sah, atau gambar.');
        throw err;
      }
      // The run records a failure instead of throwing; the desk must not call that "saved".
      if (summary.status === 'failure' || summary.new + summary.updated + summary.duplicate === 0) {
        const why = summary.problems[0]?.reason ?? summary.error ?? 'tidak ada yang dapat disimpan';
        throw new DeskError('INVALID_INPUT', `Laporan tidak disimpan: ${why}`);
      }
      await runClassify(rt.classifier());
      const itemId = summary.storedIds[0] ?? null;
      return done(
        c,
        { item_id: itemId, status: summary.status, duplicate: summary.duplicate > 0 },
        itemId ? `/items/${itemId}` : '/queue',
        'Laporan disimpan.',
      );
    });
}
