import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { loadModels } from '../../src/classify/models.ts';
import type { ClassifyDeps } from '../../src/classify/stage.ts';
import type { Database } from '../../src/db/schema.ts';
import type { HttpClient } from '../../src/fetch/http-client.ts';
import { ImageStore } from '../../src/images/store.ts';
import type { TaskDeps } from '../../src/jobs/tasks.ts';
import { silentLogger } from '../../src/log.ts';

/**
 * A job runner's dependencies on a test database: the real ingest, classify and image stages (the
 * classifier's context made once, on first use; images kept under a temp dir named by `name`), and no
 * report or alerts (never due in the runner tests).
 */
export function taskDeps(db: Kysely<Database>, http: HttpClient, name: string): Omit<TaskDeps, 'enqueue'> {
  let classifier: ClassifyDeps | undefined;
  return {
    ingest: { db, http, log: silentLogger },
    classifier: () => (classifier ??= { db, log: silentLogger, ctx: { ...loadModels(), lexicon: { units: [] }, places: [] } }),
    report: () => {
      throw new Error('no report in this test');
    },
    alerts: () => {
      throw new Error('no alerts in this test');
    },
    images: () => ({ db, http, log: silentLogger, store: new ImageStore(path.join(os.tmpdir(), `saring-${name}-images`)) }),
    timezone: 'Asia/Jakarta',
    log: silentLogger,
  };
}
