import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { SOURCE_TRUSTS } from '../../../src/vocabulary.ts';
import { sourceTrust } from '../../../src/pipeline/define.ts';
import { loadPipeline, PROJECT_DIR, pipelineNames, validatePipeline } from '../../../src/pipeline/load.ts';

const base = { name: 'uji', title: 'Polres Uji', sources: [] as unknown[] };

describe('loadPipeline', () => {
  it('loads every shipped pipeline', async () => {
    expect(pipelineNames()).toEqual(expect.arrayContaining(['beltim', 'demo']));
    for (const name of pipelineNames()) {
      const p = await loadPipeline(name);
      expect(p.name).toBe(name);
      expect(p.sources.length).toBeGreaterThan(0);
    }
  });

  it('ships Beltim with real sources of every collecting kind and its Polseks', async () => {
    const p = await loadPipeline('beltim');
    expect(new Set(p.sources.map((s) => s.kind))).toEqual(new Set(['rss', 'html', 'telegram', 'mentions']));
    // The mentions example needs the internet and registered accounts: shipped disabled.
    expect(p.sources.filter((s) => s.kind === 'mentions').map((s) => s.enabled)).toEqual([false]);
    expect(p.sources.every((s) => !JSON.stringify(s.config).includes('example'))).toBe(true);
    expect(p.area.units.map((u) => u.name)).toContain('Polsek Manggar');
  });

  it('gives every source a trust class: as set, or by its kind', async () => {
    expect(sourceTrust({ kind: 'rss', factCheck: false })).toBe('media');
    expect(sourceTrust({ kind: 'rss', factCheck: true })).toBe('factcheck');
    expect(sourceTrust({ kind: 'telegram', factCheck: false })).toBe('social');
    expect(sourceTrust({ kind: 'import', factCheck: false, trust: 'official' })).toBe('official');
    expect(() =>
      validatePipeline(
        { ...base, sources: [{ id: 'x', kind: 'rss', name: 'X', trust: 'resmi', config: { url: 'https://example.org/feed' } }] },
        'pipelines/uji.ts',
      ),
    ).toThrow(/trust/);
    // The database checks the same codes (sql/0011_source_trust.sql).
    const sqlList = /source_trust in \(([^)]*)\)/
      .exec(fs.readFileSync(path.join(PROJECT_DIR, 'sql/0011_source_trust.sql'), 'utf8'))![1]!
      .match(/'([a-z]+)'/g)!
      .map((q) => q.slice(1, -1));
    expect(sqlList).toEqual([...SOURCE_TRUSTS]);
  });

  it('names an unknown pipeline and lists the available ones', async () => {
    await expect(loadPipeline('nope')).rejects.toThrow(/pipeline "nope" not found .*available: .*beltim/);
  });
});

describe('validatePipeline', () => {
  it('names the file, the source and the field of a bad config', () => {
    const bad = { ...base, sources: [{ id: 'antara-babel', kind: 'rss', name: 'ANTARA', config: { url: 'babel.antaranews' } }] };
    expect(() => validatePipeline(bad, 'pipelines/uji.ts')).toThrow(/^pipelines\/uji\.ts: source "antara-babel": config\.url: /);
  });

  it('refuses unknown config keys (typos) instead of ignoring them', () => {
    const bad = { ...base, sources: [{ id: 'a', kind: 'rss', name: 'A', config: { url: 'https://a.id/feed', langauge: 'id' } }] };
    expect(() => validatePipeline(bad, 'p.ts')).toThrow(/source "a": config: Unrecognized key: "langauge"/);
  });

  it('refuses bad schedules, time zones, kinds and repeated ids', () => {
    const src = { id: 'a', kind: 'rss', name: 'A', config: { url: 'https://a.id/feed' } };
    expect(() => validatePipeline({ ...base, sources: [{ ...src, schedule: 'tiap jam sekali' }] }, 'p.ts')).toThrow(
      /source "a": schedule "tiap jam sekali" is not a cron expression/,
    );
    expect(() => validatePipeline({ ...base, timezone: 'Asia/Jakarat', sources: [src] }, 'p.ts')).toThrow(/timezone "Asia\/Jakarat" is not an IANA time zone/);
    expect(() => validatePipeline({ ...base, sources: [{ ...src, kind: 'facebook' }] }, 'p.ts')).toThrow(/source "a": kind: /);
    expect(() => validatePipeline({ ...base, sources: [src, src] }, 'p.ts')).toThrow(/source "a": id is used twice/);
  });

  it('refuses clarification templates with unknown placeholders and gives the default ones otherwise', () => {
    const bad = { ...base, sources: [], clarification: { templates: [{ id: 'x', name: 'X', body: '[HOAKS] {{judul}} {{faktanya}}' }] } };
    expect(() => validatePipeline(bad, 'p.ts')).toThrow(/clarification\.templates\.0\.body: unknown placeholder/);
    const ok = validatePipeline({ ...base, sources: [] }, 'p.ts');
    expect(ok.clarification.templates.map((t) => t.id)).toEqual(['hoaks', 'klarifikasi']);
  });

  it('refuses alert rules that name an unknown channel, secrets in place of variable names, and bad digest times', () => {
    const channels = [{ id: 'piket', kind: 'email', to: ['piket@polres.example.go.id'] }];
    const rule = { id: 'prioritas', kind: 'flagged', channels: ['piket'] };
    expect(() => validatePipeline({ ...base, sources: [], alerts: { channels, rules: [{ ...rule, channels: ['wa'] }] } }, 'p.ts')).toThrow(
      /alerts\.rules\.0\.channels\.0: no channel "wa" in alerts\.channels/,
    );
    expect(() =>
      validatePipeline(
        { ...base, sources: [], alerts: { channels: [{ id: 'wa', kind: 'webhook', url: 'https://gw.example/kirim', tokenEnv: 'abc123secret' }] } },
        'p.ts',
      ),
    ).toThrow(/tokenEnv: an environment variable name/);
    expect(() => validatePipeline({ ...base, sources: [], alerts: { channels, rules: [{ ...rule, mode: 'digest', digestAt: '7 pagi' }] } }, 'p.ts')).toThrow(
      /digestAt: HH:MM/,
    );
    const ok = validatePipeline({ ...base, sources: [], alerts: { channels, rules: [rule] } }, 'p.ts');
    expect(ok.alerts.rules[0]).toMatchObject({ minPriority: 0.7, cooldownMinutes: 60, mode: 'immediate', digestAt: '07:00' });
  });
});
