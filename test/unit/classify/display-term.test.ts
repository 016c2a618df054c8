import { describe, expect, it } from 'vitest';
import { displayTerm, featureTokens } from '../../../src/classify/normalise.ts';

describe('displayTerm', () => {
  it('shows placeholders as Indonesian words, never as internal tokens', () => {
    const tokens = featureTokens('Hubungi @polres_beltim di 0812 3456 atau https://contoh.id', { stem: false });
    const shown = tokens.map(displayTerm).join(' ');
    expect(shown).not.toMatch(/_(user|num|url)_/);
    expect(shown).toContain('[akun @…]');
    expect(shown).toContain('[angka]');
    expect(shown).toContain('[tautan]');
    expect(displayTerm('_user_ polisi')).toBe('[akun @…] polisi');
  });
});
