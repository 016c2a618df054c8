import { z } from 'zod';
import { countNotifications, countUnreadNotifications, listNotifications, markNotificationsRead } from '../../db/notifications.repo.ts';
import { DeskError } from '../../errors.ts';
import { chrome } from '../chrome.ts';
import { deskRoutes } from '../guards.ts';
import { blankToUndefined, done, formList, idParam, wantsJson } from '../respond.ts';
import { body, params, query } from '../validate.ts';
import { notificationsPage } from '../views/notifications.ts';
import { sendPage } from '../html-body.ts';

const PAGE_SIZE = 30;

/** Where a notification leads: its clarification, else its case (a merged-away case redirects onwards). */
const target = (n: { case_id: number | null; clarification_id: number | null }) =>
  n.clarification_id ? `/clarifications/${n.clarification_id}` : n.case_id ? `/cases/${n.case_id}` : '/notifikasi';

/** The signed-in person's own notifications. Mounted at /notifikasi. */
export function notificationRoutes() {
  return deskRoutes()
    .get('/', query(z.object({ page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(10_000).default(1)) })), async (c) => {
      const db = c.var.rt.sdb.db;
      const me = c.var.actor.id;
      const { page } = c.req.valid('query');
      const [rows, total, unread] = await Promise.all([
        listNotifications(db, me, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
        countNotifications(db, me),
        countUnreadNotifications(db, me),
      ]);
      if (wantsJson(c)) return c.json({ total, unread, page, page_size: PAGE_SIZE, notifications: rows });
      return sendPage(c, notificationsPage(chrome(c, 'Notifikasi'), { rows, total, unread, page, pageSize: PAGE_SIZE, timezone: c.var.rt.pipeline.timezone }));
    })
    .post(
      '/baca',
      body(
        z.object({ ids: formList(z.coerce.number().int().positive()).optional(), all: z.preprocess((v) => v === '1' || v === true, z.boolean()).optional() }),
      ),
      async (c) => {
        const p = c.req.valid('form');
        if (!p.all && !p.ids?.length) throw new DeskError('INVALID_INPUT', 'Pilih notifikasi yang ditandai sudah dibaca, atau "tandai semua".');
        const marked = await markNotificationsRead(c.var.rt.sdb.db, c.var.actor.id, p.all ? 'all' : p.ids!);
        return done(c, { marked: marked.length }, '/notifikasi', `${marked.length} notifikasi ditandai sudah dibaca.`);
      },
    )
    .post('/:id/buka', params(z.object({ id: idParam })), body(z.object({})), async (c) => {
      const id = c.req.valid('param').id;
      const [n] = await markNotificationsRead(c.var.rt.sdb.db, c.var.actor.id, [id]);
      if (!n) throw new DeskError('NOT_FOUND', `Notifikasi #${id} tidak ditemukan.`);
      if (wantsJson(c)) return c.json({ id: n.id, location: target(n) });
      return c.redirect(target(n), 303);
    });
}
