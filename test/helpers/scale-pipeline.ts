import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixture } from './paths.ts';

/**
 * A pipeline of `count` RSS sources, each one recorded Tempo snapshot (20 real items) served by a
 * replay server the caller runs on 127.0.0.1. Written to a temporary SARING_PIPELINES_DIR, so several
 * processes (workers, schedulers) load the same definition with the same URLs.
 */
export function writeScalePipeline(opts: { serverUrl: string; count: number; schedule?: string }): { dir: string; name: string; expectedSources: string[] } {
  const snapshots = fs
    .readdirSync(fixture('tempo-cekfakta-feed/snapshots-cekfakta'))
    .filter((f) => f.endsWith('.xml'))
    .sort();
  const step = Math.max(1, Math.floor(snapshots.length / opts.count));
  const picked = Array.from({ length: opts.count }, (_, i) => snapshots[(i * step) % snapshots.length]!);
  const sources = picked.map((file, i) => ({
    id: `tempo-${String(i).padStart(3, '0')}`,
    kind: 'rss',
    name: `Tempo CekFakta ${file}`,
    ...(opts.schedule ? { schedule: opts.schedule } : {}),
    config: { url: `${opts.serverUrl}/tempo-cekfakta-feed/snapshots-cekfakta/${file}` },
  }));
  const pipeline = {
    name: 'skala',
    title: 'Polres Uji Skala',
    timezone: 'Asia/Jakarta',
    defaultSchedule: '0 0 1 1 *',
    http: { allowHosts: ['127.0.0.1'], perHostIntervalMs: 0, perHostConcurrency: 16, retries: 3, backoffMs: 200 },
    sources,
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-pipelines-'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}\n'); // an ES module outside the checkout
  fs.writeFileSync(path.join(dir, 'skala.ts'), `export default ${JSON.stringify(pipeline, null, 2)};\n`);
  return { dir, name: 'skala', expectedSources: sources.map((s) => s.id) };
}
