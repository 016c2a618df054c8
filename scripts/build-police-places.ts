/**
 * Writes models/police-places.txt: the place names of Polri's units (Polda → Polres, Aceh's Polseks),
 * from the police-vocab gazetteer in ../shared/data/lexicons (unit names are public facts), plus the
 * abbreviations newsrooms use for provinces. Police-mention spans end where a known place ends.
 * Usage: npm run build:police-places
 */
import fs from 'node:fs';
import path from 'node:path';
import { MODELS_DIR } from '../src/classify/normalise.ts';
import { SHARED } from './lib/shared.ts';

const dir = path.join(SHARED, 'data/lexicons/police-vocab');
const places = new Set<string>();
const strip = (unit: string) =>
  unit
    .replace(/^(Polda|Polresta(?:bes)?|Polres|Polsek(?:ta)?)\s+/i, '')
    .replace(/^Metro\s+(?=\S)/, (m) => m)
    .trim();
for (const f of ['polda_indonesia.csv', 'aceh.csv']) {
  for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
    for (const unit of line
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const place = strip(unit);
      if (place && place !== unit) places.add(place);
      // "Polres Metro Jakarta Pusat" is also written "Polres Jakarta Pusat".
      if (/^Metro\s/.test(place)) places.add(place.replace(/^Metro\s+/, ''));
    }
  }
}
// Newsroom abbreviations of provinces and regions.
const ABBREVIATIONS = [
  'Metro',
  'Jatim',
  'Jateng',
  'Jabar',
  'Sumut',
  'Sumbar',
  'Sumsel',
  'Kaltim',
  'Kalbar',
  'Kalsel',
  'Kalteng',
  'Kaltara',
  'Sulsel',
  'Sulut',
  'Sulteng',
  'Sultra',
  'Sulbar',
  'NTB',
  'NTT',
  'DIY',
  'Yogyakarta',
  'Jogja',
  'Babel',
  'Bangka Belitung',
  'Kepri',
  'Malut',
  'Papua Tengah',
  'Papua Selatan',
  'Papua Pegunungan',
  'Papua Barat Daya',
  'Jakarta',
];
for (const a of ABBREVIATIONS) places.add(a);
const out = path.join(MODELS_DIR, 'police-places.txt');
fs.writeFileSync(
  out,
  `# Place names of Polri units (scripts/build-police-places.ts; source: police-vocab gazetteer, public unit names)\n${[...places].sort().join('\n')}\n`,
);
console.log(`wrote ${out}: ${places.size} places`);
