import { Hono } from 'hono';
import { html } from 'hono/html';
import { secureHeaders } from 'hono/secure-headers';
import { z } from 'zod';
import { sourcesWithLastRun } from '../db/fetch-runs.repo.ts';
import { flaggedItems } from '../db/classifications.repo.ts';
import { searchItems } from '../db/items.repo.ts';
import type { Runtime } from '../runtime.ts';
import { describeIssues } from '../errors.ts';

const STATUS_ID: Record<string, string> = {
  success: 'berhasil',
  not_modified: 'tidak berubah',
  partial: 'sebagian',
  failure: 'gagal',
  running: 'berjalan',
  abandoned: 'terhenti',
};

const itemsQuery = z.object({
  q: z.string().max(500).default(''),
  source: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/**
 * The web server of `saring start`: a status page in Indonesian (sources, flagged items with their
 * reasons, latest items) and a read-only JSON API.
 * The review desk (accounts, triage, clarifications) builds on this app.
 */
export function createApp(rt: Pick<Runtime, 'sdb' | 'pipeline' | 'classifier'>): Hono {
  const app = new Hono();
  const db = rt.sdb.db;
  app.use('*', secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"] } }));

  app.get('/healthz', async (c) => {
    await db.selectFrom('sources').select('id').limit(1).execute();
    return c.json({ ok: true, database: rt.sdb.dialect, pipeline: rt.pipeline.name });
  });

  app.get('/api/sources', async (c) => {
    return c.json({ sources: await sourcesWithLastRun(db, rt.pipeline.name) });
  });

  app.get('/api/items', async (c) => {
    const parsed = itemsQuery.safeParse(c.req.query());
    if (!parsed.success) return c.json({ error: describeIssues(parsed.error) }, 400);
    const { q, source, limit } = parsed.data;
    const search = searchItems(db, q, { limit, ...(source ? { sourceId: source } : {}) });
    const [total, items] = await Promise.all([search.count(), search.list()]);
    return c.json({ total, items });
  });

  app.get('/api/flagged', async (c) => {
    const limit = z.coerce.number().int().min(1).max(200).catch(50).parse(c.req.query('limit'));
    const version = rt.classifier().ctx.model.version;
    return c.json({ model_version: version, items: await flaggedItems(db, version, limit) });
  });

  app.get('/', async (c) => {
    const sources = await sourcesWithLastRun(db, rt.pipeline.name);
    const recent = await searchItems(db, '', { limit: 30 }).list();
    const flagged = await flaggedItems(db, rt.classifier().ctx.model.version, 15);
    const fmt = (d: Date | null) => (d ? d.toLocaleString('id-ID', { timeZone: rt.pipeline.timezone }) : '—');
    // hono/html escapes every interpolated value: scraped text is never rendered as HTML.
    return c.html(html`<!doctype html>
<html lang="id">
<head><meta charset="utf-8"><title>Saring — ${rt.pipeline.title}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;width:100%;margin-bottom:2rem}td,th{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}th{background:#f3f3f3}.gagal{color:#b00}</style>
</head>
<body>
<h1>Saring — ${rt.pipeline.title}</h1>
<p>Saring sebelum sharing: pemantauan hoaks dan misinformasi.</p>
<h2>Sumber</h2>
<table><tr><th>Sumber</th><th>Jenis</th><th>Jadwal</th><th>Terakhir diambil</th><th>Status</th><th>Baru</th><th>Duplikat</th></tr>
${sources.map((s) => {
  const r = s.last_run;
  return html`<tr><td>${s.name}</td><td>${s.kind}</td><td>${s.schedule ?? 'manual'}</td><td>${fmt(r?.started_at ?? null)}</td><td class="${r?.status ?? ''}">${r ? STATUS_ID[r.status] ?? r.status : 'belum pernah'}${r?.error ? html`: ${r.error}` : ''}</td><td>${r?.items_new ?? ''}</td><td>${r?.items_duplicate ?? ''}</td></tr>`;
})}
</table>
<h2>Ditandai untuk ditinjau</h2>
${flagged.length
  ? html`<table><tr><th>Prioritas</th><th>Sumber</th><th>Judul / teks</th><th>Alasan</th></tr>
${flagged.map(
  (f) => html`<tr><td>${Math.round(f.priority * 100)}</td><td>${f.source_id}</td><td>${f.url ? html`<a href="${f.url}" rel="noopener noreferrer" target="_blank">${f.title ?? f.text.slice(0, 160)}</a>` : f.title ?? f.text.slice(0, 160)}</td><td><ul>${f.reasons.map((r) => html`<li>${r.label}</li>`)}</ul></td></tr>`,
)}
</table>`
  : html`<p>Belum ada butir yang ditandai.</p>`}
<h2>Butir terbaru</h2>
<table><tr><th>Waktu</th><th>Sumber</th><th>Judul / teks</th></tr>
${recent.map(
  (i) => html`<tr><td>${fmt(i.published_at ?? i.fetched_at)}</td><td>${i.source_id}</td><td>${i.url ? html`<a href="${i.url}" rel="noopener noreferrer" target="_blank">${i.title ?? i.text.slice(0, 120)}</a>` : i.title ?? i.text.slice(0, 120)}${i.duplicate_of ? html` <small>(duplikat #${i.duplicate_of})</small>` : ''}</td></tr>`,
)}
</table>
</body></html>`);
  });

  app.onError((err, c) => c.json({ error: err.message }, 500));
  return app;
}
