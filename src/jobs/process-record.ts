import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Kysely } from 'kysely';
import { heartbeat, markStopped, registerProcess } from '../db/jobs.repo.ts';
import type { Database } from '../db/schema.ts';
import type { Logger } from '../log.ts';
import type { JobProcessRole } from '../vocabulary.ts';

/** A job process's id: host, pid and a random part (a pid is reused after a restart). */
export function newProcessId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/**
 * A one-shot command's row in job_processes (PostgreSQL mode), alive while the command runs: it
 * heartbeats like a worker, so if the command is killed its peers declare it dead and abandon the
 * fetch runs it left `running` (jobs/queue-runner.ts). Close it when the command ends.
 */
export class ProcessRecord {
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly db: Kysely<Database>,
    readonly id: string,
  ) {}

  static async open(db: Kysely<Database>, opts: { role: JobProcessRole; heartbeatMs: number; log: Logger }): Promise<ProcessRecord> {
    const record = new ProcessRecord(db, newProcessId());
    await registerProcess(db, { id: record.id, host: os.hostname(), pid: process.pid, role: opts.role });
    record.timer = setInterval(() => {
      heartbeat(db, record.id).catch((err: unknown) => opts.log.warn({ err }, 'heartbeat failed (database unreachable?)'));
    }, opts.heartbeatMs);
    record.timer.unref(); // never what keeps a finished command alive
    return record;
  }

  async close(reason = 'finished'): Promise<void> {
    clearInterval(this.timer);
    await markStopped(this.db, this.id, reason);
  }
}
