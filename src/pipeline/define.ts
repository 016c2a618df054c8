import { z } from 'zod';
import { ALERT_MODES, DECLARABLE_SOURCE_KINDS, REGISTRY_KINDS, SOURCE_TRUSTS, type SourceTrust } from '../vocabulary.ts';
import { allowedOrigin } from '../fetch/address-guard.ts';
import { CLAIM_MATCH_STRONG, DEFAULT_FLAG_THRESHOLD } from '../classify/thresholds.ts';
import { DEFAULT_TEMPLATES, unknownPlaceholders } from '../review/clarification-text.ts';
import { checkEntry } from '../review/registry-entry.ts';

/** A cron expression in node-cron's five- or six-field form; checked further at load. */
const cron = z.string().min(9);

/** Ids of sources, alert channels and rules. */
const id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lowercase letters, digits, - and _ (max 63)');

/** An origin a source may reach although it is private, normalised (`http://10.0.0.5:8080`). */
const origin = z.string().transform((entry, ctx) => {
  const o = allowedOrigin(entry);
  if ('error' in o) {
    ctx.addIssue({ code: 'custom', message: o.error });
    return z.NEVER;
  }
  return o.origin;
});

const sourceEntry = z.strictObject({
  id,
  kind: z.enum(DECLARABLE_SOURCE_KINDS),
  /** Shown to analysts. */
  name: z.string().min(1),
  /** (Default: the pipeline's defaultSchedule) */
  schedule: cron.optional(),
  enabled: z.boolean().default(true),
  /** A fact-checker: its items form the corpus of debunked claims that other items are matched against. */
  factCheck: z.boolean().default(false),
  /**
   * Who speaks through this source (classify/source-trust.ts): `official` for the Polres's and Polri's
   * own accounts and sites, `media` for newsrooms, `factcheck`, `social` for public posts and channels.
   * (Default: factcheck for fact-checkers, media for rss and html, tip (laporan masyarakat) for mentions,
   * social for telegram and import)
   */
  trust: z.enum(SOURCE_TRUSTS).optional(),
  /**
   * Private origins this source may reach (an intranet site of the Polres): scheme, host and port
   * exactly, for this source's requests and their redirects only; never for tips or their links. The
   * demo's replay server is added to the sources that use `{replay}`. (Default: none)
   */
  allowHosts: z.array(origin).default([]),
  /** Validated against the kind's own schema at load. */
  config: z.record(z.string(), z.unknown()),
});

/** Where alerts go. Secrets never live here: the SMTP URL and webhook tokens come from the environment. */
const alertChannel = z.discriminatedUnion('kind', [
  z.strictObject({ id, kind: z.literal('email'), to: z.array(z.email()).min(1) }),
  z.strictObject({
    id,
    kind: z.literal('webhook'),
    /** A JSON POST: the Telegram or WhatsApp gateway the Polres already runs. */
    url: z.url({ protocol: /^https?$/ }),
    /** Name of the environment variable holding a token sent as `Authorization: Bearer …`. */
    tokenEnv: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]*$/, 'an environment variable name (A–Z, 0–9, _)')
      .optional(),
  }),
]);

const ruleCommon = {
  id,
  /** Channel ids from alerts.channels. */
  channels: z.array(z.string()).min(1),
  /** After an alert, more of the same rule and subject wait this long and then go out as one. (Default: 60) */
  cooldownMinutes: z.number().int().min(0).default(60),
  /** `digest`: collect the day's events and send them once, at digestAt (pipeline time zone). (Default: immediate) */
  mode: z.enum(ALERT_MODES).default('immediate'),
  digestAt: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM')
    .default('07:00'),
};

