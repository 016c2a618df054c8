import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { deadline } from '../helpers/deadline.ts';
import { startLinkPages } from '../helpers/link-pages.ts';
import { PROJECT_DIR } from '../helpers/paths.ts';

// The real `saring` command in child processes, on PGlite (a data dir) or PostgreSQL (DATABASE_URL).
// The demo pipeline reads its own data (pipelines/demo-data), as in a fresh clone.
let tdb: TestDb;
let env: NodeJS.ProcessEnv;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  tdb = await createTestDb();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-cli-'));
  env = { ...process.env, SARING_DATA_DIR: dataDir, SARING_PIPELINE: 'demo', LOG_FORMAT: 'json', LOG_LEVEL: 'warn' };
  if (tdb.url) env.DATABASE_URL = tdb.url;
  else delete env.DATABASE_URL;
  // A PGlite data dir can only be opened by one process; the per-file test database is not used here.
  if (!tdb.url) await tdb.dispose();
});
// A test that failed half-way must not leave a process holding the embedded database for the next one.
afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
});
afterAll(async () => {
  if (tdb?.url) await tdb.dispose();
});

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `saring <args>` and resolves when the process has exited: however long a busy machine takes. */
function saringWith(extraEnv: NodeJS.ProcessEnv, args: string[], input?: string): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', ['bin/saring.mjs', ...args], { cwd: PROJECT_DIR, env: { ...env, ...extraEnv } });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      children.delete(child);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

const saring = (...args: string[]) => saringWith({}, args);

