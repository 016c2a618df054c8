/**
 * `npm run eval:images`: how well Saring reads and recognises images, on real Indonesian hoax texts
 * rendered by headless Chromium into chat-screenshot-like images (a stand-in: no corpus of real
 * forwarded screenshots is available offline here).
 *
 * - OCR: character error rate (Levenshtein distance / length of the rendered text, whitespace folded)
 *   and the share of images whose OCR text gets the same classification (hoax yes/no, flagged yes/no)
 *   as the text itself. Texts: the Indonesia False News test split (never trained on; hoax and valid
 *   claims) and TurnBackHoax 2024 hoax narratives.
 * - Hash: every rendered image transformed for real (TRANSFORMS) and matched against all originals;
 *   precision and recall of "same image" by Hamming threshold, per transformation and overall.
 *
 * `--ocr N` / `--hash N`: how many images each part uses (Default: 60 / 60). Prints figures only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import sharp from 'sharp';
import { classify } from '../src/classify/classifier.ts';
import { loadModels } from '../src/classify/models.ts';
import { hashDistance, imageHashes } from '../src/images/hash.ts';
import { IMAGE_MATCH, ocrWords, sameImage, type MatchSubject } from '../src/images/match.ts';
import { runOcr } from '../src/images/ocr.ts';
import { ocrInput } from '../src/images/prepare.ts';
import { loadPipeline } from '../src/pipeline/load.ts';
import { renderChatShots, shotText, type ChatShot } from './lib/chat-screenshots.ts';
import { loadDataset, SHARED } from './lib/datasets.ts';
import { TRANSFORMS } from './lib/image-transforms.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const OCR_N = arg('--ocr', 60);
const HASH_N = arg('--hash', 60);

/** Real texts: IFN test split (both labels) and TurnBackHoax 2024 narratives, cut to a screen's worth. */
function texts(n: number): Array<{ text: string; source: string }> {
  const ifn = loadDataset('ifn').filter((d) => d.split === 'test');
  const valid = ifn.filter((d) => d.label === 0).slice(0, Math.ceil(n * 0.3));
  const hoax = ifn.filter((d) => d.label === 1).slice(0, Math.ceil(n * 0.4));
  const tbhRows = parse(fs.readFileSync(path.join(SHARED, 'data/tbh-hoax-corpora/tbh-2024-hoax-narratives__others_hoax_text.csv')), {
    columns: true,
    bom: true,
    relax_quotes: true,
  }) as Array<Record<string, string>>;
  const tbh = tbhRows.map((r) => (r.HOAX_TEXT ?? '').replace(/PENJELASAN[\s\S]*$/, '').trim()).filter((t) => t.length > 60);
  const all = [
    ...valid.map((d) => ({ text: d.text, source: 'ifn-valid' })),
    ...hoax.map((d) => ({ text: d.text, source: 'ifn-hoax' })),
    ...tbh.map((t) => ({ text: t, source: 'tbh-2024' })),
  ];
  return all.slice(0, n).map((t) => ({ ...t, text: cut(t.text, 600) }));
}

function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const at = s.lastIndexOf(' ', max);
  return s.slice(0, at > max / 2 ? at : max);
}

const fold = (s: string) => s.replace(/\s+/g, ' ').trim();

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

async function evalOcr(): Promise<void> {
  const t = texts(OCR_N);
  const shots: ChatShot[] = t.map((x, i) => ({
    text: x.text,
    sender: `+62 812-7${String(1000 + i)}-${String(2000 + i)}`,
    style: i % 4 === 3 ? 'poster' : 'wa',
  }));
  const started = Date.now();
  const images = await renderChatShots(shots);
  console.log(`OCR: ${images.length} images rendered by Chromium in ${((Date.now() - started) / 1000).toFixed(1)} s (stand-in for real screenshots)`);
  const models = loadModels();
  const beltim = await loadPipeline('beltim');
  const ctx = { ...models, lexicon: { units: beltim.area.units }, places: beltim.area.places };
  let charErrors = 0;
  let chars = 0;
  let sameHoax = 0;
  let sameFlag = 0;
  let ocrMs = 0;
  const perImage: number[] = [];
  for (const [i, img] of images.entries()) {
    const meta = await sharp(img).metadata();
    const r = await runOcr(await ocrInput(sharp(img), meta.width!, meta.height!));
    if (r.status !== 'success') throw new Error(`image ${i}: ${r.error}`);
    ocrMs += r.ms;
    const truth = fold(shotText(shots[i]!));
    const d = levenshtein(fold(r.text), truth);
    charErrors += d;
    chars += truth.length;
    perImage.push(d / truth.length);
    const a = classify({ text: t[i]!.text }, ctx);
    const b = classify({ text: r.text }, ctx);
    if (a.hoax === b.hoax) sameHoax++;
    if (a.flagged === b.flagged) sameFlag++;
  }
  perImage.sort((x, y) => x - y);
  const n = images.length;
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  console.log(`  character error rate: ${pct(charErrors / chars)} overall (median image ${pct(perImage[n >> 1]!)}, worst ${pct(perImage[n - 1]!)})`);
  console.log(`  same hoax call as the text: ${sameHoax}/${n} (${pct(sameHoax / n)}); same flag: ${sameFlag}/${n} (${pct(sameFlag / n)})`);
  console.log(`  mean OCR time ${Math.round(ocrMs / n)} ms per image (one process)`);
}

