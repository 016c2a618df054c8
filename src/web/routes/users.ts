import { z } from 'zod';
import { listUsers } from '../../db/users.repo.ts';
import { addUser, updateUserByAdmin } from '../../review/auth.service.ts';
import { ROLES } from '../../review/roles.ts';
import { chrome } from '../chrome.ts';
import { deskRoutes } from '../guards.ts';
import { done, formList, idParam, wantsJson } from '../respond.ts';
import { body, params } from '../validate.ts';
import { usersPage } from '../views/users.ts';
import { sendPage } from '../html-body.ts';

const roles = formList(z.enum(ROLES));
const newUser = z.object({ username: z.string().max(40), display_name: z.string().max(100), roles, password: z.string().max(1024) });
const userPatch = z.object({
  version: z.coerce.number().int().positive(),
  roles: roles.optional(),
  // an unchecked box sends nothing: the form always carries roles, so a missing "active" means off
  active: z.preprocess((v) => v === '1' || v === 'on' || v === true, z.boolean()),
  password: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(1024).optional()),
  display_name: z.string().max(100).optional(),
});

/** Accounts and their roles, for admins. Mounted at /admin/users. */
export function usersRoutes() {
  return deskRoutes('user.manage')
    .get('/', async (c) => {
      const users = await listUsers(c.var.rt.sdb.db);
      if (wantsJson(c)) return c.json({ users });
      return sendPage(c, usersPage(chrome(c, 'Pengguna'), { users, timezone: c.var.rt.pipeline.timezone }));
    })
    .post('/', body(newUser), async (c) => {
      const p = c.req.valid('form');
      const u = await addUser(c.var.rt.sdb.db, c.var.actor, { username: p.username, displayName: p.display_name, roles: p.roles, password: p.password });
      return done(c, u, '/admin/users', `Pengguna ${u.username} dibuat.`);
    })
    .post('/:id', params(z.object({ id: idParam })), body(userPatch), async (c) => {
      const userId = c.req.valid('param').id;
      const p = c.req.valid('form');
      const u = await updateUserByAdmin(c.var.rt.sdb.db, c.var.actor, userId, p.version, {
        roles: p.roles,
        active: p.active,
        password: p.password,
        displayName: p.display_name,
      });
      return done(c, u, '/admin/users', `Pengguna ${u.username} disimpan.`);
    });
}
