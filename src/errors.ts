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
