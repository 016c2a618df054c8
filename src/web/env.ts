import type { Runtime } from '../runtime.ts';
import type { SessionInfo } from '../review/auth.service.ts';
import type { Actor } from '../review/roles.ts';
import type { NavCounts } from './nav-counts.ts';
import type { Enqueue } from '../jobs/tasks.ts';

/** What the web app needs of an opened deployment. */
export type WebRuntime = Pick<Runtime, 'sdb' | 'pipeline' | 'classifier' | 'ingest'> & {
  /** The job runner's queue, when the desk runs beside one (`saring start`): a promotion queues the reclassification. */
  enqueue?: Enqueue;
};

/** Hono's typed context: the signed-in session (null when anonymous), the runtime and the client's address. */
export interface AppEnv {
  Variables: {
    session: SessionInfo | null;
    rt: WebRuntime;
    /** The address login throttling counts by: the peer, or the client a trusted proxy names. */
    clientIp: string;
    /** What waits for the signed-in person (nav-counts.ts); set on pages browsers read, else unset. */
    nav?: NavCounts;
  };
}

/** The context of a route behind `signedIn` (guards.ts): the session is there, and its actor. */
export interface DeskEnv {
  Variables: AppEnv['Variables'] & { session: SessionInfo; actor: Actor };
}
