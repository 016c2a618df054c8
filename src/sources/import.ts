import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { describeIssues, ParseError } from '../errors.ts';
import { parseAnyDate } from '../ingest/dates.ts';
import { cleanText } from '../ingest/text.ts';
import { defineSource, type ParsedItem, type ParseResult } from './types.ts';

const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** Posts exported by other tools (social listening exports, spreadsheets) as JSONL or CSV. */
const importConfig = z.strictObject({
  path: z.string().min(1),
  /** (Default: from the file extension) */
  format: z.enum(['jsonl', 'csv']).optional(),
  /** Field of ours ← column of theirs, for exports with their own names, e.g. { text: "narasi" }. */
  columns: z.partialRecord(z.enum(['id', 'url', 'author', 'title', 'text', 'published_at', 'language', 'platform', 'views', 'likes', 'shares', 'replies']), z.string().min(1)).default({}),
  language: z.string().min(2).max(8).default('id'),
});

export const importKind = defineSource({
  kind: 'import',
  description: 'JSONL/CSV file of posts exported from other tools',
  config: importConfig,
  collect: (_ctx, config) => readImport(config),
});

/** Reads and parses an export file, refusing unreadable and oversized files by name. */
export async function readImport(config: z.output<typeof importConfig>): Promise<ParseResult> {
  const format = config.format ?? formatOf(config.path);
  const stat = await fs.stat(config.path).catch((err: NodeJS.ErrnoException) => {
    throw new ParseError(`${config.path}: cannot read file (${err.code ?? err.message})`, { code: 'FILE_UNREADABLE' });
  });
  if (stat.size > MAX_FILE_BYTES) {
    throw new ParseError(`${config.path}: ${stat.size} bytes exceeds the ${MAX_FILE_BYTES}-byte import limit`, { code: 'TOO_LARGE' });
  }
  const content = await fs.readFile(config.path, 'utf8');
  const parsed = parseImport(content, format, config.columns);
  for (const item of parsed.items) item.language ??= config.language;
  return parsed;
}

export function formatOf(file: string): 'jsonl' | 'csv' {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.csv') return 'csv';
  throw new ParseError(`${file}: unknown import format "${ext}"; use .jsonl or .csv, or pass --format`, { code: 'FORMAT_UNKNOWN' });
}

const count = z.preprocess((v) => (v === '' || v === null ? undefined : typeof v === 'string' ? Number(v.replace(/[.,\s]/g, '')) : v), z.number().int().min(0).optional());
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
  })
  .refine((r) => (r.text ?? r.title ?? '').trim() !== '', { message: 'needs a non-empty "text" or "title"' });

const ALIASES: Record<string, string> = {
  link: 'url', permalink: 'url', post_url: 'url',
  username: 'author', user: 'author', handle: 'author', account: 'author',
  content: 'text', description: 'text', message: 'text', body: 'text', caption: 'text', full_text: 'text',
  date: 'published_at', pubdate: 'published_at', created_at: 'published_at', timestamp: 'published_at', posted_at: 'published_at',
  lang: 'language', comments: 'replies', retweets: 'shares', reposts: 'shares', favorites: 'likes', reactions: 'likes',
  post_id: 'id', external_id: 'id',
};

/** Parses a JSONL or CSV export. Pure. A malformed line is rejected with its number; the rest are kept. */
export function parseImport(content: string, format: 'jsonl' | 'csv', columns: Partial<Record<string, string>> = {}): ParseResult {
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
    let rows: Array<{ record: Record<string, string>; info: { lines: number } }>;
    try {
      rows = parseCsv(content, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), bom: true, info: true, skip_empty_lines: true, relax_column_count: true });
    } catch (err) {
      throw new ParseError(`CSV does not parse: ${(err as Error).message}`, { code: 'CSV_INVALID' });
    }
    for (const r of rows) records.push({ line: r.info.lines, value: r.record });
  }
  for (const { line, value } of records) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      result.rejected.push({ ref: `line ${line}`, reason: 'not a JSON object' });
      continue;
    }
    const normalised = Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        const key = k.toLowerCase();
        return [renamed.get(key) ?? ALIASES[key] ?? key, v];
      }),
    );
    const parsed = row.safeParse(normalised);
    if (!parsed.success) {
      const why = describeIssues(parsed.error);
      result.rejected.push({ ref: `line ${line}`, reason: why });
      continue;
    }
    const r = parsed.data;
    const publishedAt = r.published_at ? parseAnyDate(r.published_at) : null;
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
    result.items.push(item);
  }
  return result;
}
