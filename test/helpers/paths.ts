import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Recorded real-world inputs; never copied into the project (see ../shared/README.md). */
export const SHARED_DIR = path.resolve(process.env.SARING_SHARED ?? path.join(PROJECT_DIR, '../shared'));
export const FIXTURES = path.join(SHARED_DIR, 'fixtures');
export const fixture = (...parts: string[]) => path.join(FIXTURES, ...parts);

/** The replay servers tests fetch from live on 127.0.0.1, which the HTTP client refuses unless allowed. */
export const LOCAL_HTTP = { allowHosts: ['127.0.0.1'] };
