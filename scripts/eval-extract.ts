/**
 * Article-extraction quality: token F1 of the body text against golden output, for our extractor
 * (src/sources/article-extract.ts) and for Mozilla Readability over linkedom run in the same process
 * as the readability-class baseline. Prints figures; asserts nothing.
 *
 * Pages: the 3 real mediaindonesia.com pages with fundus' expected body in ../shared/fixtures/fundus-mediaindonesia,
 * and, when EXTRACT_BENCH_DIR names a folder laid out as scrapinghub/article-extraction-benchmark (MIT):
 * ground-truth.json + html/<id>.html[.gz], its pages too (not stored in the repository).
 * Usage: npm run eval:extract [-- --verbose]
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { cleanText } from '../src/ingest/text.ts';
import { extractArticle } from '../src/sources/article-extract.ts';

const SHARED = path.resolve(process.env.SARING_SHARED ?? path.join(import.meta.dirname, '../../shared'));
const FUNDUS = path.join(SHARED, 'fixtures/fundus-mediaindonesia');
const verbose = process.argv.includes('--verbose');

interface Case {
  set: string;
  id: string;
  html: string;
  expected: string;
}

function fundusCases(): Case[] {
  const pages: Array<[string, string]> = [
    ['MediaIndonesia_2026_01_20.html', 'HEAD'],
    ['MediaIndonesia_2026_01_08.html', '415a805b98237a3b7b32df45558c687edb7d633e'],
    ['MediaIndonesia_2025_10_22.html', 'f9c5062b83cb74ee922c4ab3efb649fde7b21846'],
  ];
  return pages.map(([file, commit]) => {
    const exp = JSON.parse(fs.readFileSync(path.join(FUNDUS, `MediaIndonesia.expected.${commit}.json`), 'utf8')) as {
      V1: { body: { summary?: string[]; sections: Array<{ headline: string[]; paragraphs: string[] }> } };
    };
    const body = exp.V1.body;
    const expected = [...(body.summary ?? []), ...body.sections.flatMap((s) => [...s.headline, ...s.paragraphs])].join('\n');
    return { set: 'fundus-mediaindonesia', id: file, html: fs.readFileSync(path.join(FUNDUS, file), 'utf8'), expected };
  });
}

function benchCases(dir: string): Case[] {
  const truth = JSON.parse(fs.readFileSync(path.join(dir, 'ground-truth.json'), 'utf8')) as Record<string, { articleBody?: string }>;
  const out: Case[] = [];
  for (const [id, t] of Object.entries(truth)) {
    const gz = path.join(dir, 'html', `${id}.html.gz`);
    const plain = path.join(dir, 'html', `${id}.html`);
    const buf = fs.existsSync(gz) ? zlib.gunzipSync(fs.readFileSync(gz)) : fs.existsSync(plain) ? fs.readFileSync(plain) : null;
    if (buf && t.articleBody) out.push({ set: path.basename(dir), id, html: buf.toString('utf8'), expected: t.articleBody });
  }
  return out;
}

/** Token F1 as scrapinghub's evaluate.py computes it: bags of whitespace-separated tokens. */
function tokenF1(expected: string, got: string): { p: number; r: number; f1: number } {
  const tok = (s: string) => s.toLowerCase().split(/\s+/).filter(Boolean);
  const e = tok(expected);
  const g = tok(got);
  const have = new Map<string, number>();
  for (const w of e) have.set(w, (have.get(w) ?? 0) + 1);
  let tp = 0;
  for (const w of g) {
    const n = have.get(w) ?? 0;
    if (n > 0) {
      tp++;
      have.set(w, n - 1);
    }
  }
  const p = g.length ? tp / g.length : 0;
  const r = e.length ? tp / e.length : 0;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
}

function readabilityText(html: string): string {
  const { document } = parseHTML(html);
  const parsed = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0]).parse();
  return cleanText(parsed?.textContent ?? '');
}

const cases = [...fundusCases(), ...(process.env.EXTRACT_BENCH_DIR ? benchCases(process.env.EXTRACT_BENCH_DIR) : [])];
const sums = new Map<string, { n: number; ours: number[]; ro: number[]; wins: number; losses: number }>();
for (const c of cases) {
  const ours = tokenF1(c.expected, extractArticle(c.html).text);
  let ro = { p: 0, r: 0, f1: 0 };
  try {
    ro = tokenF1(c.expected, readabilityText(c.html));
  } catch (err) {
    if (verbose) console.log(`readability failed on ${c.id}: ${(err as Error).message}`);
  }
  const s = sums.get(c.set) ?? { n: 0, ours: [0, 0, 0], ro: [0, 0, 0], wins: 0, losses: 0 };
  s.n++;
  [ours.p, ours.r, ours.f1].forEach((v, i) => (s.ours[i]! += v));
  [ro.p, ro.r, ro.f1].forEach((v, i) => (s.ro[i]! += v));
  if (ours.f1 > ro.f1 + 1e-9) s.wins++;
  else if (ro.f1 > ours.f1 + 1e-9) s.losses++;
  sums.set(c.set, s);
  if (verbose || c.set === 'fundus-mediaindonesia')
    console.log(
      `${c.id.padEnd(40)} ours F1 ${ours.f1.toFixed(3)} (P ${ours.p.toFixed(3)} R ${ours.r.toFixed(3)})   readability F1 ${ro.f1.toFixed(3)} (P ${ro.p.toFixed(3)} R ${ro.r.toFixed(3)})`,
    );
}
console.log('\n== mean token F1 per set (precision / recall / F1)');
for (const [set, s] of sums) {
  const f = (a: number[]) => a.map((v) => (v / s.n).toFixed(3)).join(' / ');
  console.log(`${set} (${s.n} pages): ours ${f(s.ours)}   readability.js ${f(s.ro)}   ours better on ${s.wins}, worse on ${s.losses}`);
}
if (!process.env.EXTRACT_BENCH_DIR) console.log('(set EXTRACT_BENCH_DIR to a local copy of scrapinghub/article-extraction-benchmark to add its 181 pages)');
