import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixture } from './paths.ts';

export interface ScalePipeline {
  dir: string;
  name: string;
  expectedSources: string[];
}

/**
 * A pipeline of RSS sources, each one recorded feed served by a replay server the caller runs on
 * 127.0.0.1. By default `count` Tempo snapshots (20 real items each); `feeds` names other recorded
 * files (paths under the fixtures folder). Written to a temporary SARING_PIPELINES_DIR, so several
 * processes (workers, schedulers) load the same definition with the same URLs. Used by the scale
 * tests and by `npm run bench:scale`.
 */
export function writeScalePipeline(opts: { serverUrl: string; count?: number; feeds?: string[]; schedule?: string; name?: string }): ScalePipeline {
  const feeds = opts.feeds ?? tempoSnapshots(opts.count ?? 10);
  const sources = feeds.map((file, i) => ({
    id: `feed-${String(i).padStart(3, '0')}`,
    kind: 'rss',
    name: `Umpan ${path.basename(file)}`,
    ...(opts.schedule ? { schedule: opts.schedule } : {}),
    // The replay server is private (127.0.0.1): each source may reach exactly its origin.
    allowHosts: [new URL(opts.serverUrl).origin],
    config: { url: `${opts.serverUrl}/${file.split('/').map(encodeURIComponent).join('/')}` },
  }));
  const name = opts.name ?? 'skala';
  const pipeline = {
    name,
    title: 'Polres Uji Skala',
    timezone: 'Asia/Jakarta',
    defaultSchedule: '0 0 1 1 *',
    http: { perHostIntervalMs: 0, perHostConcurrency: 16, retries: 3, backoffMs: 200, maxBytes: 16 * 1024 * 1024 },
    sources,
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-pipelines-'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}\n'); // an ES module outside the checkout
  fs.writeFileSync(path.join(dir, `${name}.ts`), `export default ${JSON.stringify(pipeline, null, 2)};\n`);
  return { dir, name, expectedSources: sources.map((s) => s.id) };
}

function tempoSnapshots(count: number): string[] {
  const folder = 'tempo-cekfakta-feed/snapshots-cekfakta';
  const snapshots = fs
    .readdirSync(fixture(folder))
    .filter((f) => f.endsWith('.xml'))
    .sort();
  const step = Math.max(1, Math.floor(snapshots.length / count));
  return Array.from({ length: count }, (_, i) => `${folder}/${snapshots[(i * step) % snapshots.length]!}`);
}
