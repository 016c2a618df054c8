import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ClaimIndex, claimOfTitle, distinctiveTerms, isDebunk } from '../../../src/classify/claim-match.ts';
import { CLAIM_MATCH_SUGGEST } from '../../../src/classify/thresholds.ts';
import { fixture } from '../../helpers/paths.ts';

const rows = (
  parse(fs.readFileSync(fixture('turnbackhoax-articles-2026/turnbackhoax_articles.csv')), { columns: true, bom: true }) as Array<Record<string, string>>
).filter((r) => r.narasi?.trim() && r.kesimpulan?.trim());
const titleOf = (url: string) => url.split('/').pop()!.replace(/^\d+-/, '').replace(/-/g, ' ');
const index = ClaimIndex.build(rows.map((r) => ({ url: r.url!, title: `[SALAH] ${titleOf(r.url!)}`, text: r.kesimpulan! })));

describe('ClaimIndex', () => {
  it('finds the debunk of a claim as it circulated (TurnBackHoax 2026: narasi → its own article)', () => {
    const r = rows.find((x) => x.url === 'https://turnbackhoax.id/articles/35352-salah-gunung-lawu-bakal-erupsi-besar')!;
    const [top] = index.match(r.narasi!, { minScore: CLAIM_MATCH_SUGGEST });
    expect(top).toMatchObject({ url: r.url, title: '[SALAH] salah gunung lawu bakal erupsi besar' });
    expect(top!.score).toBeGreaterThanOrEqual(CLAIM_MATCH_SUGGEST);
  });

  it('finds nothing for a text about something else', () => {
    expect(index.match('Jadwal pelayanan SIM keliling Polres Belitung Timur hari Senin di Manggar', { minScore: CLAIM_MATCH_SUGGEST })).toEqual([]);
  });

  it('reads verdicts: debunks are kept, true claims are not', () => {
    expect(claimOfTitle('[SALAH] Gunung Lawu Bakal Erupsi Besar')).toBe('Gunung Lawu Bakal Erupsi Besar');
    expect(claimOfTitle('Keliru: Video Kondisi Tel Aviv')).toBe('Video Kondisi Tel Aviv');
    expect(isDebunk('Keliru: Video Kondisi Tel Aviv')).toBe(true);
    expect(isDebunk('Benar: Polri Buka Rekrutmen Bintara 2026')).toBe(false);
    expect(isDebunk('Sebagian Benar: Klaim soal BBM')).toBe(false);
  });

  it("reads a claim's distinctive terms: names and numbers, not sentence openers or words every police story shares", () => {
    expect(
      [...distinctiveTerms('Foto Mahfud MD ditangkap polisi hasil AI. Beredar foto Menko Polhukam Mahfud MD diborgol Polisi dengan 15 petugas')].sort(),
    ).toEqual(['15', 'mahfud', 'menko', 'polhukam'].sort());
  });

  it('matches the same claim, not the same theme: a police arrest report does not match a debunked AI photo of a minister', () => {
    const debunks = ClaimIndex.build([
      {
        url: 'https://turnbackhoax.id/x',
        title: '[SALAH] Foto Mahfud MD Ditangkap Polisi',
        text: 'Foto yang beredar menunjukkan Mahfud MD digiring polisi dan ditangkap. Faktanya foto itu buatan AI; polisi tidak pernah menangkap Mahfud.',
      },
    ]);
    const report = 'Polisi menangkap dua tersangka pencurian motor. Foto para tersangka yang ditangkap polisi beredar, polisi menyita barang bukti.';
    expect(debunks.match(report, { minScore: 0.05, requireMarks: false }).length).toBe(1); // the words alone would match
    expect(debunks.match(report, { minScore: 0.05 })).toEqual([]);
    expect(debunks.match('Heboh foto Mahfud MD ditangkap polisi dan digiring ke mobil tahanan, sebarkan', { minScore: CLAIM_MATCH_SUGGEST })).toHaveLength(1);
  });
});
