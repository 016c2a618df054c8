import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/connect.ts';
import { migrate } from '../../src/db/migrate.ts';
import { adminUrl, TEMPLATE_DB, testDbKind, withDb } from './db-target.ts';

/**
 * Migrates once per test run: a PostgreSQL template database that each test file clones, or a
 * PGlite data-dir dump that each file loads (creating and migrating PGlite per file costs seconds).
 */
export default async function setup(project: TestProject) {
  if (testDbKind() === 'postgres') {
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    try {
      await admin.query(`drop database if exists ${TEMPLATE_DB}`);
      await admin.query(`create database ${TEMPLATE_DB}`);
    } finally {
      await admin.end();
    }
    const sdb = await openDatabase({ kind: 'postgres', url: withDb(adminUrl(), TEMPLATE_DB) });
    await migrate(sdb);
    await sdb.close();
    project.provide('pgliteDump', '');
    return;
  }
  const sdb = await openDatabase({ kind: 'pglite' });
  await migrate(sdb);
  const dump = await sdb.dumpDataDir!();
  await sdb.close();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'saring-test-')), 'migrated.tar');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteDump', file);
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteDump: string;
  }
}
