import type { PublicationChannel } from '../db/schema.ts';

/** A clarification template of a pipeline: a name humas picks and a body with {{placeholders}}. */
export interface ClarificationTemplate {
  id: string;
  name: string;
  body: string;
}

/** What a template may refer to; each placeholder is checked when the pipeline loads. */
export const PLACEHOLDERS = ['judul', 'fakta', 'sumber', 'kontak', 'tagar', 'polres', 'tanggal', 'tautan'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;

/** Placeholders a template uses that are not known, so a typo fails at load, not in front of humas. */
export function unknownPlaceholders(body: string): string[] {
  const known: readonly string[] = PLACEHOLDERS;
  return [...body.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((p) => !known.includes(p));
}

/** Fills a template; a value left empty leaves its line out rather than a dangling "Sumber: ". */
export function renderTemplate(body: string, values: Partial<Record<Placeholder, string>>): string {
  return body
    .split('\n')
    .flatMap((line) => {
      const used = [...line.matchAll(PLACEHOLDER)].map((m) => m[1] as Placeholder);
      if (used.length && used.every((p) => !values[p]?.trim())) return [];
      return [line.replace(PLACEHOLDER, (_, p: Placeholder) => values[p]?.trim() ?? '')];
    })
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Where clarifications go out and how long a post may be there (characters, as each platform counts). */
export const CHANNEL_LIMITS: Array<{ channel: PublicationChannel; label: string; limit: number }> = [
  { channel: 'x', label: 'X (Twitter)', limit: 280 },
  { channel: 'instagram', label: 'Keterangan Instagram', limit: 2200 },
  { channel: 'facebook', label: 'Facebook', limit: 63206 },
  { channel: 'whatsapp', label: 'WhatsApp', limit: 65536 },
];

const URL_RE = /https?:\/\/[^\s]+/g;
/** X shortens every link to 23 characters (t.co). */
const X_URL_WEIGHT = 23;

/**
 * Length as X counts it: links weigh 23; Latin, Indonesian punctuation and most symbols weigh 1;
 * other scripts and emoji weigh 2 (the ranges of twitter-text's v3 configuration).
 */
export function xLength(text: string): number {
  let n = 0;
  const rest = text.replace(URL_RE, () => {
    n += X_URL_WEIGHT;
    return '';
  });
  for (const ch of rest.normalize('NFC')) {
    const cp = ch.codePointAt(0)!;
    const light = cp <= 4351 || (cp >= 8192 && cp <= 8205) || (cp >= 8208 && cp <= 8223) || (cp >= 8242 && cp <= 8247);
    n += light ? 1 : 2;
  }
  return n;
}

/** Characters as the other platforms count them: Unicode code points. */
export function plainLength(text: string): number {
  return [...text.normalize('NFC')].length;
}

export interface ChannelFit {
  channel: PublicationChannel;
  label: string;
  limit: number;
  length: number;
  over: boolean;
}

export function channelFit(text: string): ChannelFit[] {
  const plain = plainLength(text);
  return CHANNEL_LIMITS.map((c) => {
    const length = c.channel === 'x' ? xLength(text) : plain;
    return { ...c, length, over: length > c.limit };
  });
}

/** The templates a pipeline gets when it declares none: the two forms Polri's humas posts use. */
export const DEFAULT_TEMPLATES: ClarificationTemplate[] = [
  {
    id: 'hoaks',
    name: '[HOAKS] — bantahan',
    body: ['[HOAKS] {{judul}}', '', 'Faktanya: {{fakta}}', '', 'Sumber: {{sumber}}', 'Tautan rujukan: {{tautan}}', '{{kontak}}', '', '{{tagar}}'].join('\n'),
  },
  {
    id: 'klarifikasi',
    name: 'KLARIFIKASI — penjelasan resmi',
    body: [
      'KLARIFIKASI {{polres}}',
      '',
      'Beredar informasi: "{{judul}}".',
      '',
      'Faktanya: {{fakta}}',
      '',
      'Sumber: {{sumber}}',
      'Tautan rujukan: {{tautan}}',
      'Informasi resmi: {{kontak}}',
      '',
      '{{tagar}}',
    ].join('\n'),
  },
];
