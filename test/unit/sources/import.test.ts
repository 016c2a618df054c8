import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseImport, readImport } from '../../../src/sources/import.ts';
import { fixture } from '../../helpers/paths.ts';

describe('parseImport', () => {
  it('keeps good JSONL lines and rejects bad ones by line number', () => {
    const lines = [
      JSON.stringify({ id: 1, username: 'warga_beltim', content: 'Info dari grup sebelah: razia besar di Manggar besok!!', created_at: '2026-11-20T08:00:00+07:00', retweets: '1.200' }),
      '{"id": 2, "text": ',
      JSON.stringify({ id: 3, text: '' }),
      JSON.stringify({ id: 4, text: 'Kapolres Beltim imbau warga', date: 'kemarin' }),
      JSON.stringify([1, 2]),
      '',
    ].join('\n');
    const { items, rejected } = parseImport(lines, 'jsonl');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ externalId: '1', author: 'warga_beltim', engagement: { shares: 1200 } });
    expect(items[0]!.publishedAt?.toISOString()).toBe('2026-11-20T01:00:00.000Z');
    expect(rejected.map((r) => r.ref)).toEqual(['line 2', 'line 3', 'line 4', 'line 5']);
    expect(rejected[0]!.reason).toMatch(/not valid JSON/);
    expect(rejected[1]!.reason).toMatch(/"text" or "title"/);
    expect(rejected[2]!.reason).toMatch(/published_at: cannot read date "kemarin"/);
  });

  it('reads the real Tempo fact-check export (JSONL) through its column aliases', async () => {
    const { items, rejected } = await readImport({ path: fixture('tempo-cekfakta-feed/DERIVED_unique_items.jsonl'), columns: {}, language: 'id' });
    expect(rejected).toEqual([]);
    expect(items).toHaveLength(650);
    expect(items[0]).toMatchObject({ title: 'Keliru: Video Kondisi Tel Aviv dan Haifa Sebelum dan Sesudah Serangan Iran', language: 'id' });
  });

  it('reads the real TurnBackHoax CSV with a column mapping and reports rows without a claim', async () => {
    const { items, rejected } = await readImport({
      path: fixture('turnbackhoax-articles-2026/turnbackhoax_articles.csv'),
      columns: { text: 'narasi', published_at: 'date' },
      language: 'id',
    });
    expect(items.length + rejected.length).toBe(960);
    expect(items[0]!.url).toBe('https://turnbackhoax.id/articles/35352-salah-gunung-lawu-bakal-erupsi-besar');
    expect(items[0]!.publishedAt?.toISOString()).toBe('2026-06-23T17:00:00.000Z');
    expect(rejected.every((r) => /^line \d+$/.test(r.ref))).toBe(true);
  });

  it('names the file when it cannot be read or has an unknown extension', async () => {
    await expect(readImport({ path: '/nonexistent/posts.jsonl', columns: {}, language: 'id' })).rejects.toThrow(/\/nonexistent\/posts\.jsonl: cannot read file \(ENOENT\)/);
    const tmp = `${fs.mkdtempSync('/tmp/saring-')}/posts.xlsx`;
    fs.writeFileSync(tmp, 'x');
    await expect(readImport({ path: tmp, columns: {}, language: 'id' })).rejects.toThrow(/unknown import format ".xlsx"/);
  });
});
