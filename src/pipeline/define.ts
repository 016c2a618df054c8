import { z } from 'zod';
import { DEFAULT_FLAG_THRESHOLD } from '../classify/thresholds.ts';
import { DEFAULT_TEMPLATES, unknownPlaceholders } from '../review/clarification-text.ts';

/** A cron expression in node-cron's five- or six-field form; checked further at load. */
const cron = z.string().min(9);

const sourceEntry = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lowercase letters, digits, - and _ (max 63)'),
  kind: z.enum(['rss', 'html', 'telegram', 'import']),
  /** Shown to analysts. */
  name: z.string().min(1),
  /** (Default: the pipeline's defaultSchedule) */
  schedule: cron.optional(),
  enabled: z.boolean().default(true),
  /** A fact-checker: its items form the corpus of debunked claims that other items are matched against. */
  factCheck: z.boolean().default(false),
  /** Validated against the kind's own schema at load. */
  config: z.record(z.string(), z.unknown()),
});

export const pipelineSchema = z.strictObject({
  /** Must equal the file name (pipelines/<name>.ts). */
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
  /** The unit this deployment serves, as it appears on reports: "Polres Belitung Timur". */
  title: z.string().min(1),
  /** (Default: Asia/Jakarta) */
  timezone: z.string().default('Asia/Jakarta'),
  /** (Default: every 30 minutes) */
  defaultSchedule: cron.default('*/30 * * * *'),
  http: z
    .strictObject({
      userAgent: z.string().min(1).optional(),
      timeoutMs: z.number().int().min(100).optional(),
      maxBytes: z.number().int().min(1024).optional(),
      maxRedirects: z.number().int().min(0).max(20).optional(),
      retries: z.number().int().min(0).max(10).optional(),
      backoffMs: z.number().int().min(0).optional(),
      perHostConcurrency: z.number().int().min(1).max(16).optional(),
      perHostIntervalMs: z.number().int().min(0).optional(),
      /** Hosts allowed to be private addresses (an intranet source); all others are refused. */
      allowHosts: z.array(z.string().min(1)).optional(),
    })
    .default({}),
  limits: z
    .strictObject({
      maxItemsPerRun: z.number().int().min(1).optional(),
      maxTextChars: z.number().int().min(100).optional(),
      maxTitleChars: z.number().int().min(10).optional(),
      maxHtmlDepth: z.number().int().min(16).optional(),
    })
    .default({}),
  /**
   * Serve a folder of recorded responses on 127.0.0.1 and let source URLs say `{replay}` for its
   * address: the offline demo. `routes` maps extra paths to files, `sequences` serves the files of a
   * folder one after another, one per request, so a recorded feed "updates" between runs.
   */
  replay: z
    .strictObject({
      root: z.string().min(1),
      routes: z.record(z.string().startsWith('/'), z.string().min(1)).default({}),
      sequences: z.record(z.string().startsWith('/'), z.string().min(1)).default({}),
    })
    .optional(),
  classify: z
    .strictObject({
      /** Priority at or above which an item is flagged for review, 0..1. (Default: 0.45) */
      flagThreshold: z.number().min(0).max(1).default(DEFAULT_FLAG_THRESHOLD),
    })
    .default({ flagThreshold: DEFAULT_FLAG_THRESHOLD }),
  /** Local vocabulary the classifier uses: the area's places and the deployment's own units. */
  area: z
    .strictObject({
      places: z.array(z.string().min(2)).default([]),
      units: z.array(z.strictObject({ name: z.string().min(2), aliases: z.array(z.string().min(2)).default([]) })).default([]),
    })
    .default({ places: [], units: [] }),
  /** What humas' clarifications are made of. */
  clarification: z
    .strictObject({
      /** The Polres's contact line: "Call Center 110 / WA 0812-xxxx (Humas Polres …)". */
      contact: z.string().default(''),
      hashtags: z.array(z.string().regex(/^#\S+$/, 'a hashtag starts with # and has no spaces')).default(['#SaringSebelumSharing', '#PolriPresisi']),
      /** (Default: "[HOAKS]" and "KLARIFIKASI" templates) */
      templates: z
        .array(
          z.strictObject({
            id: z.string().regex(/^[a-z0-9_-]+$/),
            name: z.string().min(1),
            body: z
              .string()
              .min(1)
              .refine((b) => !unknownPlaceholders(b).length, { message: 'unknown placeholder; use judul, fakta, sumber, kontak, tagar, polres, tanggal or tautan' }),
          }),
        )
        .min(1)
        .default(DEFAULT_TEMPLATES),
    })
    .default({ contact: '', hashtags: ['#SaringSebelumSharing', '#PolriPresisi'], templates: DEFAULT_TEMPLATES }),
  sources: z.array(sourceEntry),
});

export type PipelineInput = z.input<typeof pipelineSchema>;
export type Pipeline = z.output<typeof pipelineSchema>;
export type PipelineSource = Pipeline['sources'][number];

/** Identity function that gives pipeline files type checking and completion in an editor. */
export function definePipeline(p: PipelineInput): PipelineInput {
  return p;
}
