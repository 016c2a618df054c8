import type { MiddlewareHandler } from 'hono';
import { navCounts } from '../db/desk-counts.repo.ts';
import { cachedRead } from '../db/read-cache.ts';
import type { Role } from '../vocabulary.ts';
import type { AppEnv } from './env.ts';
import { wantsJson } from './respond.ts';

/** What waits for the signed-in person, by their roles: the nav's counts. A role's count is absent when they lack it. */
export interface NavCounts {
  unread: number;
  /** pimpinan: clarifications submitted for their decision */
  awaitingDecision?: number;
  /** humas: confirmed cases with no clarification gone up yet */
  needClarification?: number;
  /** humas: approved clarifications not yet published */
  readyToPublish?: number;
  /** analis: open cases assigned to them */
  myOpenCases?: number;
}

/**
 * Where each role's work is: pimpinan and humas on their home (drafts to approve; cases to clarify
 * and drafts to publish), analysts on the queue, an admin alone on the sources' health.
 */
export function homePath(roles: readonly Role[]): string {
  if (roles.includes('pimpinan') || roles.includes('humas')) return '/beranda';
  if (roles.includes('analis')) return '/queue';
  return '/sources';
}

/**
 * Counts what waits for the person on every page a browser reads (GET, HTML): one statement with a
 * count per role they hold (navCounts). JSON requests and form posts (which redirect) skip it.
 */
export function navCountsMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const s = c.var.session;
    if (s && c.req.method === 'GET' && !wantsJson(c)) {
      const roles = s.actor.roles;
      const which = {
        awaitingDecision: roles.includes('pimpinan'),
        needClarification: roles.includes('humas'),
        readyToPublish: roles.includes('humas'),
        myOpenCases: roles.includes('analis'),
      };
      const sdb = c.var.rt.sdb;
      c.set('nav', await cachedRead(sdb, `nav ${s.actor.id} ${JSON.stringify(which)}`, () => navCounts(sdb.db, s.actor.id, which)));
    }
    await next();
  };
}
