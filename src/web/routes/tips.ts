import type { Hono } from 'hono';
import { z } from 'zod';
import { ConfigError, DeskError } from '../../errors.ts';
import { runClassify } from '../../classify/stage.ts';
import { submitTip, TipRefused } from '../../ingest/tips.ts';
import { requireRole } from '../../review/roles.ts';
import type { AppEnv } from '../env.ts';
import { blankToUndefined, done, requireSession } from '../respond.ts';
import { readForm } from '../session.ts';
import { tipPage } from '../views/tips.ts';
import { chrome } from './chrome.ts';

const optional = (max: number) => z.preprocess(blankToUndefined, z.string().max(max).optional());
const tipForm = z.object({
  url: optional(4_000),
  text: optional(100_000),
  reporter: optional(200),
  channel: optional(100),
  note: optional(5_000),
  fetch: z.preprocess((v) => v === '1' || v === 'on' || v === true, z.boolean()),
});

export function tipRoutes(app: Hono<AppEnv>): void {
  app.get('/tips/new', (c) => {
    const s = requireSession(c);
    requireRole(s.actor, 'tip.submit');
    return c.html(tipPage(chrome(c, 'Laporan masuk')));
  });

  app.post('/tips', async (c) => {
    const s = requireSession(c);
    requireRole(s.actor, 'tip.submit');
    const { fetch, ...tip } = await readForm(c, tipForm);
    const rt = c.var.rt;
    let summary;
    try {
      summary = await submitTip(rt.ingest, { ...tip, reporter: tip.reporter ?? s.actor.display_name }, { fetch: fetch && tip.url !== undefined });
    } catch (err) {
      if (err instanceof TipRefused) throw new DeskError('INVALID_INPUT', `Tautan tidak dapat diambil, laporan tidak disimpan: ${err.detail}`);
      if (err instanceof ConfigError) throw new DeskError('INVALID_INPUT', 'Laporan perlu isi pesan atau tautan http(s) yang sah.');
      throw err;
    }
    await runClassify(rt.classifier());
    const itemId = summary.storedIds[0] ?? null;
    return done(c, { item_id: itemId, status: summary.status, duplicate: summary.duplicate > 0 }, itemId ? `/items/${itemId}` : '/queue', 'Laporan disimpan.');
  });
}
