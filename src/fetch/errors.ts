import { SaringError } from '../errors.ts';

/**
 * Classes of fetch failure. They are stored in fetch_runs.error_code and drive retries:
 * only `retryable` ones are tried again.
 */
export type FetchErrorCode =
  | 'BAD_URL'
  | 'DNS'
  | 'CONNECTION'
  | 'TIMEOUT'
  | 'HTTP_4XX'
  | 'HTTP_5XX'
  | 'TOO_LARGE'
  | 'TOO_MANY_REDIRECTS'
  | 'ROBOTS_DISALLOWED'
  /** The URL is, or resolves to, a private/loopback/link-local address the pipeline does not allow. */
  | 'BLOCKED_ADDRESS'
  | 'ABORTED';

export class FetchError extends SaringError {
  declare readonly code: FetchErrorCode;
  readonly url: string;
  readonly status: number | undefined;
  readonly retryable: boolean;
  /** Seconds the server asked us to wait (Retry-After), when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(code: FetchErrorCode, url: string, message: string, opts: { status?: number; retryable?: boolean; retryAfterMs?: number; cause?: unknown } = {}) {
    super(code, `${url}: ${message}`, { cause: opts.cause });
    this.url = url;
    this.status = opts.status;
    this.retryable = opts.retryable ?? false;
    this.retryAfterMs = opts.retryAfterMs;
  }
}
