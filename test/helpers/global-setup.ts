import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildIfStale } from '../../bin/build.mjs';
import { openDatabase } from '../../src/db/connect.ts';
import { migrate } from '../../src/db/migrate.ts';
import { adminQuery, adminUrl, testDbKind, withDb } from './db-target.ts';

/**
 * Migrates once per test run: a PostgreSQL template database that each test file clones, or a
 * PGlite data-dir dump that each file loads (creating and migrating PGlite per file costs seconds).
 */
export default async function setup(project: TestProject) {
  // The tests run the real CLI (bin/saring.mjs), which runs the compiled copy of src/: compiled once
  // here, not by the first of several CLI processes the files start side by side.
  await buildIfStale();
  if (testDbKind() === 'postgres') {
    // A template of this run's own: a second suite on the same server (another checkout) never drops
    // the template this one clones from.
    const template = `saring_template_${randomBytes(4).toString('hex')}`;
    await adminQuery(`create database ${template}`);
    const sdb = await openDatabase({ kind: 'postgres', url: withDb(adminUrl(), template) });
    await migrate(sdb);
    await sdb.close();
    project.provide('pgliteDump', '');
    project.provide('templateDb', template);
    return () => adminQuery(`drop database if exists ${template} with (force)`);
  }
  const sdb = await openDatabase({ kind: 'pglite' });
  await migrate(sdb);
  const dump = await sdb.dumpDataDir!();
  await sdb.close();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'saring-test-')), 'migrated.tar');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteDump', file);
  project.provide('templateDb', '');
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteDump: string;
    /** The migrated PostgreSQL database each test file clones (PostgreSQL runs only). */
    templateDb: string;
  }
}
