/**
 * Builds pipelines/demo-data/: the offline demo's own small set of real recorded inputs, taken from the
 * shared data ($SARING_SHARED, default ../shared), so `npm ci && npm start` runs in a clone with nothing
 * beside it. Deterministic: the same shared data gives the same bytes, and README.md names each file's
 * origin and licence. Usage: npm run build:demo-data
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { DEMO_POSTS, type DemoPost, type PostFile } from './lib/demo-posts.ts';

const SHARED = path.resolve(process.env.SARING_SHARED ?? path.join(import.meta.dirname, '../../shared'));
const OUT = path.resolve(import.meta.dirname, '../pipelines/demo-data');

/** Where each group came from, as its SOURCE.txt says; the build stops if SOURCE.txt no longer names the commit. */
const ORIGINS = {
  tempo: {
    sourceTxt: 'fixtures/tempo-cekfakta-feed/SOURCE.txt',
    repo: 'github.com/adlandwijaka/tempo-rss',
    commit: '8f5bbd416f7b50130f729eb288c6b168bb3365be',
    licence:
      'repository README: "MIT – feel free to fork, use, or improve this project" (no LICENSE file); the headlines and snippets are Tempo.co\'s (copyright Tempo): test input only, do not republish',
  },
  telegram: {
    sourceTxt: 'fixtures/telegram-preview-html/SOURCE.txt',
    repo: 'github.com/d954mas/neotolis-game-promotion-diary',
    commit: '6b0066e670301e8a4166338425031d63d64bccdd',
    licence: 'no licence seen in the repository; the post is Telegram content of @durov',
  },
  youtube: {
    sourceTxt: 'fixtures/fastfeedparser-corpus/SOURCE.txt',
    repo: 'github.com/kagisearch/fastfeedparser',
    commit: '763b6c98dd9be806bf03e76c48ad5605eccd2d68',
    licence: 'repository MIT (Copyright (c) 2024 Kagi Search); the feed content belongs to its YouTube channel',
  },
  tbh2026: {
    sourceTxt: 'fixtures/turnbackhoax-articles-2026/SOURCE.txt',
    repo: 'github.com/luthfillawliet23/turnbackhoax_scraper',
    commit: '6d723d78da2726e643c39f365d9df9dfd74cd3a5',
    licence:
      'repository README: "for academic research use", refers to MAFINDO\'s terms of use for TurnBackHoax.ID content; no open licence: internal use only, do not republish',
  },
  emot: {
    sourceTxt: 'fixtures/indonlu-emot-tweets/SOURCE.txt',
    repo: 'github.com/IndoNLP/indonlu',
    commit: 'ce728f6926a36174b9923dfe49d6a6839b6e9bb7',
    licence: 'repository Apache-2.0; the tweets are Twitter content (usernames masked as [USERNAME])',
  },
  social: {
    sourceTxt: 'data/tbh-hoax-corpora/tbh-social-posts-2019-2025__SOURCE.txt',
    repo: 'github.com/reynaldaryansyah25/multimodal-hoax-detection',
    commit: '1122a26f4a95e521dd1533a9a8ac46d741b01069',
    licence: "README shows an MIT badge but no LICENSE file; the texts are MAFINDO's quotations of posts by their authors",
  },
  claims1k: {
    sourceTxt: 'data/tbh-hoax-corpora/tbh-claims-fact-1k__SOURCE.txt',
    repo: 'github.com/itshiroto/hoax-detection-indo',
    commit: 'afb2fd3a56bef0aeaa9bff81c8333a693f4475b4',
    licence: 'none stated; content from turnbackhoax.id (MAFINDO)',
  },
  narratives2024: {
    sourceTxt: 'data/tbh-hoax-corpora/tbh-2024-hoax-narratives__SOURCE.txt',
    repo: 'github.com/alharkan7/turnbackhoax-analysis',
    commit: 'd365e9a6bfdcff9cde7db35222c54ef71b957889',
    licence: 'README says "[Specify your license here]" (none); content is MAFINDO/turnbackhoax.id\'s',
  },
} as const;
type Group = keyof typeof ORIGINS;

interface Written {
  file: string;
  what: string;
  group: Group | Group[];
  from: string;
}
const written: Written[] = [];

/** Words that mark a text as being about the police (its ranks, units and traffic tickets). */
const POLICE = /\b(polisi|polri|polres|polresta|polda|polsek|kapolri|kapolres|kapolda|kapolsek|brimob|kepolisian|bareskrim|korlantas|satlantas|tilang)\b/i;

