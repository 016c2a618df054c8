import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loadStems, MODELS_DIR, stemmable, stemmerVersion, stemWord, STEMS_FILE } from '../../../src/classify/normalise.ts';

describe('the stems shipped in models/stems-id.txt', () => {
  const shipped = path.join(MODELS_DIR, STEMS_FILE);

  it('were made with the installed stemmer, and say for every word what the stemmer says', () => {
    expect(fs.readFileSync(shipped, 'utf8').split('\n', 1)[0]).toMatch(new RegExp(`^# natural ${stemmerVersion().replace(/\./g, '\\.')}: `));
    const stems = loadStems(shipped);
    expect(stems.size).toBeGreaterThan(15_000);
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

describe('stemWord', () => {
  // natural's stemmer itself, without the shortcut for words none of its rules can change.
  const natural = createRequire(import.meta.url)('natural/lib/natural/stemmers/indonesian/stemmer_id.js') as { stem(w: string): string; dictionary: string[] };

  it('answers as the stemmer does, also for words it skips because no affix rule can change them', () => {
    const words = new Set<string>(loadStems().keys());
    // Roots from the stemmer's dictionary with each prefix and suffix its rules remove, and with each
    // infix (g-er-igi), so every rule is reached; "xx" before "be"/"ber" for the two unanchored rules.
    const roots = natural.dictionary.filter((w, i) => w.length > 3 && i % 20 === 0);
    for (const r of roots) {
      for (const p of [
        'ber',
        'be',
        'ter',
        'te',
        'me',
        'mem',
        'men',
        'meng',
        'meny',
        'pe',
        'per',
        'pem',
        'pen',
        'peng',
        'di',
        'ke',
        'se',
        'ku',
        'kau',
        'xxber',
        'xxbe',
        'xx',
      ])
        words.add(p + r);
      for (const x of ['lah', 'kah', 'tah', 'pun', 'ku', 'mu', 'nya', 'is', 'isme', 'isasi', 'i', 'kan', 'an', 'xx']) words.add(r + x);
      if (/^[bcdfghjklmnpqrstvwxyz][aiueo]/.test(r)) for (const inf of ['er', 'el', 'em', 'in']) words.add(r[0] + inf + r.slice(1));
      words.add(`${r}-${r}`);
    }
    // Words the stemmer changes though they are not Indonesian, one for each way a rule starts.
    const changed = ['divide', 'sees', 'terminate', 'menus', 'penal', 'kudos', 'kaukasus', 'rerum', 'deleting', 'demos', 'lines'];
    changed.push('abdulah', 'historian', 'boris', 'atari', 'modulisme', 'umaku', 'adikmu', 'buramnya', 'akupun', 'abadtah', 'adakah');
    for (const w of [...changed, 'government', 'police', 'number', 'reuters', 'wikipedia', 'javascript', 'jakarta', 'sembako']) words.add(w);
    const wrong = [...words].filter((w) => stemmable(w) && stemWord(w) !== natural.stem(w)).map((w) => `${w}: ${stemWord(w)} ≠ ${natural.stem(w)}`);
    expect(wrong).toEqual([]);
    expect(changed.filter((w) => stemWord(w) === w)).toEqual([]);
    expect(words.size).toBeGreaterThan(70_000);
  });
});
