import path from 'node:path';

/** Where the shared data and fixtures lie (never copied into the project). */
export const SHARED = path.resolve(process.env.SARING_SHARED ?? path.join(import.meta.dirname, '../../../shared'));
