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
  return pino({ level: opts.level }, pino.destination(2));
}

/** A logger that drops everything, for tests and library callers that pass none. */
export const silentLogger: Logger = pino({ level: 'silent' });