async function evalHash(): Promise<void> {
  const t = texts(HASH_N);
  const shots: ChatShot[] = t.map((x, i) => ({ text: x.text, sender: `Grup Warga RT ${i}`, style: i % 3 === 2 ? 'poster' : 'wa' }));
  const originals = await renderChatShots(shots);
  const names = Object.keys(TRANSFORMS);
  const started = Date.now();
  // Each image as the product sees it: its hashes and its OCR words (two OCR processes at a time).
  const subject = async (b: Buffer): Promise<MatchSubject> => {
    const m = await sharp(b).metadata();
    const hashes = await imageHashes(sharp(b), m.width!, m.height!);
    const r = await runOcr(await ocrInput(sharp(b), m.width!, m.height!));
    return { hashes, words: ocrWords(r.status === 'success' ? r.text : '') };
  };
  const base = await mapLimit(originals, 2, subject);
  const copies: Record<string, MatchSubject[]> = {};
  for (const name of names) copies[name] = await mapLimit(originals, 2, async (img) => subject(await TRANSFORMS[name]!(img)));
  console.log(
    `\nHash: ${originals.length} rendered images × ${names.length} transformations (hashed and read by OCR in ${((Date.now() - started) / 1000).toFixed(0)} s)`,
  );
  const n = originals.length;
  const pairs = names.length * n * (n - 1);
  // Hash alone, by threshold.
  console.log(`hash alone: each copy against all ${n} originals (${pairs} pairs of different images)`);
  console.log('threshold | precision | recall | ' + names.join(' | '));
  for (let th = 4; th <= 16; th += 2) {
    const row = score(names, copies, base, (a, b) => hashDistance(a.hashes, b.hashes) <= th);
    console.log(
      `${th} | ${row.precision.toFixed(3)} | ${row.recall.toFixed(3)} | ${row.perTransform.map((r) => r.toFixed(2)).join(' | ')}${th === IMAGE_MATCH.maxDistance ? ' ← hash-alone threshold' : ''}`,
    );
  }
  console.log(
    `the product's rule (hash ≤ ${IMAGE_MATCH.maxDistance}, or ≤ ${IMAGE_MATCH.maxDistanceWithText} with ≥ ${IMAGE_MATCH.minWordOverlap} of OCR words shared when both carry text):`,
  );
  for (const wt of [10, 12, 14, 16, 18]) {
    for (const ov of [0.5, 0.6, 0.7]) {
      const rule = { ...IMAGE_MATCH, maxDistanceWithText: wt, minWordOverlap: ov };
      const row = score(names, copies, base, (a, b) => sameImage(a, b, rule).match);
      const chosen = wt === IMAGE_MATCH.maxDistanceWithText && ov === IMAGE_MATCH.minWordOverlap ? ' ← chosen' : '';
      console.log(
        `≤ ${wt} & overlap ≥ ${ov} | ${row.precision.toFixed(3)} | ${row.recall.toFixed(3)} | ${row.perTransform.map((r) => r.toFixed(2)).join(' | ')}${chosen}`,
      );
    }
  }
  let origFp = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (sameImage(base[i]!, base[j]!).match) origFp++;
  console.log(`different originals taken for copies by the chosen rule: ${origFp} of ${(n * (n - 1)) / 2} pairs`);
}

function score(names: string[], copies: Record<string, MatchSubject[]>, base: MatchSubject[], same: (a: MatchSubject, b: MatchSubject) => boolean) {
  let tp = 0;
  let fp = 0;
  const perTransform = names.map((name) => {
    let found = 0;
    for (const [i, q] of copies[name]!.entries()) {
      for (const [j, s] of base.entries()) {
        if (!same(q, s)) continue;
        if (i === j) found++;
        else fp++;
      }
    }
    tp += found;
    return found / base.length;
  });
  return { precision: tp / Math.max(1, tp + fp), recall: tp / (names.length * base.length), perTransform };
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

if (!process.argv.includes('--no-ocr')) await evalOcr();
if (!process.argv.includes('--no-hash')) await evalHash();
