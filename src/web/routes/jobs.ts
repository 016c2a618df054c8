import { z } from 'zod';
import { failedJobs, jobCounts, retryJobs } from '../../db/jobs.repo.ts';
import { DeskError } from '../../errors.ts';
import { chrome } from '../chrome.ts';
import { deskRoutes } from '../guards.ts';
import { done, formList, idParam, wantsJson } from '../respond.ts';
import { body } from '../validate.ts';
import { jobsPage } from '../views/jobs.ts';
import { sendPage } from '../html-body.ts';

/** The job queue and its dead letters (scale-out mode), for admins. Mounted at /admin/jobs. */
export function jobsRoutes() {
  return deskRoutes('jobs.manage')
    .get('/', async (c) => {
      const { sdb, pipeline } = c.var.rt;
      // Only PostgreSQL mode has a queue; the embedded mode runs its jobs inside `saring start`.
      const queue = sdb.dialect === 'postgres' ? { counts: await jobCounts(sdb.db), failed: await failedJobs(sdb.db, 200) } : null;
      if (wantsJson(c)) return c.json(queue ?? { counts: [], failed: [], mode: 'in-process' });
      return sendPage(c, jobsPage(chrome(c, 'Antrean tugas'), { queue, timezone: pipeline.timezone }));
    })
    .post('/retry', body(z.object({ ids: formList(idParam).pipe(z.array(z.number()).min(1, 'pilih tugas yang akan diulang').max(500)) })), async (c) => {
      const { ids } = c.req.valid('form');
      const actor = c.var.actor;
      if (c.var.rt.sdb.dialect !== 'postgres') throw new DeskError('INVALID_INPUT', 'Mode basis data tertanam tidak memiliki antrean tugas.');
      const queued = await retryJobs(c.var.rt.sdb.db, ids);
      c.var.rt.ingest.log.info({ user: actor.username, job_ids: queued }, `failed jobs queued again by ${actor.username}`);
      const missing = ids.filter((id) => !queued.includes(id));
      return done(
        c,
        { queued, missing },
        '/admin/jobs',
        `${queued.length} tugas dijadwalkan ulang.${missing.length ? ` Tidak ditemukan: ${missing.join(', ')}.` : ''}`,
      );
    });
}
