import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { fingerprint, NEAR_DUPLICATE_JACCARD, similarity } from '../../../src/ingest/fingerprint.ts';
import { fixture } from '../../helpers/paths.ts';

// Real circulated claims (TurnBackHoax 2026, "narasi" column).
const rows = parse(fs.readFileSync(fixture('turnbackhoax-articles-2026/turnbackhoax_articles.csv')), { columns: true, bom: true }) as Array<{ narasi: string }>;
const claims = rows
  .map((r) => r.narasi)
  .filter((t) => t.split(/\s+/).length > 40)
  .slice(0, 200);

describe('fingerprint', () => {
  it('finds reposts with small edits through a shared LSH band and a similar signature', () => {
    let near = 0;
    for (const claim of claims) {
      const repost = `Assalamualaikum, info dari grup sebelah. ${claim.replace(/\s+\S+\s*$/, '')} Sebarkan!!`;
      const a = fingerprint({ text: claim });
      const b = fingerprint({ text: repost });
      if (similarity(a.minhash!, b.minhash!) >= NEAR_DUPLICATE_JACCARD && a.bands!.some((x) => b.bands!.includes(x))) near++;
    }
    // Measured: nearly every edited repost of a long claim is caught.
    expect(near / claims.length).toBeGreaterThan(0.8);
  });

  it('keeps different claims apart', () => {
    let collisions = 0;
    const prints = claims.map((c) => fingerprint({ text: c }).minhash!);
    for (let i = 0; i < prints.length; i++)
      for (let j = i + 1; j < prints.length; j++) if (similarity(prints[i]!, prints[j]!) >= NEAR_DUPLICATE_JACCARD) collisions++;
    expect(collisions).toBeLessThan(3); // some claims in the set genuinely repeat each other
  });

  it('hashes identical text identically regardless of case, spacing and links', () => {
    const a = fingerprint({ text: 'WASPADA penipuan  mengatasnamakan Polres https://bit.ly/x' });
    const b = fingerprint({ text: 'waspada penipuan mengatasnamakan polres' });
    expect(a.contentHash).toBe(b.contentHash);
  });

  it('skips the simhash for texts too short to compare', () => {
    expect(fingerprint({ text: 'Hoaks!' }).minhash).toBeNull();
    expect(fingerprint({ text: 'Hoaks!' }).bands).toBeNull();
  });

  it('does not collide short posts that only share an empty body', () => {
    const a = fingerprint({ text: '', url: 'https://t.me/a/1', title: 'foto' });
    const b = fingerprint({ text: '', url: 'https://t.me/a/2', title: 'foto' });
    expect(a.contentHash).not.toBe(b.contentHash);
  });
});