const alertRule = z.discriminatedUnion('kind', [
  /** A flagged item at or above a priority. */
  z.strictObject({ ...ruleCommon, kind: z.literal('flagged'), minPriority: z.number().min(0).max(1).default(0.7) }),
  /** Flagged items on one topic or naming one unit: this hour against the same hour of the last 7 days. */
  z.strictObject({
    ...ruleCommon,
    kind: z.literal('spike'),
    by: z
      .array(z.enum(['topic', 'unit']))
      .min(1)
      .default(['topic', 'unit']),
    minCount: z.number().int().min(1).default(5),
    factor: z.number().min(1).default(3),
  }),
  /**
   * Hoaks lama beredar kembali: an item matching a claim fact-checkers debunked at least minAgeDays
   * ago (cosine ≥ minScore), or linked by the classifier to a case the desk decided (HLBK).
   */
  z.strictObject({
    ...ruleCommon,
    kind: z.literal('resurfaced'),
    minScore: z.number().min(0).max(1).default(CLAIM_MATCH_STRONG),
    minAgeDays: z.number().int().min(0).default(30),
  }),
  /** A source gone silent against its own rate, or failing run after run. */
  z.strictObject({
    ...ruleCommon,
    kind: z.literal('source'),
    states: z
      .array(z.enum(['failing', 'silent']))
      .min(1)
      .default(['failing', 'silent']),
  }),
]);

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
      /** Moved to each source (`sources[].allowHosts`), as origins: an allowance here reached tips too. */
      allowHosts: z
        .never({
          error:
            'moved: list the origins on the source that needs them, e.g. allowHosts: ["http://10.0.0.5:8080"] (an allowance for the whole client reached tips too)',
        })
        .optional(),
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
  /** The desk teaching the model (issue 17). */
  learning: z
    .strictObject({
      /** Items each analyst is offered per day in "Perlu label", the ones the model is least sure of. (Default: 10) */
      labelsPerDay: z.number().int().min(0).max(500).default(10),
      /** Cron line (pipeline time zone) on which `saring train` runs as a job, e.g. '0 2 * * 0'; null: only by hand. (Default: null) */
      trainSchedule: cron.nullable().default(null),
    })
    .default({ labelsPerDay: 10, trainSchedule: null }),
  /** Local vocabulary the classifier uses: the area's places and the deployment's own units. */
  area: z
    .strictObject({
      places: z.array(z.string().min(2)).default([]),
      units: z.array(z.strictObject({ name: z.string().min(2), aliases: z.array(z.string().min(2)).default([]) })).default([]),
    })
    .default({ places: [], units: [] }),
  /**
   * The official-accounts registry's first contents: written into the database on the first start
   * only (when the pipeline has no entries yet); after that admins edit it on the "Registri akun
   * resmi" page, versioned in the audit log. Values are checked as the page checks them.
   */
  registry: z
    .array(
      z.strictObject({
        kind: z.enum(REGISTRY_KINDS),
        platform: z.string().optional(),
        value: z.string().min(1),
        unit: z.string().min(2),
        rank: z.string().optional(),
        position: z.string().optional(),
        note: z.string().optional(),
      }),
    )
    .default([])
    .superRefine((entries, ctx) => {
      entries.forEach((e, k) => {
        try {
          checkEntry(e);
        } catch (err) {
          ctx.addIssue({ code: 'custom', path: [k], message: (err as Error).message });
        }
      });
    }),
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
              .refine((b) => !unknownPlaceholders(b).length, {
                message: 'unknown placeholder; use judul, fakta, sumber, kontak, tagar, polres, tanggal or tautan',
              }),
          }),
        )
        .min(1)
        .default(DEFAULT_TEMPLATES),
    })
    .default({ contact: '', hashtags: ['#SaringSebelumSharing', '#PolriPresisi'], templates: DEFAULT_TEMPLATES }),
  /** How source health is judged (the Sumber page, `saring sources health`, source alerts). */
  health: z
    .strictObject({
      /** (Default: 14) */
      historyDays: z.number().int().min(2).max(90).default(14),
      /** Silent once this many new items were expected since the last one. (Default: 3) */
      silentExpected: z.number().min(0.5).default(3),
      /** Failing after this many failed runs in a row. (Default: 3) */
      failingAfter: z.number().int().min(1).default(3),
    })
    .default({ historyDays: 14, silentExpected: 3, failingAfter: 3 }),
  alerts: z
    .strictObject({
      channels: z.array(alertChannel).default([]),
      rules: z.array(alertRule).default([]),
      /** Sender of alert emails. (Default: "Saring <saring@localhost>") */
      emailFrom: z.string().min(3).default('Saring <saring@localhost>'),
    })
    .default({ channels: [], rules: [], emailFrom: 'Saring <saring@localhost>' })
    .superRefine((a, ctx) => {
      const known = new Set(a.channels.map((c) => c.id));
      a.rules.forEach((r, i) =>
        r.channels.forEach((c, j) => {
          if (!known.has(c)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'channels', j], message: `no channel "${c}" in alerts.channels` });
        }),
      );
    }),
  sources: z.array(sourceEntry),
});

export type PipelineInput = z.input<typeof pipelineSchema>;
export type Pipeline = z.output<typeof pipelineSchema>;
export type PipelineSource = Pipeline['sources'][number];
export type AlertRule = Pipeline['alerts']['rules'][number];
export type AlertChannel = Pipeline['alerts']['channels'][number];

/** Each source's private-origin allowance, by source id: what the ingest stage passes with its requests. */
export function originAllowances(p: Pipeline): Map<string, readonly string[]> {
  return new Map(p.sources.filter((s) => s.allowHosts.length).map((s) => [s.id, s.allowHosts]));
}

/** Identity function that gives pipeline files type checking and completion in an editor. */
export function definePipeline(p: PipelineInput): PipelineInput {
  return p;
}

/** A source's trust class: as the pipeline sets it, or the default of its kind. */
export function sourceTrust(source: { kind: string; factCheck: boolean; trust?: SourceTrust | undefined }): SourceTrust {
  if (source.trust) return source.trust;
  if (source.factCheck) return 'factcheck';
  // What the public addresses to the Polres's accounts is a public report (laporan masyarakat), like a tip.
  if (source.kind === 'mentions') return 'tip';
  return source.kind === 'rss' || source.kind === 'html' ? 'media' : 'social';
}
