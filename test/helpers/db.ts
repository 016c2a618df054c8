import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { inject } from 'vitest';
import { openDatabase, type SaringDb } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/schema.ts';
import { adminQuery as admin, adminUrl, testDbKind, withDb } from './db-target.ts';

export interface TestDb extends SaringDb {
  /** Empties every table (ids restart), between tests of one file. */
  reset(): Promise<void>;
  /** A URL other processes can use (PostgreSQL only). */
  url: string | undefined;
  /** Drops the per-file database. */
  dispose(): Promise<void>;
}

/** One migrated database per test file: a clone of the template (PostgreSQL) or of the dump (PGlite). */
export async function createTestDb(): Promise<TestDb> {
  if (testDbKind() === 'postgres') {
    const name = `saring_t_${randomBytes(5).toString('hex')}`;
    await cloneTemplate(name);
    const url = withDb(adminUrl(), name);
    const sdb = await openDatabase({ kind: 'postgres', url, poolSize: 4 });
    return {
      ...sdb,
      url,
      reset: () => truncateAll(sdb),
      async dispose() {
        await sdb.close();
        await admin(`drop database if exists ${name} with (force)`);
      },
    };
  }
  const dump = inject('pgliteDump');
  const sdb = await openDatabase({ kind: 'pglite', loadDataDir: new Blob([fs.readFileSync(dump)]) });
  return { ...sdb, url: undefined, reset: () => truncateAll(sdb), dispose: () => sdb.close() };
}

/**
 * Runs a TRUNCATE that includes audit_log, which the database refuses (0013): the test session is a
 * superuser and switches triggers off for this one transaction. The app's role cannot (README
 * "Database roles").
 */
export function truncateWithAudit(db: Kysely<Database>, statement: RawBuilder<unknown>): Promise<void> {
  return db.transaction().execute(async (tx) => {
    await sql`set local session_replication_role = replica`.execute(tx);
    await statement.execute(tx);
  });
}

async function truncateAll(sdb: SaringDb): Promise<void> {
  await truncateWithAudit(
    sdb.db,
    sql`truncate desk_notifications, alert_deliveries, alert_events, alert_notifications, job_processes, schedule_ticks, reports, audit_log, clarification_publications, clarifications, case_notes, reviews, case_items, cases, login_attempts, sessions, users, item_embeddings, classifications, item_bands, item_images, images, items, fetch_runs, http_validators, sources restart identity cascade`,
  );
}

/**
 * A backend that just disconnected from the template may still be exiting, and PostgreSQL refuses to
 * copy a database anyone is connected to; such a refusal is retried for a few seconds.
 */
async function cloneTemplate(name: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await admin(`create database ${name} template ${inject('templateDb')}`);
    } catch (err) {
      if (attempt >= 50 || !/being accessed by other users/.test((err as Error).message)) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
