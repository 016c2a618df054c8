import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Recorded real-world inputs; never copied into the project (see ../shared/README.md). */
export const SHARED_DIR = path.resolve(process.env.SARING_SHARED ?? path.join(PROJECT_DIR, '../shared'));
const FIXTURES = path.join(SHARED_DIR, 'fixtures');

/**
 * A path under the shared fixtures (the folder itself with no parts). A test that needs them fails
 * here, saying where they were looked for and how to point elsewhere, rather than on a missing file
 * or a 404 further on. (The demo does not need them: it has pipelines/demo-data.)
 */
export function fixture(...parts: string[]): string {
  if (!fs.existsSync(FIXTURES)) {
    throw new Error(
      `the shared test data is not at ${FIXTURES}: put the shared folder beside the checkout, or set SARING_SHARED to where it is (the folder holding fixtures/)`,
    );
  }
  return path.join(FIXTURES, ...parts);
}

/** The replay servers tests fetch from live on 127.0.0.1, which the HTTP client refuses unless allowed. */
export const LOCAL_HTTP = { allowHosts: ['127.0.0.1'] };
