import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { describeIssues, ParseError } from '../errors.ts';
import { parseAnyDate } from '../ingest/dates.ts';
import { decodeImportFile } from '../fetch/charset.ts';
import { cleanText, stripControl } from '../ingest/text.ts';
import { readWhatsAppExport } from './whatsapp-import.ts';
import { defineSource, type ParsedItem, type ParseResult, type Rejected } from './types.ts';

const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** Posts exported by other tools (social listening exports, spreadsheets) as JSONL or CSV. */
const importConfig = z.strictObject({
  path: z.string().min(1),
  /** (Default: from the file extension) */
  format: z.enum(['jsonl', 'csv', 'whatsapp']).optional(),
  /** Field of ours ← column of theirs, for exports with their own names, e.g. { text: "narasi" }. */
  columns: z
    .partialRecord(
      z.enum(['id', 'url', 'author', 'title', 'text', 'published_at', 'language', 'platform', 'views', 'likes', 'shares', 'replies', 'images']),
      z.string().min(1),
    )
    .default({}),
  language: z.string().min(2).max(8).default('id'),
});

export const importKind = defineSource({
  kind: 'import',
  description: 'JSONL/CSV file of posts exported from other tools',
  config: importConfig,
  collect: (ctx, config) => readImport(config, ctx.timeZone ? { timeZone: ctx.timeZone } : {}),
});

/**
 * Reads and parses an export file, refusing unreadable and oversized files by name. `timeZone` reads
 * WhatsApp exports, whose times carry no zone (Default: Asia/Jakarta; the CLI passes the pipeline's).
 */
export async function readImport(config: z.output<typeof importConfig>, opts: { timeZone?: string } = {}): Promise<ParseResult> {
  const format = config.format ?? formatOf(config.path);
  const stat = await fs.stat(config.path).catch((err: NodeJS.ErrnoException) => {
    throw new ParseError(`${config.path}: cannot read file (${err.code ?? err.message})`, { code: 'FILE_UNREADABLE' });
  });
  if (stat.size > MAX_FILE_BYTES) {
    throw new ParseError(`${config.path}: ${stat.size} bytes exceeds the ${MAX_FILE_BYTES}-byte import limit`, { code: 'TOO_LARGE' });
  }
  if (format === 'whatsapp') return readWhatsAppExport(config.path, { timeZone: opts.timeZone ?? 'Asia/Jakarta', language: config.language });
  const decoded = decodeImportFile(await fs.readFile(config.path));
  const parsed = parseImport(decoded.text, format, config.columns, opts.timeZone);
  for (const item of parsed.items) item.language ??= config.language;
  // Bytes that are not UTF-8 were replaced by U+FFFD: the lines are kept, and the damage is reported.
  parsed.rejected.unshift(...decoded.problems);
  return parsed;
}

export function formatOf(file: string): 'jsonl' | 'csv' | 'whatsapp' {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.csv') return 'csv';
  // WhatsApp's "Export chat" writes a .txt, or a .zip with the media.
  if (ext === '.txt' || ext === '.zip') return 'whatsapp';
  throw new ParseError(`${file}: unknown import format "${ext}"; use .jsonl, .csv or a WhatsApp chat export (.txt, .zip), or pass --format`, {
    code: 'FORMAT_UNKNOWN',
  });
}

const count = z.preprocess(
  (v) => (v === '' || v === null ? undefined : typeof v === 'string' ? Number(v.replace(/[.,\s]/g, '')) : v),
  z.number().int().min(0).optional(),
);
const optText = z.preprocess((v) => (v === '' || v === null ? undefined : v), z.string().optional());

/** One exported post. Common column names of export tools are accepted as aliases. */
const row = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String).optional(),
    url: optText,
    author: optText,
    title: optText,
    text: optText,
    published_at: optText,
    language: optText,
    platform: optText,
    views: count,
    likes: count,
    shares: count,
    replies: count,
    /** Image URLs (http/https) of the post: one URL, or several separated by spaces, commas or newlines; a JSON array in JSONL. */
    images: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((v) => (Array.isArray(v) ? v : (v ?? '').split(/[\s,]+/)).map((u) => u.trim()).filter(Boolean)),
  })
  .refine((r) => (r.text ?? r.title ?? '').trim() !== '', { message: 'needs a non-empty "text" or "title"' });

const ALIASES: Record<string, string> = {
  link: 'url',
  permalink: 'url',
  post_url: 'url',
  username: 'author',
  user: 'author',
  handle: 'author',
  account: 'author',
  content: 'text',
  description: 'text',
  message: 'text',
  body: 'text',
  caption: 'text',
  full_text: 'text',
  date: 'published_at',
  pubdate: 'published_at',
  created_at: 'published_at',
  timestamp: 'published_at',
  posted_at: 'published_at',
  lang: 'language',
  comments: 'replies',
  retweets: 'shares',
  reposts: 'shares',
  favorites: 'likes',
  reactions: 'likes',
  post_id: 'id',
  external_id: 'id',
  image: 'images',
  image_url: 'images',
  image_urls: 'images',
  media_url: 'images',
  photo: 'images',
};