function main(): void {
  if (!fs.existsSync(SHARED)) fail(`${SHARED} does not exist: set SARING_SHARED to the shared data folder`);
  for (const [group, o] of Object.entries(ORIGINS)) {
    const text = fs.readFileSync(shared(o.sourceTxt), 'utf8');
    if (!text.includes(o.commit.slice(0, 8))) fail(`${o.sourceTxt} no longer names commit ${o.commit} (group ${group}): check the origin and update ORIGINS`);
  }
  // Only what this script writes lives here; start from nothing so a dropped file does not linger.
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });

  feedSnapshots(
    'tempo-cekfakta',
    'fixtures/tempo-cekfakta-feed/snapshots-cekfakta',
    12,
    'Tempo CekFakta feed, the last 12 snapshots that each bring a new fact-check (one a minute in the demo)',
  );
  feedSnapshots('tempo-hukum', 'fixtures/tempo-cekfakta-feed/snapshots-hukum', 6, 'Tempo Hukum feed, the last 6 sampled snapshots');
  copy(
    'telegram-durov-505.html',
    'fixtures/telegram-preview-html/d954mas/single-post-embed.html',
    'telegram',
    'a public Telegram post page (t.me/durov/505?embed=1)',
  );
  copy(
    'youtube-channel.xml',
    'fixtures/fastfeedparser-corpus/benchmark_data/021a787a782817fc',
    'youtube',
    'a YouTube channel feed as served (youtube.com/feeds/videos.xml?channel_id=UCotwjyJnb-4KW7bmsOoLfkg)',
  );
  turnbackhoax2026();
  tweets();
  publicPosts();
  readme();
  const total = written.reduce((n, w) => n + fs.statSync(path.join(OUT, w.file)).size, 0);
  console.log(`${written.length} entries, ${(total / 1024).toFixed(0)} KiB in ${path.relative(process.cwd(), OUT) || OUT}`);
}

function feedSnapshots(dir: string, from: string, count: number, what: string): void {
  // A snapshot is kept when it lists an item no earlier one did, so each request of the demo's replay
  // (one snapshot per request, in name order) brings something new. Empty recordings are skipped.
  const seen = new Set<string>();
  const fresh: string[] = [];
  for (const f of fs.readdirSync(shared(from)).sort()) {
    const body = fs.readFileSync(shared(from, f), 'utf8');
    const links = [...body.matchAll(/<item>[\s\S]*?<link>([^<]*)<\/link>/g)].map((m) => m[1]!);
    if (links.some((l) => !seen.has(l))) fresh.push(f);
    for (const l of links) seen.add(l);
  }
  const keep = fresh.slice(-count);
  if (keep.length < count) fail(`${from}: only ${keep.length} snapshots with new items`);
  fs.mkdirSync(path.join(OUT, dir));
  for (const f of keep) fs.writeFileSync(path.join(OUT, dir, f), fs.readFileSync(shared(from, f)));
  written.push({ file: `${dir}/`, what: `${what}: ${keep[0]} … ${keep.at(-1)}`, group: 'tempo', from: `${from}/` });
}

function copy(file: string, from: string, group: Group, what: string): void {
  // Bytes only: the shared copies are read-only, the generated ones need not be.
  fs.writeFileSync(path.join(OUT, file), fs.readFileSync(shared(from)));
  written.push({ file, what, group, from });
}

function turnbackhoax2026(): void {
  const from = 'fixtures/turnbackhoax-articles-2026/turnbackhoax_articles.csv';
  const { header, rows } = readCsv(from);
  const usable = rows.filter((r) => r.narasi?.trim());
  // The police-related fact-checks, every third of the rest, and the ones the CLI tests search for.
  const wanted = new Set(['https://turnbackhoax.id/articles/35352-salah-gunung-lawu-bakal-erupsi-besar']);
  const keep = usable.filter((r, i) => POLICE.test(`${r.narasi} ${r.penjelasan}`) || i % 3 === 0 || wanted.has(r.url!));
  writeCsv('turnbackhoax-2026.csv', header, keep);
  const police = keep.filter((r) => POLICE.test(`${r.narasi} ${r.penjelasan}`)).length;
  written.push({
    file: 'turnbackhoax-2026.csv',
    what: `${keep.length} TurnBackHoax fact-checks of Nov 2025–Jun 2026 (${police} about the police, every third of the others), columns unchanged; rows without a narasi left out`,
    group: 'tbh2026',
    from,
  });
}

