import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ClaimIndex, claimOfTitle, isDebunk } from '../../../src/classify/claim-match.ts';
import { CLAIM_MATCH_SUGGEST } from '../../../src/classify/thresholds.ts';
import { fixture } from '../../helpers/paths.ts';

const rows = (parse(fs.readFileSync(fixture('turnbackhoax-articles-2026/turnbackhoax_articles.csv')), { columns: true, bom: true }) as Array<Record<string, string>>).filter(
  (r) => r.narasi?.trim() && r.kesimpulan?.trim(),
);
const titleOf = (url: string) => url.split('/').pop()!.replace(/^\d+-/, '').replace(/-/g, ' ');
const index = ClaimIndex.build(
  rows.map((r) => ({ url: r.url!, title: `[SALAH] ${titleOf(r.url!)}`, text: r.kesimpulan! })),
);

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
});
