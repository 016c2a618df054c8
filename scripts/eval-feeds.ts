/**
 * Feed-ingest fidelity over every recorded feed corpus in ../shared/fixtures: feeds parsed / refused
 * (with the reasons), entries refused, words lost in mixed-content fields (title and text fields whose
 * markup is unescaped XML, e.g. `<description>Polisi <b>membantah</b> …</description>` or Atom
 * type="xhtml"), and dates read per format family. Prints figures; asserts nothing.
 *
 * The reference for "words in a field" is an independent reading of the raw XML (htmlparser2's DOM in
 * XML mode, not the ingest code), matched to parsed items by entry order.
 * Usage: npm run eval:feeds [-- --verbose]   (run under TZ=UTC and another TZ: the date digest must match)
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler';
import { decodeBody } from '../src/fetch/charset.ts';
import { parseFeed } from '../src/sources/rss.ts';
import type { ParseResult } from '../src/sources/types.ts';

const SHARED = path.resolve(process.env.SARING_SHARED ?? path.join(import.meta.dirname, '../../shared'));
const FIX = path.join(SHARED, 'fixtures');
const ROOTS = [
  'feedparser-corpus',
  'rss-parser-corpus',
  'fastfeedparser-corpus',
  'feed-rs-fixtures',
  'node-feedparser-feeds',
  'tempo-cekfakta-feed',
  'platform-payloads-ajt10',
];
const verbose = process.argv.includes('--verbose');

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

const words = (s: string | null | undefined): string[] => (s ?? '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
/** Expected words: escaped tags inside mixed content ("&lt;b&gt;") are markup by the rule that no tag survives into stored text. */
const expectedWords = (s: string): string[] => words(s.replace(/<\/?[a-z][^<>]*>/gi, ' '));

/** Words of `expected` missing from `got`, counted with multiplicity. */
function lostWords(expected: string[], got: string[]): number {
  const have = new Map<string, number>();
  for (const w of got) have.set(w, (have.get(w) ?? 0) + 1);
  let lost = 0;
  for (const w of expected) {
    const n = have.get(w) ?? 0;
    if (n > 0) have.set(w, n - 1);
    else lost++;
  }
  return lost;
}

interface RawEntry {
  titleMixed: string | null;
  textMixed: string | null;
  date: string | null;
}

const local = (name: string) => name.toLowerCase();
const TEXT_FIELDS = ['content:encoded', 'content', 'atom:content', 'description', 'summary', 'atom:summary'];
const DATE_FIELDS = ['pubdate', 'published', 'updated', 'dc:date', 'issued', 'modified', 'created', 'atom:published', 'atom:updated'];
// Not reader-visible text: code, and SVG image metadata (<title>/<dc:title> inside a drawing).
const SKIP = new Set(['script', 'style', 'svg', 'svg:svg']);
const BLOCK = /^(p|div|br|li|h[1-6]|blockquote|tr|td|th|dt|dd|section|article|pre|ul|ol|dl|table|hr|figcaption|address)$/;

function textOf(el: Element): string {
  const out: string[] = [];
  const walkText = (n: Element) => {
    for (const c of n.children) {
      if (c.type === 'text' || c.type === 'cdata') out.push(c.type === 'text' ? (c as unknown as { data: string }).data : DomUtils.textContent(c));
      else if (c.type === 'tag' && !SKIP.has(local((c as Element).name))) {
        // Inline elements join their neighbours as a browser shows them ("by<a>x</a>to" reads "byxto").
        const block = BLOCK.test(local((c as Element).name).replace(/^[a-z]+:/, ''));
        if (block) out.push(' ');
        walkText(c as Element);
        if (block) out.push(' ');
      }
    }
  };
  walkText(el);
  return out.join('');
}