function tweets(): void {
  const splits = ['test', 'valid', 'train'].map((s) => `fixtures/indonlu-emot-tweets/${s}_preprocess.csv`);
  const all = splits.map((s) => readCsv(s).rows);
  const police = all.flat().filter((r) => POLICE.test(r.tweet ?? '') || /\baparat\b/i.test(r.tweet ?? ''));
  const others = all[0]!.filter((r) => !police.includes(r)).slice(0, 200 - police.length);
  const keep = [...police, ...others];
  writeCsv('emot-tweets.csv', ['label', 'tweet'], keep);
  written.push({
    file: 'emot-tweets.csv',
    what: `${keep.length} Indonesian tweets of IndoNLU EmoT: the ${police.length} that mention the police or "aparat" (all splits), then the first of the test split`,
    group: 'emot',
    from: splits.join(', '),
  });
}

/** Each corpus's file and its column holding the text as it circulated. */
const POST_FILES: Record<PostFile, { path: string; text: string }> = {
  social: { path: 'data/tbh-hoax-corpora/tbh-social-posts-2019-2025__turnbackhoax_fix.csv', text: 'post_text' },
  claims1k: { path: 'data/tbh-hoax-corpora/tbh-claims-fact-1k__hoax_1k.csv', text: 'content' },
  // categorized_hoaxes.csv lists the 2024 IDs without their text: the text is in the per-category files.
  narratives2024: { path: 'data/tbh-hoax-corpora/tbh-2024-hoax-narratives__{politics,scam,others}_hoax_text.csv', text: 'HOAX_TEXT' },
};
const NARRATIVE_TEXTS = ['politics', 'scam', 'others'].map((c) => `data/tbh-hoax-corpora/tbh-2024-hoax-narratives__${c}_hoax_text.csv`);

function publicPosts(): void {
  const social = byKey(readCsv(POST_FILES.social.path).rows, 'id');
  const claims = readCsv(POST_FILES.claims1k.path).rows;
  const narratives = byKey(
    NARRATIVE_TEXTS.flatMap((f) => readCsv(f).rows),
    'ID',
  );
  const out = DEMO_POSTS.map((p) => {
    const row = p.file === 'social' ? social.get(String(p.row)) : p.file === 'claims1k' ? claims[p.row - 1] : narratives.get(String(p.row));
    if (!row) fail(`${p.file} row ${p.row}: not found`);
    return postRecord(p, row);
  });
  const header = ['id', 'platform', 'published_at', 'text', 'fact_check'];
  writeCsv('public-posts.csv', header, out);
  const police = DEMO_POSTS.filter((p) => p.police).length;
  written.push({
    file: 'public-posts.csv',
    what: `${out.length} real hoax texts as they circulated (${police} involving the police), chosen by hand in scripts/lib/demo-posts.ts; platform and post date where the file has them (its view and share columns are all 0, so they are left out); \`fact_check\` links TurnBackHoax's debunk where the file names it`,
    group: ['social', 'claims1k', 'narratives2024'],
    from: [POST_FILES.social.path, POST_FILES.claims1k.path, ...NARRATIVE_TEXTS].join(', '),
  });
}

/** One post as the import source reads it: the text as the file quotes it, less the fact-checker's additions. */
function postRecord(p: DemoPost, row: Record<string, string>): Record<string, string> {
  let text = row[POST_FILES[p.file].text]!.trim();
  // The 2024 file appends TurnBackHoax's explanation after the claim; the claim is what circulated.
  if (p.file === 'narratives2024') text = text.split(/\s*(?:PENJELASAN|Penjelasan:|= = =|=====)/)[0]!.trim();
  if (p.file === 'claims1k') text = text.replace(/^NARASI:\s*/, '');
  // A debunk's own narration ("Beredar …", "Akun … mengunggah") is not a circulated text: refuse it.
  if (text.length < 20 || /^(Beredar|Telah beredar|Akun |Sebuah )/.test(text)) fail(`${p.file} row ${p.row}: "${text.slice(0, 60)}" is not a circulated text`);
  const id = p.file === 'social' ? `tbh-social-${p.row}` : p.file === 'claims1k' ? `tbh-claims-${p.row}` : `tbh-2024-${p.row}`;
  const date = p.file === 'social' ? /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(row.post_date ?? '') : null;
  const factCheck = p.file === 'social' ? row.post_url : p.file === 'claims1k' ? /https?:\/\/turnbackhoax\.id\/\S+/.exec(row.references ?? '')?.[0] : undefined;
  return {
    id,
    platform: p.file === 'social' ? (row.social_media ?? '') : '',
    published_at: date ? `${date[3]}-${date[2]}-${date[1]}` : '',
    text,
    fact_check: factCheck && /^https:\/\/turnbackhoax\.id\/\d{4}\//.test(factCheck) ? factCheck : '',
  };
}

