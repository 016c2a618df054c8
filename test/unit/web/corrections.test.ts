import { describe, expect, it } from 'vitest';
import { describeRefusals } from '../../../src/review/bulk.service.ts';
import { ITEM_LABELS } from '../../../src/vocabulary.ts';
import { bulkCorrectionButtons, CORRECTION_KEY } from '../../../src/web/views/corrections.ts';

describe('bulk corrections', () => {
  it('gives each correction its own digit key, in display order (the other queue keys are letters)', () => {
    expect(ITEM_LABELS.map((code) => CORRECTION_KEY[code])).toEqual(['1', '2', '3', '4', '5']);
    const html = String(bulkCorrectionButtons());
    for (const code of ITEM_LABELS)
      expect(html).toContain(`<button type="submit" name="label" value="${code}" class="correct ${code}" data-key="${CORRECTION_KEY[code]}"`);
  });

  it('names the first three refused items and counts the rest', () => {
    expect(describeRefusals([])).toBe('');
    const failed = [7, 8, 9, 10, 11].map((itemId) => ({ itemId, message: `Butir #${itemId} tidak ditemukan.` }));
    expect(describeRefusals(failed)).toBe(
      ' 5 butir gagal: butir #7: Butir #7 tidak ditemukan.; butir #8: Butir #8 tidak ditemukan.; butir #9: Butir #9 tidak ditemukan.; dan 2 butir lainnya',
    );
  });
});
