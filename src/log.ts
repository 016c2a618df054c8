import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured logs (snake_case fields) on stderr; pretty-printed for terminals. */
export function createLogger(opts: { level: string; format: 'pretty' | 'json' }): Logger {
  if (opts.format === 'pretty') {
    return pino({
      level: opts.level,
      transport: {
        target: 'pino-pretty',
        options: { destination: 2, colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' },
      },
    });
  }
  // Synchronous writes: an asynchronous destination is flushed at exit with an fsync of stderr, which
  // cost a CLI command up to 180 ms when stderr was a file (cron, CI), and a line written before a
  // crash is a line kept.
  return pino({ level: opts.level }, pino.destination({ dest: 2, sync: true }));
}

/** A logger that drops everything, for tests and library callers that pass none. */
// With a stream of its own: pino's default (stdout, asynchronous) would fsync stdout at every exit.
export const silentLogger: Logger = pino({ level: 'silent' }, { write: () => {} });