/** Parses a JSONL or CSV export. Pure. A malformed line is rejected with its number; the rest are kept. */
export function parseImport(content: string, format: 'jsonl' | 'csv', columns: Partial<Record<string, string>> = {}, timeZone?: string): ParseResult {
  const renamed = new Map(Object.entries(columns).map(([ours, theirs]) => [theirs!.toLowerCase(), ours]));
  const records: Array<{ line: number; value: unknown }> = [];
  const result: ParseResult = { items: [], rejected: [] };
  if (format === 'jsonl') {
    content.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      try {
        records.push({ line: i + 1, value: JSON.parse(line) });
      } catch (err) {
        result.rejected.push({ ref: `line ${i + 1}`, reason: `not valid JSON: ${(err as Error).message}` });
      }
    });
  } else {
    for (const r of parseCsvKeepingGoodLines(content, result.rejected)) records.push(r);
  }
  for (const { line, value } of records) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      result.rejected.push({ ref: `line ${line}`, reason: 'not a JSON object' });
      continue;
    }
    let controls = 0;
    const normalised = Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        const key = k.toLowerCase();
        // NUL (raw or "\u0000") and other control characters: PostgreSQL refuses NUL, and none is text.
        if (typeof v === 'string') {
          const clean = stripControl(v);
          controls += v.length - clean.length;
          v = clean;
        }
        return [renamed.get(key) ?? ALIASES[key] ?? key, v];
      }),
    );
    if (controls) result.rejected.push({ ref: `line ${line}`, reason: `${controls} control character(s) (NUL and the like) removed; line kept` });
    const parsed = row.safeParse(normalised);
    if (!parsed.success) {
      const why = describeIssues(parsed.error);
      result.rejected.push({ ref: `line ${line}`, reason: why });
      continue;
    }
    const r = parsed.data;
    const publishedAt = r.published_at ? parseAnyDate(r.published_at, { timeZone }) : null;
    if (r.published_at && !publishedAt) {
      result.rejected.push({ ref: `line ${line}`, reason: `published_at: cannot read date "${r.published_at}"` });
      continue;
    }
    const item: ParsedItem = {
      externalId: r.id ?? null,
      url: r.url ?? null,
      author: r.author ?? null,
      title: r.title ? cleanText(r.title) : null,
      text: cleanText(r.text ?? ''),
      publishedAt,
      language: r.language ?? null,
      engagement: { views: r.views ?? null, likes: r.likes ?? null, shares: r.shares ?? null, replies: r.replies ?? null },
      raw: r.platform ? { platform: r.platform } : {},
    };
    const images = r.images.filter((u) => /^https?:\/\//i.test(u)).slice(0, 4);
    if (images.length < r.images.length)
      result.rejected.push({ ref: `line ${line}`, reason: 'images: only up to 4 http(s) image URLs are kept; the others were dropped, the post kept' });
    if (images.length) item.raw = { ...item.raw, images };
    result.items.push(item);
  }
  return result;
}

/** A quoted field may run over this many lines at most; past it, its opening quote is taken as never closed. */
const MAX_RECORD_LINES = 200;

/**
 * CSV rows with their line numbers. Records are cut first (a record goes on while its quotes are
 * unbalanced) and parsed one by one, so a record that does not parse costs its line(s), and a quote
 * that is never closed (which would otherwise swallow the rest of the file) costs the line it opens
 * on, after which reading resumes on the next line. Only an unreadable header refuses the file.
 */
function parseCsvKeepingGoodLines(content: string, rejected: Rejected[]): Array<{ line: number; value: unknown }> {
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  let columns: string[];
  try {
    columns = (parseCsv(lines[0] ?? '') as string[][])[0]?.map((c) => c.trim().toLowerCase()) ?? [];
  } catch (err) {
    throw new ParseError(`CSV header (line 1) does not parse: ${(err as Error).message}`, { code: 'CSV_INVALID' });
  }
  if (!columns.length) throw new ParseError('CSV has no header line', { code: 'CSV_INVALID' });
  const quotes = (line: string) => line.split('"').length - 1;
  const out: Array<{ line: number; value: unknown }> = [];
  let i = 1;
  while (i < lines.length) {
    if (!lines[i]!.trim()) {
      i++;
      continue;
    }
    let end = i;
    let q = quotes(lines[i]!);
    while (q % 2 === 1 && end + 1 < lines.length && end - i < MAX_RECORD_LINES) q += quotes(lines[++end]!);
    if (q % 2 === 1) {
      rejected.push({ ref: `line ${i + 1}`, reason: 'CSV record has a quote that is never closed; line skipped, the lines after it are read' });
      i++;
      continue;
    }
    try {
      const [fields] = parseCsv(lines.slice(i, end + 1).join('\n'), { relax_quotes: true, relax_column_count: true }) as string[][];
      if (fields) out.push({ line: i + 1, value: Object.fromEntries(columns.map((c, k) => [c, fields[k] ?? ''])) });
    } catch (err) {
      rejected.push({ ref: `line ${i + 1}`, reason: `CSV record does not parse: ${(err as Error).message.replace(/ at line \d+/, '')}` });
    }
    i = end + 1;
  }
  return out;
}
