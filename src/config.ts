import path from 'node:path';
import { z } from 'zod';
import { ConfigError, describeIssues } from './errors.ts';

/**
 * The process environment, parsed once. Everything else receives a typed `AppConfig`.
 * Defaults give a working embedded setup on a fresh machine.
 */
const envSchema = z.object({
  /** PostgreSQL connection string. Unset: embedded PGlite in SARING_DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  /**
   * PostgreSQL: the schema owner's connection string, for migrations only; DATABASE_URL is then a role
   * that owns nothing and cannot alter the audit log (README "Database roles"). Unset: DATABASE_URL migrates.
   */
  SARING_MIGRATE_URL: z.string().url().optional(),
  /** Where the embedded database (and other local state) lives. (Default: ./data) */
  SARING_DATA_DIR: z.string().min(1).default('./data'),
  /** Pipeline used when a command names none. (Default: demo) */
  SARING_PIPELINE: z.string().min(1).default('demo'),
  /** Where pipeline files live, when a deployment keeps them outside the checkout. (Default: pipelines/) */
  SARING_PIPELINES_DIR: z.string().min(1).optional(),
  /** Port of the web server. (Default: 8080) */
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Where model weights are looked for (<dir>/<model id>/). (Default: the checkout's models/) */
  SARING_MODELS_DIR: z.string().min(1).optional(),
  /** Let the product fetch the embedding model from the Hugging Face hub when it is not on disk. (Default: 0) */
  SARING_ALLOW_MODEL_DOWNLOAD: z.enum(['0', '1', 'true', 'false']).default('0'),
  /** The browser that prints report PDFs. Unset: the usual Chromium, Chrome and Edge install places are searched. */
  CHROMIUM_PATH: z.string().min(1).optional(),
  /** Where alert emails are sent through: smtp://user:password@host:587 or smtps://…:465. A secret: never in a pipeline file. */
  SARING_SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  /** How often a job process records that it is alive (PostgreSQL mode). (Default: 15000 ms) */
  SARING_HEARTBEAT_MS: z.coerce.number().int().positive().default(15_000),
  /** A job process silent this long is declared dead and its jobs released. (Default: 60000 ms) */
  SARING_DEAD_AFTER_MS: z.coerce.number().int().positive().default(60_000),
  /**
   * Comma-separated addresses of the reverse proxies in front of the desk (e.g. 127.0.0.1 for a local
   * nginx): only from these is X-Forwarded-For believed when counting failed sign-ins by address.
   * (Default: none: the connecting address is the client's)
   */
  SARING_TRUSTED_PROXIES: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.union([z.ipv4(), z.ipv6()], { error: (i) => `"${String(i.input)}" is not an IP address` })))
    .default([]),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `pretty` for people at a terminal, `json` for log collectors. (Default: pretty on a TTY) */
  LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
});

export interface AppConfig {
  databaseUrl: string | undefined;
  /** The schema owner's connection string (SARING_MIGRATE_URL), when the app's role owns nothing. */
  migrateUrl: string | undefined;
  dataDir: string;
  pipeline: string;
  pipelinesDir: string | undefined;
  port: number;
  modelsDir: string | undefined;
  allowModelDownload: boolean;
  /** The browser that prints reports to PDF, when named (see report/chromium.ts for the search otherwise) */
  chromiumPath: string | undefined;
  smtpUrl: string | undefined;
  heartbeatMs: number;
  deadAfterMs: number;
  /** Reverse proxies whose X-Forwarded-For is believed (SARING_TRUSTED_PROXIES). */
  trustedProxies: readonly string[];
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  logFormat: 'pretty' | 'json';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Empty strings in the environment mean "unset", as they do for most tools.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error);
    throw new ConfigError(`environment: ${issues}`);
  }
  const e = parsed.data;
  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    migrateUrl: e.SARING_MIGRATE_URL,
    dataDir: path.resolve(e.SARING_DATA_DIR),
    pipeline: e.SARING_PIPELINE,
    pipelinesDir: e.SARING_PIPELINES_DIR,
    port: e.PORT,
    modelsDir: e.SARING_MODELS_DIR ? path.resolve(e.SARING_MODELS_DIR) : undefined,
    allowModelDownload: e.SARING_ALLOW_MODEL_DOWNLOAD === '1' || e.SARING_ALLOW_MODEL_DOWNLOAD === 'true',
    chromiumPath: e.CHROMIUM_PATH,
    smtpUrl: e.SARING_SMTP_URL,
    heartbeatMs: e.SARING_HEARTBEAT_MS,
    deadAfterMs: e.SARING_DEAD_AFTER_MS,
    trustedProxies: e.SARING_TRUSTED_PROXIES,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (process.stderr.isTTY ? 'pretty' : 'json'),
  });
}
