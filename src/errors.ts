/**
 * Errors that cross a module boundary carry a stable `code` (for the Indonesian UI, for source-health
 * classes and for tests) and a message that names the input and what is wrong with it.
 */
export class SaringError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Invalid configuration, pipeline definition or CLI input. */
export class ConfigError extends SaringError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFIG_INVALID', message, options);
  }
}

/** A source's input could not be used (not a feed, no posts found, malformed row…). */
export class ParseError extends SaringError {
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(options?.code ?? 'PARSE_ERROR', message, options);
  }
}

/** Best-effort code and message of anything thrown, for recording in fetch_runs. */
export function describeError(err: unknown): { code: string; message: string } {
  if (err instanceof SaringError) return { code: err.code, message: err.message };
  if (err instanceof Error) return { code: 'INTERNAL', message: err.message };
  return { code: 'INTERNAL', message: String(err) };
}

/**
 * A zod error as one line naming each field: `config.url: Invalid URL; maxPages: Too big`.
 * `prefix` goes before every path (`config`, `--`); issues without a path show their message alone.
 */
export function describeIssues(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }, prefix = ''): string {
  return error.issues
    .map((i) => {
      const p = i.path.map(String).join('.');
      const flag = prefix.endsWith('-'); // "--" names CLI options, and only with a field after it
      const where = p ? (prefix ? `${prefix}${flag ? '' : '.'}${p}` : p) : flag ? '' : prefix;
      return where ? `${where}: ${i.message}` : i.message;
    })
    .join('; ');
}

/**
 * A refused action on the review desk. Its message is in Indonesian because it is shown as is to the
 * analyst, humas officer or leader who tried it; `status` is the HTTP status the web layer answers with.
 */
export class DeskError extends SaringError {
  readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 429;

  constructor(code: DeskErrorCode, message: string) {
    super(code, message);
    this.status = DESK_STATUS[code];
  }
}

const DESK_STATUS = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_STATE: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
} as const;
export type DeskErrorCode = keyof typeof DESK_STATUS;
