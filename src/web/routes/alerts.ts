import { recentNotifications } from '../../db/alerts.repo.ts';
import { chrome } from '../chrome.ts';
import { deskRoutes } from '../guards.ts';
import { wantsJson } from '../respond.ts';
import { alertsPage } from '../views/alerts.ts';
import { sendPage } from '../html-body.ts';

/** The pipeline's alert rules and the notifications that went out. Mounted at /alerts. */
export function alertsRoutes() {
  return deskRoutes().get('/', async (c) => {
    const { sdb, pipeline } = c.var.rt;
    const notifications = await recentNotifications(sdb.db, pipeline.name);
    if (wantsJson(c)) return c.json({ rules: pipeline.alerts.rules, notifications });
    return sendPage(
      c,
      alertsPage(chrome(c, 'Peringatan'), { rules: pipeline.alerts.rules, channels: pipeline.alerts.channels, notifications, timezone: pipeline.timezone }),
    );
  });
}