/** Entries of a feed as the raw XML has them, for the mixed-content and date reference. */
function rawEntries(body: string): RawEntry[] {
  const doc = parseDocument(body, { xmlMode: true, decodeEntities: true });
  const entries = DomUtils.findAll((e) => ['item', 'entry', 'atom:entry', 'rss:item'].includes(local(e.name)), doc.children);
  return entries.map((e) => {
    const kids = e.children.filter((c): c is Element => c.type === 'tag');
    const field = (names: string[]) => kids.find((k) => names.includes(local(k.name)));
    const hasElements = (k: Element | undefined) => !!k && k.children.some((c) => c.type === 'tag');
    const title = field(['title', 'atom:title', 'dc:title']);
    const textEl = TEXT_FIELDS.map((n) => field([n])).find((k) => k && DomUtils.textContent(k).trim());
    const dateEl = DATE_FIELDS.map((n) => field([n])).find(Boolean);
    return {
      titleMixed: hasElements(title) ? textOf(title!) : null,
      textMixed: hasElements(textEl) ? textOf(textEl!) : null,
      date: dateEl ? DomUtils.textContent(dateEl).trim() : null,
    };
  });
}

const MONTH_ID =
  /\b(januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember|agu|okt|des|wib|wita|wit|senin|selasa|rabu|kamis|jumat|sabtu|minggu)\b/i;
function dateFamily(s: string): string {
  if (MONTH_ID.test(s)) return 'indonesian';
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(z|[+-]\d{2}:?\d{2})$/i.test(s)) return 'rfc3339';
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) return 'iso-variant (no zone, date only, odd separators)';
  if (/^([a-z]{3,},?\s*)?\d{1,2}\s+[a-z]{3,}\.?\s+\d{2,4}\s+\d{1,2}:\d{2}(:\d{2})?\s*(gmt|ut|utc|z|[ecmp][sd]t|[+-]\d{4})$/i.test(s)) return 'rfc822';
  if (/^([a-z]{3,},?\s*)?\d{1,2}\s+[a-z]{3,}\.?\s+\d{2,4}/i.test(s)) return 'rfc822-variant (odd zone, no time)';
  if (/^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}/.test(s)) return 'numeric day/month';
  if (/^\d{4}\d{2}\d{2}/.test(s) || /^\d{4}(-\d{2})?$/.test(s)) return 'iso-basic/partial';
  return 'other';
}

const files = ROOTS.flatMap((r) => walk(path.join(FIX, r)).map((f) => ({ root: r, f }))).filter(
  ({ f }) => !/(\.(txt|tsv|md|jsonl|py)|LICENSE[^/]*|SOURCE[^/]*)$/.test(f),
);

const perRoot = new Map<string, { files: number; ok: number; refused: number; items: number; entriesRefused: number }>();
const reasons = new Map<string, number>();
const entryReasons = new Map<string, number>();
const dates = new Map<string, { seen: number; parsed: number }>();
const mixed = { titleFields: 0, textFields: 0, wordsExpected: 0, wordsLost: 0, fieldsLosing: 0, feedsUnmatched: 0 };
const examples: string[] = [];
const digest = crypto.createHash('sha256');
const t0 = performance.now();

