import type { Runtime } from '../runtime.ts';
import type { SessionInfo } from '../review/auth.service.ts';

/** What the web app needs of an opened deployment. */
export type WebRuntime = Pick<Runtime, 'sdb' | 'pipeline' | 'classifier' | 'ingest'>;

/** Hono's typed context: the signed-in session (null when anonymous) and the runtime. */
export interface AppEnv {
  Variables: {
    session: SessionInfo | null;
    rt: WebRuntime;
  };
}