// Every test waits on real processes, each starting Node and opening the database: on a busy machine
// one takes several times as long as on an idle one. The timeout only guards against a hang.
describe('saring CLI', { timeout: 10 * 60_000 }, () => {
  it('runs every source of the demo pipeline once and prints a summary per source', async () => {
    const r = await saring('run', '--all', '--once');
    expect(r.stderr).not.toMatch(/"level":50/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^tempo-cekfakta: success — fetched \d+, new \d+, updated 0, duplicates \d+, errors 0/m);
    expect(r.stdout).toMatch(/^telegram-demo: success — fetched 1, new 1/m);
    expect(r.stdout).toMatch(/^turnbackhoax-2026: success — fetched 337, new \d+, updated 0, duplicates \d+, errors 0/m);
    expect(r.stdout).toMatch(/^tweets-demo: success — fetched 200, new \d+/m);
    expect(r.stdout).toMatch(/^public-posts: success — fetched 40, new \d+/m);
    expect(r.stdout).toMatch(/^total: 7 source\(s\)/m);
    const classified = /^classified: (\d+) item\(s\), flagged (\d+) \(model hoax-lr-/m.exec(r.stdout);
    expect(Number(classified?.[1])).toBeGreaterThan(600);
    expect(Number(classified?.[2])).toBeGreaterThan(0);
  });

  it('classifies a JSONL file without a database, reporting malformed lines and going on', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-cls-'));
    fs.writeFileSync(
      path.join(dir, 'in.jsonl'),
      [
        '{"id":"a","text":"Info dari grup sebelah: Kapolres Beltim minta warga Manggar waspada penculikan anak. Sebarkan!!!"}',
        '{"id":"b"',
        '{"id":"c","title":"Jadwal","text":"Jadwal pelayanan SIM keliling di Manggar"}',
      ].join('\n'),
    );
    const r = await saring('classify', '--in', path.join(dir, 'in.jsonl'), '--out', path.join(dir, 'out.jsonl'), '-p', 'beltim');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('classify: 2 classified, 1 malformed line(s)');
    const out = fs
      .readFileSync(path.join(dir, 'out.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out.map((o) => o.id ?? o.line)).toEqual(['a', 2, 'c']);
    expect(out[0]).toMatchObject({
      hoax: expect.any(Boolean),
      police_mentions: [{ text: 'Kapolres Beltim', unit: 'Polres Belitung Timur' }],
      claim_matches: [],
    });
    expect(out[1]!.error).toMatch(/in\.jsonl: line 2: /);
    expect(out[2]).toMatchObject({ topics: ['lalu lintas'] });
  });

  it('runs the same code from the compiled copy (dist/) as from the sources through tsx', async () => {
    // bin/saring.mjs runs dist/ unless told otherwise; SARING_COMPILED=0 runs src/ through tsx as
    // before dist/ existed. Both must classify alike, down to every field and reason.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saring-cls-'));
    const input = path.join(dir, 'in.jsonl');
    fs.writeFileSync(
      input,
      [
        '{"id":"a","text":"Info dari grup sebelah: Kapolres Beltim minta warga Manggar waspada penculikan anak. Sebarkan!!!"}',
        '{"id":"b"',
        '{"id":"c","title":"Jadwal","text":"Jadwal pelayanan SIM keliling di Manggar","source_trust":"official"}',
        '{"id":4,"text":"Akun WA mengatasnamakan Kapolsek Manggar minta transfer dana, hati-hati penipuan","author":"6281234"}',
      ].join('\n'),
    );
    const compiled = await saringWith({ SARING_COMPILED: '1' }, ['classify', '--in', input, '-p', 'beltim']);
    const tsx = await saringWith({ SARING_COMPILED: '0' }, ['classify', '--in', input, '-p', 'beltim']);
    expect(compiled.stderr).toBe('classify: 3 classified, 1 malformed line(s)\n');
    expect(tsx.stderr).toBe(compiled.stderr);
    expect(compiled.stdout.trim().split('\n')).toHaveLength(4);
    expect(tsx.stdout).toBe(compiled.stdout);
    expect([compiled.code, tsx.code]).toEqual([1, 1]);
  });

  it('searches what was stored, and counts', async () => {
    const all = await saring('items', 'search', '--count');
    expect(Number(all.stdout.trim())).toBeGreaterThan(600);
    const some = await saring('items', 'search', 'polisi', '--count');
    expect(Number(some.stdout.trim())).toBeGreaterThan(0);
    expect(Number(some.stdout.trim())).toBeLessThan(Number(all.stdout.trim()));
    const list = await saring('items', 'search', 'gunung lawu', '--limit', '3');
    expect(list.stdout).toContain('https://turnbackhoax.id/articles/35352-salah-gunung-lawu-bakal-erupsi-besar');
  });

  it('adds a tip and links a repeated one as a duplicate', async () => {
    const text = 'Pesan berantai: ada penculikan anak di Manggar pakai mobil putih, warga diminta waspada dan sebarkan ke grup lain';
    expect((await saring('tip', 'add', '--text', text, '--reporter', 'Bhabinkamtibmas Desa Baru')).stdout).toMatch(/^tips: success — fetched 1, new 1/m);
    expect((await saring('tip', 'add', '--text', text, '--channel', 'WhatsApp')).stdout).toMatch(/^tips: success — fetched 1, new 0, updated 0, duplicates 1/m);
  });

  it('tip add --fetch refuses links into the private network and exits non-zero, storing nothing', async () => {
    const links = await startLinkPages();
    try {
      const port = new URL(links.url).port;
      const count = async () => Number((await saring('items', 'search', '--count', '--source', 'tips')).stdout.trim());
      const before = await count();
      // The demo's sources may reach its replay server's origin on 127.0.0.1, but a tip never gets that
      // allowance, and another port of 127.0.0.1 (this server: "another local service") is refused for
      // everyone. Beltim allows nothing. (Beltim in a database of its own: one database, one pipeline.)
      const beltim = { SARING_PIPELINE: 'beltim', DATABASE_URL: '', SARING_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'saring-cli-beltim-')) };
      const refused: Array<[string, NodeJS.ProcessEnv]> = [
        [`${links.url}/artikel`, {}],
        [`${links.url}/artikel`, beltim],
        ['http://10.20.30.40/', {}],
        [`http://[::1]:${port}/artikel`, {}],
        ['http://169.254.169.254/latest/meta-data/', {}],
        [`http://localhost:${port}/artikel`, {}],
        [`${links.url}/redirect?to=${encodeURIComponent(`http://[::1]:${port}/artikel`)}`, {}],
      ];
      for (const [url, extra] of refused) {
        const r = await saringWith(extra, ['tip', 'add', '--url', url, '--fetch']);
        expect(r.code, url).toBe(2);
        expect(r.stderr, url).toMatch(/saring: tip: the link could not be fetched: .*ditolak: .*(privat|loopback|link-local)/);
      }
      expect(await count()).toBe(before);
    } finally {
      await links.close();
    }
  });

  it('refuses bad input with a message naming it, and exits non-zero', async () => {
    const empty = await saring('tip', 'add');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('saring: tip: a tip needs a text, a URL or an image');
    const badUrl = await saring('tip', 'add', '--url', 'javascript:alert(1)');
    expect(badUrl.stderr).toContain('--url: must be an http(s) URL');
    const missing = await saring('import', '/tmp/tidak-ada.jsonl');
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('import: failure');
    expect(missing.stdout).toContain('/tmp/tidak-ada.jsonl: cannot read file (ENOENT)');
    const unknown = await saring('run', 'tidak-ada', '--once');
    expect(unknown.stderr).toContain('pipeline "demo" has no enabled source "tidak-ada"');
  });

  it('adds a tip that is only a screenshot, reads it before classifying, and refuses an SVG by name', async () => {
    const shot = path.join(PROJECT_DIR, 'test/fixtures/images/hoax-chat.png');
    const ok = await saring('tip', 'add', '--image', shot, '--reporter', 'Bu Ani');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^tips: success — fetched 1, new 1/m);
    expect(ok.stdout).toContain('images: 1 read');
    const svg = path.join(PROJECT_DIR, 'test/fixtures/images/drawing.svg');
    const bad = await saring('tip', 'add', '--text', 'lihat', '--image', svg);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`saring: tip: an image was refused: ${svg}: gambar SVG tidak diterima`);
  });

  it('imports a JSONL export, keeping good lines and reporting bad ones', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'saring-imp-')), 'ekspor.jsonl');
    fs.writeFileSync(
      file,
      ['{"id":"a1","text":"Beredar video polisi tilang warga di Gantung, benarkah?","likes":"15"}', 'bukan json', '{"id":"a2"}'].join('\n'),
    );
    const r = await saring('import', file);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^import: partial — fetched 1, new 1, updated 0, duplicates 0, errors 2/m);
    expect(r.stdout).toContain('line 2: not valid JSON');
    expect(r.stdout).toContain('line 3: needs a non-empty "text" or "title"');
  });

  it('lists sources with their last run', async () => {
    const r = await saring('sources', 'list');
    expect(r.stdout).toMatch(/^tempo-cekfakta\s+rss\s+yes\s+\* \* \* \* \*\s+success /m);
    expect(r.stdout).toMatch(/^tips\s+tip\s+yes\s+manual/m);
    const health = await saring('sources', 'health');
    expect(health.stdout).toMatch(/^SUMBER\s+STATUS\s+BERHASIL TERAKHIR\s+GALAT TERAKHIR\s+24 JAM\s+BIASANYA\/HARI\s+ALASAN$/m);
    expect(health.stdout).toMatch(/^tempo-cekfakta\s+baru \(riwayat belum cukup\)\s+\d+ (menit|jam) lalu\s+—\s+\d+\s+—\s+riwayat kurang dari 2 hari/m);
    expect(health.stdout).toMatch(/^tips\s+manual/m);
    const alerts = await saring('alerts', 'check');
    expect(alerts.stdout).toBe('pipeline "demo" has no alert rules (alerts.rules)\n');
  });

  it('creates accounts from stdin and refuses bad ones with a clear message', async () => {
    const add = (input: string, ...args: string[]) => saringWith({}, ['user', 'add', ...args], input);
    const ok = await add('sandi-yang-panjang-1\n', 'kapolres', '--role', 'pimpinan', '--role', 'admin', '--name', 'AKBP Kapolres', '--password-stdin');
    expect(ok.stdout).toMatch(/^user kapolres \(#\d+\) created with role\(s\) pimpinan, admin$/m);
    expect(ok.code).toBe(0);
    const dup = await add('sandi-yang-panjang-1\n', 'KAPOLRES', '--role', 'admin', '--password-stdin');
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain('saring: user "KAPOLRES": Nama pengguna "kapolres" sudah dipakai.');
    const role = await add('x\n', 'budi', '--role', 'kapolda', '--password-stdin');
    expect(role.stderr).toContain('--role: "kapolda" is not a role; roles: analis, humas, pimpinan, admin');
    const list = await saring('user', 'list');
    expect(list.stdout).toMatch(/^\d+\s+kapolres\s+AKBP Kapolres\s+pimpinan,admin\s+yes$/m);
  });

  it('starts the scheduler and web server, serves the desk behind sign-in, and stops cleanly on SIGTERM', async () => {
    // Port 0: the system picks a free port, so no other test or program can hold the one we chose.
    const child = spawn('node', ['bin/saring.mjs', 'start', '--port', '0', '--no-run-now'], { cwd: PROJECT_DIR, env: { ...env, LOG_LEVEL: 'info' } });
    children.add(child);
    let log = '';
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // A hang fails with the step it hung in and the server's log, not with a bare timeout.
    const within = <T>(step: string, ms: number, p: Promise<T>) => deadline(step, ms, p, () => log);
    try {
      const base = await within('waiting for "Saring is running"', 4 * 60_000, readyUrl(child, exited));
      const get = (p: string, init?: RequestInit) => within(`${init?.method ?? 'GET'} ${p}`, 60_000, fetch(`${base}${p}`, init));
      const health = (await (await get('/healthz')).json()) as { database: string };
      expect(health.database).toBe(tdb.url ? 'postgres' : 'pglite');
      const anonymous = await get('/queue', { redirect: 'manual' });
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.get('location')).toBe('/login?next=%2Fqueue');
      expect((await get('/api/flagged')).status).toBe(401);
      const login = await get('/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: base },
        body: JSON.stringify({ username: 'kapolres', password: 'sandi-yang-panjang-1' }),
      });
      const { token } = (await login.json()) as { token: string };
      const auth = { authorization: `Bearer ${token}` };
      const page = await (await get('/queue', { headers: auth })).text();
      expect(page).toContain('<h1>Antrean tinjauan');
      expect(page).toMatch(/<li>Kemungkinan hoaks \d+%/); // the run above flagged items, shown with their reasons
      const flagged = (await (await get('/api/flagged?limit=3', { headers: auth })).json()) as { items: unknown[] };
      expect(flagged.items).toHaveLength(3);
      const api = (await (await get('/api/items?q=lawu&limit=2', { headers: auth })).json()) as { total: number };
      expect(api.total).toBeGreaterThan(0);
      const bad = await get('/api/items?limit=9999', { headers: auth });
      expect(bad.status).toBe(400);
      const sources = await (await get('/sources', { headers: auth })).text();
      expect(sources).toContain('Tempo Cek Fakta (rekaman)');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await within('stopping after SIGTERM', 2 * 60_000, exited)).toBe(0);
    expect(log).toContain('"msg":"stopped"');
  });
});

/**
 * The address `saring start` serves on, from its "Saring is running" log line, written once the socket
 * is bound. Rejects with the log when the process exits first.
 */
function readyUrl(child: ChildProcess, exited: Promise<number | null>): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let log = '';
    child.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (!line.startsWith('{')) continue; // not a log entry (a Node warning)
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg?.startsWith('Saring is running') && entry.port) resolve(`http://127.0.0.1:${entry.port}`);
      }
    });
    void exited.then((code) => reject(new Error(`saring start exited (${code}) before it was ready:\n${log}`)));
  });
}