for (const { root, f } of files) {
  const r = perRoot.get(root) ?? { files: 0, ok: 0, refused: 0, items: 0, entriesRefused: 0 };
  perRoot.set(root, r);
  r.files++;
  const body = decodeBody(fs.readFileSync(f)).text;
  let parsed: ParseResult;
  try {
    parsed = await parseFeed(body, { baseUrl: 'http://127.0.0.1/' });
  } catch (err) {
    r.refused++;
    const e = err as { code?: string; message?: string };
    const key = `${e.code ?? 'CRASH'}: ${(e.message ?? String(err)).replace(/\d+/g, 'N').slice(0, 90)}`;
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
    if (verbose) console.log(`refused ${path.relative(FIX, f)}: ${e.message}`);
    continue;
  }
  r.ok++;
  r.items += parsed.items.length;
  r.entriesRefused += parsed.rejected.length;
  for (const rej of parsed.rejected) {
    const key = rej.reason.replace(/\d+/g, 'N').slice(0, 90);
    entryReasons.set(key, (entryReasons.get(key) ?? 0) + 1);
  }
  for (const i of parsed.items) digest.update(`${i.publishedAt?.toISOString() ?? '-'}\n`);
  if (body.trimStart().startsWith('{')) continue;
  let raw: RawEntry[];
  try {
    raw = rawEntries(body);
  } catch {
    continue;
  }
  // Entries the parser refused are named "entry N"; the others map to items in order.
  const refusedIdx = new Set(
    parsed.rejected
      .map((x) => /^entry (\d+)$/.exec(x.ref)?.[1])
      .filter(Boolean)
      .map((n) => Number(n) - 1),
  );
  if (raw.length !== parsed.items.length + refusedIdx.size) {
    if (raw.some((e) => e.titleMixed || e.textMixed)) mixed.feedsUnmatched++;
    continue;
  }
  let k = 0;
  raw.forEach((e, idx) => {
    if (refusedIdx.has(idx)) return;
    const item = parsed.items[k++]!;
    if (e.date) {
      const fam = dateFamily(e.date);
      const d = dates.get(fam) ?? { seen: 0, parsed: 0 };
      d.seen++;
      if (item.publishedAt) d.parsed++;
      else if (verbose) console.log(`date not read (${fam}): "${e.date}" in ${path.relative(FIX, f)}`);
      dates.set(fam, d);
    }
    for (const [kind, expected, got] of [
      ['title', e.titleMixed, item.title],
      ['text', e.textMixed, item.text],
    ] as const) {
      if (expected === null) continue;
      if (kind === 'title') mixed.titleFields++;
      else mixed.textFields++;
      const exp = expectedWords(expected);
      const lost = lostWords(exp, words(got));
      mixed.wordsExpected += exp.length;
      mixed.wordsLost += lost;
      if (lost) {
        mixed.fieldsLosing++;
        if (examples.length < 8)
          examples.push(
            `${path.relative(FIX, f)} ${kind}: expected "${expected.trim().replace(/\s+/g, ' ').slice(0, 80)}" got "${(got ?? '').replace(/\s+/g, ' ').slice(0, 80)}"`,
          );
      }
    }
  });
}

const ms = performance.now() - t0;
console.log(`\n== feeds parsed / refused per corpus (${files.length} files, ${(ms / 1000).toFixed(1)} s)`);
let tot = { files: 0, ok: 0, refused: 0, items: 0, entriesRefused: 0 };
for (const [root, r] of perRoot) {
  console.log(
    `${root.padEnd(24)} files ${String(r.files).padStart(5)}  parsed ${String(r.ok).padStart(5)}  refused ${String(r.refused).padStart(5)}  items ${String(r.items).padStart(6)}  entries refused ${r.entriesRefused}`,
  );
  tot = {
    files: tot.files + r.files,
    ok: tot.ok + r.ok,
    refused: tot.refused + r.refused,
    items: tot.items + r.items,
    entriesRefused: tot.entriesRefused + r.entriesRefused,
  };
}
console.log(
  `${'total'.padEnd(24)} files ${String(tot.files).padStart(5)}  parsed ${String(tot.ok).padStart(5)}  refused ${String(tot.refused).padStart(5)}  items ${String(tot.items).padStart(6)}  entries refused ${tot.entriesRefused}`,
);
console.log('\n== feeds refused, by reason (numbers folded to N)');
for (const [k, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${String(n).padStart(5)}  ${k}`);
console.log('\n== entries refused, by reason');
for (const [k, n] of [...entryReasons].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${String(n).padStart(5)}  ${k}`);
console.log('\n== mixed-content fields (unescaped markup inside title/text fields)');
console.log(
  `title fields ${mixed.titleFields}, text fields ${mixed.textFields}; words ${mixed.wordsExpected}, words lost ${mixed.wordsLost}; fields losing words ${mixed.fieldsLosing}; feeds not matchable by entry order ${mixed.feedsUnmatched}`,
);
for (const e of examples) console.log(`  e.g. ${e}`);
console.log('\n== entry dates read, per format family (raw pubDate/published/updated/dc:date)');
for (const [fam, d] of [...dates].sort((a, b) => b[1].seen - a[1].seen))
  console.log(`${fam.padEnd(50)} ${String(d.parsed).padStart(6)} / ${String(d.seen).padStart(6)} read`);
console.log(`\ndate digest (compare across TZ=...): ${digest.digest('hex').slice(0, 16)}  [TZ=${process.env.TZ ?? '(host)'}]`);
