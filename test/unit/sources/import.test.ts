import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseImport, readImport } from '../../../src/sources/import.ts';
import { fixture } from '../../helpers/paths.ts';

describe('parseImport', () => {
  it('keeps good JSONL lines and rejects bad ones by line number', () => {
    const lines = [
      JSON.stringify({
        id: 1,
        username: 'warga_beltim',
        content: 'Info dari grup sebelah: razia besar di Manggar besok!!',
        created_at: '2026-11-20T08:00:00+07:00',
        retweets: '1.200',
      }),
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
    await expect(readImport({ path: '/nonexistent/posts.jsonl', columns: {}, language: 'id' })).rejects.toThrow(
      /\/nonexistent\/posts\.jsonl: cannot read file \(ENOENT\)/,
    );
    const tmp = `${fs.mkdtempSync('/tmp/saring-')}/posts.xlsx`;
    fs.writeFileSync(tmp, 'x');
    await expect(readImport({ path: tmp, columns: {}, language: 'id' })).rejects.toThrow(/unknown import format ".xlsx"/);
  });
});

describe('one bad part of an import costs only that part (#15 items 6–7)', () => {
  it('keeps every good JSONL line when one holds \\u0000, removing the NUL and saying so', () => {
    const lines = [
      JSON.stringify({ id: 1, text: 'Satu' }),
      JSON.stringify({ id: 2, text: 'Du\u0000a' }),
      JSON.stringify({ id: 3, text: 'Tiga' }),
      JSON.stringify({ id: 4, text: 'Empat' }),
    ].join('\n');
    const { items, rejected } = parseImport(lines, 'jsonl');
    expect(items.map((i) => i.text)).toEqual(['Satu', 'Dua', 'Tiga', 'Empat']);
    expect(rejected).toEqual([{ ref: 'line 2', reason: '1 control character(s) (NUL and the like) removed; line kept' }]);
  });

  it('keeps the good CSV lines around one with an unclosed quote', () => {
    const csv = 'id,text\n1,Satu\n2,"Dua tanpa tutup\n3,Tiga\n4,"Empat, dengan koma"\n';
    const { items, rejected } = parseImport(csv, 'csv');
    expect(items.map((i) => i.text)).toEqual(['Satu', 'Tiga', 'Empat, dengan koma']);
    expect(rejected).toEqual([{ ref: 'line 3', reason: expect.stringContaining('never closed') }]);
  });

  it('counts and reports bytes that are not UTF-8 instead of replacing them silently', async () => {
    const file = path.join(os.tmpdir(), `saring-import-${process.pid}.jsonl`);
    const good = Buffer.from(`${JSON.stringify({ id: 1, text: 'Kapolres Beltim — imbau warga' })}\n`);
    const bad = Buffer.concat([Buffer.from('{"id": 2, "text": "Caf'), Buffer.from([0xe9, 0xff]), Buffer.from(' di Manggar"}\n')]);
    fs.writeFileSync(file, Buffer.concat([good, bad, Buffer.from(`${JSON.stringify({ id: 3, text: 'Polsek Gantung, Tanjung Pandan' })}\n`)]));
    try {
      const { items, rejected } = await readImport({ path: file, columns: {}, language: 'id' });
      expect(items).toHaveLength(3);
      expect(items[1]!.text).toBe('Caf\ufffd\ufffd di Manggar');
      expect(rejected).toEqual([{ ref: 'line 2', reason: '2 invalid UTF-8 byte sequence(s) replaced by U+FFFD; line kept' }]);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
