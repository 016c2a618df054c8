/**
 * How often the registry check engages on real texts (npm run eval:registry). No real registry of
 * those units is at hand, so this measures the part that needs none: whether a text is read as
 * presenting itself as coming from the police ("claims origin"), which is what makes an unregistered
 * number or handle a mismatch.
 *
 * - impersonation: TurnBackHoax 2024 articles (tbh-2024-hoax-narratives) whose title names a fake
 *   police account or a message in a police officer's name, with the circulating text quoted;
 * - news naming the police: mainstream articles of mid-2025 (news-vs-tbh-2025 raw_valid.csv) that
 *   mention the Indonesian police, which should rarely read as coming from them.
 *
 * With a registry of one placeholder entry, it also counts how many of those texts would carry a
 * mismatch (any number, police-named handle or site in them is then unregistered): the upper bound
 * of what a sparse registry flags.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { OfficialRegistry } from '../src/classify/official-registry.ts';
import { detectPoliceMentions, FOREIGN_POLICE_UNIT } from '../src/classify/police-mentions.ts';
import { SHARED } from './lib/shared.ts';

type Row = Record<string, string>;
const read = (f: string) => parse(fs.readFileSync(path.join(SHARED, 'data', f)), { columns: true, bom: true, relax_quotes: true }) as Row[];
const clean = (t: string) =>
  t
    .replace(/\bPENJELASAN\b[\s\S]*$/, '')
    .replace(/^[\s“”"]+|[\s“”"]+$/g, '')
    .trim();
const registry = new OfficialRegistry([{ kind: 'telepon', value: '110', unit: 'Polres (uji)' }]);

const POLICE_SENDER =
  /\b(akun|nomor|whatsapp|wa|facebook|instagram|pesan|surat)\b.*\b(kapolres\w*|kapolsek|kapolda|kasat|kanit|polres\w*|polsek|polda|polri|kepolisian|polisi|bhabinkamtibmas)\b|\bmengatasnamakan\b.*\b(polres\w*|polsek|polda|polri|polisi|kapolres\w*|kapolsek)/i;
const impersonation: string[] = [];
for (const f of ['scam', 'others']) {
  for (const r of read(`tbh-hoax-corpora/tbh-2024-hoax-narratives__${f}_hoax_text.csv`)) {
    const text = clean(r.HOAX_TEXT ?? '');
    if (!POLICE_SENDER.test(r.TITLE ?? '') || text.split(/\s+/).length < 4 || /narasi tidak|tidak (ditampilkan|tersedia|terdapat)/i.test(text)) continue;
    impersonation.push(`${text}`);
  }
}
const news = read('news-vs-tbh-2025/raw_valid.csv')
  .map((r) => `${r.Title ?? ''}\n${r.FullText ?? ''}`)
  .filter((t) => detectPoliceMentions(t).some((m) => m.unit !== FOREIGN_POLICE_UNIT));

function report(name: string, texts: string[]) {
  const checks = texts.map((t) => registry.check(t));
  const origin = checks.filter((c) => c.claimsOrigin).length;
  const mismatch = checks.filter((c) => c.mismatched.length).length;
  console.log(
    `${name} (${texts.length}): read as from the police ${origin} (${((100 * origin) / (texts.length || 1)).toFixed(1)} %), with an unregistered identifier ${mismatch} (${((100 * mismatch) / (texts.length || 1)).toFixed(1)} %)`,
  );
  return checks;
}
const imp = report('impersonation messages (TurnBackHoax 2024)', impersonation);
report('news naming the police (mainstream 2025)', news);
if (process.argv.includes('--misses')) impersonation.forEach((t, k) => !imp[k]!.claimsOrigin && console.log(`  missed: ${t.slice(0, 160)}`));
if (process.argv.includes('--news')) {
  for (const t of news) {
    const c = registry.check(t);
    if (c.claimsOrigin) console.log(`  news read as from the police: ${t.split('\n')[0]!.slice(0, 120)}`);
  }
}
