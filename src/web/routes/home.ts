import { modelVersion } from '../../classify/models.ts';
import { listCases } from '../../db/case-list.repo.ts';
import { listClarifications } from '../../db/clarifications.repo.ts';
import { casesNeedingClarification, clarificationsAwaitingDecision } from '../../db/desk-counts.repo.ts';
import { listNotifications } from '../../db/notifications.repo.ts';
import { chrome } from '../chrome.ts';
import { deskRoutes } from '../guards.ts';
import { wantsJson } from '../respond.ts';
import { homePage } from '../views/home.ts';
import { sendPage } from '../html-body.ts';

/** Rows each list of the home shows; the nav's counts say how many there are in all. */
const HOME_ROWS = 50;

/**
 * The home of pimpinan and humas (web/nav-counts.ts homePath): what waits for each of the person's
 * roles, and their unread notifications. Mounted at /beranda.
 */
export function homeRoutes() {
  return deskRoutes().get('/', async (c) => {
    const rt = c.var.rt;
    const db = rt.sdb.db;
    const actor = c.var.actor;
    const has = (r: (typeof actor.roles)[number]) => actor.roles.includes(r);
    const [approvals, toClarify, toPublish, myCases, unread] = await Promise.all([
      has('pimpinan') ? clarificationsAwaitingDecision(db, actor.id, HOME_ROWS) : null,
      has('humas') ? casesNeedingClarification(db, HOME_ROWS) : null,
      has('humas') ? listClarifications(db, { status: 'approved', limit: HOME_ROWS }) : null,
      has('analis')
        ? listCases(db, {
            modelVersion: modelVersion(rt.classifier().ctx),
            status: 'terbuka',
            assigneeId: actor.id,
            sort: 'prioritas',
            page: 1,
            pageSize: HOME_ROWS,
          }).list()
        : null,
      listNotifications(db, actor.id, { limit: 5, offset: 0, unreadOnly: true }),
    ]);
    if (wantsJson(c)) return c.json({ approvals, to_clarify: toClarify, to_publish: toPublish, my_cases: myCases, unread_notifications: unread });
    return sendPage(c, homePage(chrome(c, 'Beranda'), { approvals, toClarify, toPublish, myCases, unread, timezone: rt.pipeline.timezone }));
  });
}
