import { openDb } from '../runtime.ts';
import { migrate } from '../db/migrate.ts';
import { listUsers } from '../db/users.repo.ts';
import type { SaringDb } from '../db/connect.ts';
import type { Role } from '../db/schema.ts';
import { ConfigError, DeskError } from '../errors.ts';
import { addUser } from '../review/auth.service.ts';
import { ROLES } from '../review/roles.ts';
import { table } from './sources.ts';
import type { CliContext } from './context.ts';

async function withDb<T>(ctx: CliContext, fn: (sdb: SaringDb) => Promise<T>): Promise<T> {
  const sdb = await openDb(ctx.config);
  try {
    await migrate(sdb);
    return await fn(sdb);
  } finally {
    await sdb.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/**
 * `saring user add`: the way the first admin gets in. The password comes from stdin
 * (`--password-stdin`) or from $SARING_PASSWORD, never from an argument that `ps` would show.
 */
export async function userAddCommand(ctx: CliContext, username: string, opts: { name?: string; role: string[]; passwordStdin?: boolean }): Promise<number> {
  const roles = opts.role.map((r) => r.trim().toLowerCase());
  const bad = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (!roles.length || bad.length)
    throw new ConfigError(`--role: ${bad.length ? `"${bad.join('", "')}" is not a role` : 'at least one is required'}; roles: ${ROLES.join(', ')}`);
  const password = opts.passwordStdin ? await readStdin() : process.env.SARING_PASSWORD;
  if (!password) throw new ConfigError('no password given: pipe it with --password-stdin or set SARING_PASSWORD');
  return withDb(ctx, async (sdb) => {
    try {
      const u = await addUser(sdb.db, null, { username, displayName: opts.name ?? username, roles: roles as Role[], password });
      ctx.out(`user ${u.username} (#${u.id}) created with role(s) ${u.roles.join(', ')}`);
      return 0;
    } catch (err) {
      // The desk's messages are Indonesian; on the terminal they are prefixed with the input they concern.
      if (err instanceof DeskError) throw new ConfigError(`user "${username}": ${err.message}`);
      throw err;
    }
  });
}

export async function userListCommand(ctx: CliContext, opts: { json?: boolean }): Promise<void> {
  await withDb(ctx, async (sdb) => {
    const users = await listUsers(sdb.db);
    if (opts.json) return ctx.out(JSON.stringify(users, null, 2));
    ctx.out(
      table([
        ['ID', 'USERNAME', 'NAME', 'ROLES', 'ACTIVE'],
        ...users.map((u) => [String(u.id), u.username, u.display_name, u.roles.join(','), u.active ? 'yes' : 'no']),
      ]),
    );
  });
}
