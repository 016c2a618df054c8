import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { MAX_LINKING_KEYS } from '../../../src/db/items.repo.ts';
import { linkingGroups, linkingKeys } from '../../../src/ingest/dedup.ts';
import { prepareItem } from '../../../src/ingest/prepare.ts';
import { fixture } from '../../helpers/paths.ts';

// Real circulated claims (TurnBackHoax 2026, "narasi" column), and short ones that get no LSH bands.
const rows = parse(fs.readFileSync(fixture('turnbackhoax-articles-2026/turnbackhoax_articles.csv')), { columns: true, bom: true }) as Array<{ narasi: string }>;
const items = rows
  .map((r) => r.narasi)
  .filter((t) => t.trim())
  .slice(0, 300)
  .map((text, k) => prepareItem({ text: k % 10 === 0 ? `pendek ${k}` : text, url: `https://contoh.id/${k}` }));

const id = (k: { space: number; key: number }) => `${k.space}:${k.key}`;

describe('linking keys', () => {
  it('locks the source, and each item by content hash and by every LSH band key', () => {
    const [long, short] = [items.find((i) => i.bands)!, items.find((i) => !i.bands)!];
    const keys = linkingKeys('kanal', [long, short]).map(id);
    expect(keys).toHaveLength(1 + 2 + 16);
    expect(new Set(keys).size).toBe(keys.length);
    // The same text from another source shares all but the source's key.
    const other = linkingKeys('kanal-lain', [long]).map(id);
    expect(other.filter((k) => keys.includes(k))).toHaveLength(17);
  });

  it('groups a batch in order, each group within the cap and with exactly its items keys', () => {
    const groups = linkingGroups('kanal', items);
    expect(groups.length).toBeGreaterThan(1);
    expect(groups.flatMap((g) => g.items)).toEqual(items);
    for (const g of groups) {
      expect(g.keys.length).toBeLessThanOrEqual(MAX_LINKING_KEYS);
      expect(g.keys.map(id).sort()).toEqual(linkingKeys('kanal', g.items).map(id).sort());
    }
    // Full groups: the next item would not have fitted.
    for (let k = 0; k + 1 < groups.length; k++) {
      expect(linkingKeys('kanal', [...groups[k]!.items, groups[k + 1]!.items[0]!]).length).toBeGreaterThan(MAX_LINKING_KEYS);
    }
    expect(linkingGroups('kanal', [])).toEqual([]);
  });
});
