import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

function binDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base)
    ? fs
        .readdirSync(base)
        .filter((v) => fs.existsSync(path.join(base, v, 'bin/initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions.length) throw new Error(`no PostgreSQL server binaries under ${base} (apt install postgresql)`);
  return path.join(base, versions[0]!, 'bin');
}

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/**
 * A PostgreSQL cluster of the test's own (initdb in a temporary folder), so a test can stop and
 * restart the server under running workers without touching the shared one other tests use.
 * PostgreSQL refuses to run as root; as root the binaries run as the `postgres` user.
 */
export async function startPrivatePostgres(): Promise<{ url: string; restart(downMs: number): Promise<void>; stop(): Promise<void> }> {
  const bin = binDir();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await run('chown', ['postgres', root]);
  const exec = (cmd: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]) : run(path.join(bin, cmd), args);
  const port = await freePort();
  const data = path.join(root, 'data');
  await exec('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const ctl = (...args: string[]) =>
    exec('pg_ctl', ['-D', data, '-l', path.join(root, 'log'), '-o', `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off`, ...args]);
  await ctl('start', '-w');
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async restart(downMs) {
      await ctl('stop', '-m', 'fast', '-w');
      await new Promise((r) => setTimeout(r, downMs));
      await ctl('start', '-w');
    },
    async stop() {
      await ctl('stop', '-m', 'immediate', '-w').catch(() => {});
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
