/**
 * Writes models/stems-id.txt: the Indonesian stemmer's answer for the words of ../shared/data's texts
 * that occur in at least two of them (normalised as the classifier reads them: slang mapped, longer than
 * three letters, no digits). The stemmer (natural's Nazief–Adriani) tries its affix rules against a
 * dictionary for each new word, the slowest step of reading a text: every process paid it again for
 * each word it met first (a worker in a 30 s bench:scale round spent ~13 % of its CPU there). The
 * table is a cache of that function, not a learned model: for a listed word it gives exactly what the
 * stemmer gives (test/unit/classify/stems.test.ts), and a word not listed is stemmed as before. It
 * names the natural version it was made with; another version ignores it. Words none of the
 * stemmer's rules can change are left out: stemWord answers them without the stemmer.
 *
 * Usage: npm run build:stems
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadDefaultSlang, mayHaveAffix, MODELS_DIR, stemmable, stemmerVersion, stemWord, STEMS_FILE, tokenize } from '../src/classify/normalise.ts';
import { loadDataset, type DatasetName } from './lib/datasets.ts';
import { loadPoliceCorpus } from './lib/police-corpus.ts';

const MIN_TEXTS = 2;
const sets: DatasetName[] = ['ifn', 'pratiwi', 'political', 'news_tbh', 'casual_tweets', 'police_news', 'police_complaints', 'tbh_claims'];
const slang = loadDefaultSlang();
/** In how many texts each stemmable word occurs. */
const texts = new Map<string, number>();
let n = 0;
const read = (text: string) => {
  n++;
  const words = new Set<string>();
  // Words no affix rule can change are answered without the stemmer (stemWord): not worth a line.
  for (const raw of tokenize(text)) for (const w of (slang.get(raw) ?? raw).split(' ')) if (stemmable(w) && mayHaveAffix(w) && !w.startsWith('_')) words.add(w);
  for (const w of words) texts.set(w, (texts.get(w) ?? 0) + 1);
};
for (const set of sets) for (const d of loadDataset(set)) read(d.text);
for (const d of loadPoliceCorpus()) read(d.text);

const words = [...texts].filter(([, k]) => k >= MIN_TEXTS).map(([w]) => w);
words.sort();
const lines = words.map((w) => {
  const s = stemWord(w);
  return s === w ? w : `${w}\t${s}`;
});
const out = path.join(MODELS_DIR, STEMS_FILE);
fs.writeFileSync(
  out,
  `# natural ${stemmerVersion()}: the Indonesian stemmer's answer for ${words.length} words in at least ${MIN_TEXTS} of ${n} texts (npm run build:stems); "word" stems to itself, "word<TAB>stem" otherwise\n` +
    lines.join('\n') +
    '\n',
);
console.log(`${out}: ${words.length} words (${lines.filter((l) => l.includes('\t')).length} with another stem) from ${n} texts`);
