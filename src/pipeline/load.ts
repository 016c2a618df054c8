import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import cron from 'node-cron';
import { ConfigError } from '../errors.ts';
import { sourceKind } from '../sources/index.ts';
import { pipelineSchema, type Pipeline } from './define.ts';

export const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PIPELINES_DIR = path.join(PROJECT_DIR, 'pipelines');

/** Names of the pipelines shipped in pipelines/. */
export function pipelineNames(dir = PIPELINES_DIR): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

/**
 * Loads and validates pipelines/<name>.ts. Every error names the file, the source id and the field:
 * `pipelines/beltim.ts: source "antara-babel": config.url: Invalid URL`.
 */
export async function loadPipeline(name: string, dir: string = PIPELINES_DIR): Promise<Pipeline> {
  const file = path.join(dir, `${name}.ts`);
  const label = path.relative(process.cwd(), file) || file;
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(name) || !fs.existsSync(file)) {
    throw new ConfigError(`pipeline "${name}" not found (expected ${label}; available: ${pipelineNames(dir).join(', ')})`);
  }
  const mod = (await import(await moduleUrl(file))) as { default?: unknown };
  return validatePipeline(mod.default, label, name);
}

/**
 * Where to import a pipeline file from. Under tsx or vitest it is imported as it is; the compiled CLI
 * (dist/, bin/build.mjs) has no TypeScript loader, so the file is compiled the same way as src/ was,
 * its imports of src/ pointed at dist/ (the running modules), and cached beside dist/.
 */
async function moduleUrl(file: string): Promise<string> {
  if (!import.meta.url.endsWith('.js')) return pathToFileURL(file).href;
  const { compiledModule } = await import('../../bin/build.mjs');
  return compiledModule(file);
}

export function validatePipeline(value: unknown, label: string, expectedName?: string): Pipeline {
  const parsed = pipelineSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = describePath(value, issue.path);
    throw new ConfigError(`${label}: ${where}${issue.message}`);
  }
  const p = parsed.data;
  if (expectedName && p.name !== expectedName) throw new ConfigError(`${label}: name is "${p.name}" but the file is ${expectedName}.ts`);
  if (!isTimeZone(p.timezone)) throw new ConfigError(`${label}: timezone "${p.timezone}" is not an IANA time zone`);
  if (!cron.validate(p.defaultSchedule)) throw new ConfigError(`${label}: defaultSchedule "${p.defaultSchedule}" is not a cron expression`);
  if (p.learning.trainSchedule && !cron.validate(p.learning.trainSchedule))
    throw new ConfigError(`${label}: learning.trainSchedule "${p.learning.trainSchedule}" is not a cron expression`);
  const seen = new Set<string>();
  // Replay addresses are known only once the server runs; any loopback URL validates the same.
  const checked = p.replay ? withReplay(p, { url: 'http://127.0.0.1:1', root: '/replay' }) : p;
  for (const s of checked.sources) {
    const at = `${label}: source "${s.id}"`;
    if (seen.has(s.id)) throw new ConfigError(`${at}: id is used twice`);
    seen.add(s.id);
    if (s.schedule && !cron.validate(s.schedule)) throw new ConfigError(`${at}: schedule "${s.schedule}" is not a cron expression`);
    const config = sourceKind(s.kind).config.safeParse(s.config);
    if (!config.success) {
      const i = config.error.issues[0]!;
      throw new ConfigError(`${at}: config${i.path.length ? `.${i.path.join('.')}` : ''}: ${i.message}`);
    }
  }
  return p;
}

function describePath(value: unknown, p: PropertyKey[]): string {
  if (p[0] === 'sources' && typeof p[1] === 'number') {
    const id = (value as { sources?: Array<{ id?: unknown }> }).sources?.[p[1]]?.id;
    const rest = p.slice(2).join('.');
    return `source ${typeof id === 'string' ? `"${id}"` : `#${p[1] + 1}`}: ${rest ? `${rest}: ` : ''}`;
  }
  return p.length ? `${p.join('.')}: ` : '';
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Replaces `{replay}` (the replay server's address) and `{replayRoot}` (its folder) in source configs. */
export function withReplay(p: Pipeline, replay: { url: string; root: string }): Pipeline {
  const sub = (v: unknown): unknown =>
    typeof v === 'string'
      ? v.replaceAll('{replay}', replay.url).replaceAll('{replayRoot}', replay.root)
      : Array.isArray(v)
        ? v.map(sub)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, sub(x)]))
          : v;
  // The replay server is on this machine: its origin (not its host: other services listen there too) is
  // the one private address the demo's recorded sources may reach, and only those sources.
  const origin = new URL(replay.url).origin;
  const usesReplay = (s: Pipeline['sources'][number]) => JSON.stringify(s.config).includes('{replay}');
  return {
    ...p,
    sources: p.sources.map((s) => ({
      ...s,
      config: sub(s.config) as Record<string, unknown>,
      allowHosts: usesReplay(s) ? [...new Set([...s.allowHosts, origin])] : s.allowHosts,
    })),
  };
}
