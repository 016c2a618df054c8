import type { Context } from 'hono';
import type { AppEnv } from './env.ts';
import { takeFlash } from './respond.ts';
import type { PageChrome } from './views/layout.ts';

/** The page shell's inputs for a request: the deployment's name, the session and any one-time message. */
export function chrome(c: Context<AppEnv> | Context, title: string): PageChrome {
  const v = (c as Context<AppEnv>).var;
  return { title, unit: v.rt.pipeline.title, session: v.session, flash: takeFlash(c), nav: v.nav };
}
