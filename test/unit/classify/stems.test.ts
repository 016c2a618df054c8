import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStems, MODELS_DIR, stemmable, stemmerVersion, stemWord, STEMS_FILE } from '../../../src/classify/normalise.ts';

describe('the stems shipped in models/stems-id.txt', () => {
  const shipped = path.join(MODELS_DIR, STEMS_FILE);

  it('were made with the installed stemmer, and say for every word what the stemmer says', () => {
    expect(fs.readFileSync(shipped, 'utf8').split('\n', 1)[0]).toMatch(new RegExp(`^# natural ${stemmerVersion().replace(/\./g, '\\.')}: `));
    const stems = loadStems(shipped);
    expect(stems.size).toBeGreaterThan(30_000);
    const wrong = [...stems].filter(([word, s]) => !stemmable(word) || stemWord(word) !== s);
    expect(wrong).toEqual([]);
    // Both forms are there: words that keep their form and words with another stem.
    expect(stems.get('penipuan')).toBe('tipu');
    expect(stems.get('polisi')).toBe('polisi');
  });

  it('are ignored when made with another stemmer version or missing, and a bad line costs only its word', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-stems-'));
    try {
      const file = path.join(dir, STEMS_FILE);
      fs.writeFileSync(file, `# natural 0.0.1: old\npenipuan\ttipu\n`);
      expect(loadStems(file).size).toBe(0);
      fs.writeFileSync(file, `# natural ${stemmerVersion()}: test\npenipuan\ttipu\nbad\tline\twith three\nkosong\t\npolisi\n`);
      expect([...loadStems(file)]).toEqual([
        ['penipuan', 'tipu'],
        ['polisi', 'polisi'],
      ]);
      expect(loadStems(path.join(dir, 'none.txt')).size).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