function readme(): void {
  const groups = (g: Group | Group[]) => (Array.isArray(g) ? g : [g]);
  const rows = written.map((w) => {
    const origin = groups(w.group)
      .map((g) => `${ORIGINS[g].repo} @ \`${ORIGINS[g].commit.slice(0, 12)}\``)
      .join('; ');
    const several = groups(w.group).length > 1;
    const licence = groups(w.group)
      .map((g) => (several ? `${ORIGINS[g].repo.replace('github.com/', '')}: ${ORIGINS[g].licence}` : ORIGINS[g].licence))
      .join('; ');
    return `| \`${w.file}\` | ${w.what} | ${origin}, via \`shared/${w.from.split(', ').join('`, `shared/')}\` | ${licence} | ${digest(w.file)} |`;
  });
  const text = `# Demo data (generated)

The offline demo's own recorded inputs. \`pipelines/demo.ts\` serves this folder on 127.0.0.1 (its
\`replay.root\`) and imports the CSV files from it, so \`npm ci && npm start\` needs nothing beside the
checkout. Every file is a real recording or a subset of one; nothing here was written by the team.

Made by \`npm run build:demo-data\` (scripts/build-demo-data.ts) from the shared data
(\`$SARING_SHARED\`, default \`../shared\`): do not edit these files by hand. The build is
deterministic: run it again on the same shared data and \`git diff\` shows nothing. The origin column
gives the repository and commit each shared group's SOURCE.txt names; the build stops when a
SOURCE.txt no longer names that commit.

**Licences: internal use only.** Most of this content carries no open licence (Tempo's headlines,
MAFINDO's fact-checks, people's posts). It is here so the project's own demo runs offline inside this
private repository (package.json: \`"private": true\`, \`UNLICENSED\`). Do not publish this folder, or a
copy of the repository that contains it, without clearing the rights listed below.

| file | what | origin (repository @ commit, via the shared copy) | licence | sha256 |
| --- | --- | --- | --- | --- |
${rows.join('\n')}
`;
  fs.writeFileSync(path.join(OUT, 'README.md'), text);
}

/** The first 12 hex digits of a file's SHA-256, or of a folder's files in name order. */
function digest(rel: string): string {
  const full = path.join(OUT, rel);
  const files = fs.statSync(full).isDirectory()
    ? fs
        .readdirSync(full)
        .sort()
        .map((f) => path.join(full, f))
    : [full];
  const h = createHash('sha256');
  for (const f of files) h.update(fs.readFileSync(f));
  return `\`${h.digest('hex').slice(0, 12)}\``;
}

function readCsv(rel: string): { header: string[]; rows: Array<Record<string, string>> } {
  const records = parse(fs.readFileSync(shared(rel)), { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  const [header, ...data] = records;
  if (!header) fail(`${rel}: empty`);
  return { header, rows: data.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))) };
}

function byKey(rows: Array<Record<string, string>>, key: string): Map<string, Record<string, string>> {
  return new Map(rows.map((r) => [r[key]!, r]));
}

/** RFC 4180 CSV, every field quoted, "\n" line ends: stable bytes whatever the content. */
function writeCsv(file: string, header: string[], rows: Array<Record<string, string | undefined>>): void {
  const quote = (v: string | undefined) => `"${(v ?? '').replaceAll('"', '""')}"`;
  const lines = [header.map(quote).join(','), ...rows.map((r) => header.map((h) => quote(r[h])).join(','))];
  fs.writeFileSync(path.join(OUT, file), lines.join('\n') + '\n');
}

function shared(...parts: string[]): string {
  return path.join(SHARED, ...parts);
}

function fail(message: string): never {
  console.error(`build-demo-data: ${message}`);
  process.exit(1);
}

main();
