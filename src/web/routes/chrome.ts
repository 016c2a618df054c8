import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { takeFlash } from '../respond.ts';
import type { PageChrome } from '../views/layout.ts';

/** The page shell's inputs for a request: the deployment's name, the session and any one-time message. */
export function chrome(c: Context<AppEnv>, title: string): PageChrome {
  return { title, unit: c.var.rt.pipeline.title, session: c.var.session, flash: takeFlash(c) };
}
