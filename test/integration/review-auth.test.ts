import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getSource } from '../../src/db/sources.repo.ts';
import { syncSources } from '../../src/db/sources.repo.ts';
import {
  addUser,
  ensureFirstAdmin,
  login,
  logout,
  MAX_FAILURES_PER_NAME,
  nameDelayMs,
  resumeSession,
  updateUserByAdmin,
} from '../../src/review/auth.service.ts';
import { setSourcePaused } from '../../src/review/sources.service.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { expectDeskError, PASSWORD, seedTeam, type Team } from '../helpers/desk.ts';

let tdb: TestDb;
let team: Team;

beforeAll(async () => {
  tdb = await createTestDb();
});
afterAll(() => tdb?.dispose());
beforeEach(async () => {
  await tdb.reset();
  team = await seedTeam(tdb.db);
});

describe('accounts', () => {
  it('stores a scrypt hash, never the password, and validates names, roles and passwords', async () => {
    const row = await tdb.db.selectFrom('users').select('password_hash').where('username', '=', 'rina').executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row.password_hash).not.toContain(PASSWORD);
    await expectDeskError(
      addUser(tdb.db, null, { username: 'Rina', displayName: 'x', roles: ['analis'], password: PASSWORD }),
      'INVALID_INPUT',
      /sudah dipakai/,
    );
    await expectDeskError(addUser(tdb.db, null, { username: 'a b', displayName: 'x', roles: ['analis'], password: PASSWORD }), 'INVALID_INPUT', /tidak sah/);
    await expectDeskError(addUser(tdb.db, null, { username: 'budi', displayName: 'x', roles: ['analis'], password: 'pendek' }), 'INVALID_INPUT', /minimal 10/);
    await expectDeskError(addUser(tdb.db, null, { username: 'budi', displayName: 'x', roles: [], password: PASSWORD }), 'INVALID_INPUT', /Peran/);
    await expectDeskError(addUser(tdb.db, team.analis, { username: 'budi', displayName: 'x', roles: ['analis'], password: PASSWORD }), 'FORBIDDEN', /Admin/);
    const budi = await addUser(tdb.db, team.admin, { username: 'budi', displayName: 'Budi', roles: ['humas', 'pimpinan'], password: PASSWORD });
    expect(budi.roles).toEqual(['humas', 'pimpinan']);
  });

  it('keeps at least one active admin and ends the sessions of a deactivated account', async () => {
    const admin = await tdb.db.selectFrom('users').select(['id', 'version']).where('username', '=', 'admin').executeTakeFirstOrThrow();
    await expectDeskError(updateUserByAdmin(tdb.db, team.admin, admin.id, admin.version, { active: false }), 'INVALID_STATE', /satu admin aktif/);
    await expectDeskError(updateUserByAdmin(tdb.db, team.admin, admin.id, admin.version, { roles: ['analis'] }), 'INVALID_STATE');
    const s = await login(tdb.db, { username: 'rina', password: PASSWORD, ip: '10.0.0.1' });
    expect((await resumeSession(tdb.db, s.token))!.actor.username).toBe('rina');
    const rina = await tdb.db.selectFrom('users').select(['id', 'version']).where('username', '=', 'rina').executeTakeFirstOrThrow();
    await updateUserByAdmin(tdb.db, team.admin, rina.id, rina.version, { active: false });
    expect(await resumeSession(tdb.db, s.token)).toBeNull();
    await expectDeskError(login(tdb.db, { username: 'rina', password: PASSWORD, ip: '10.0.0.1' }), 'UNAUTHENTICATED');
    await expectDeskError(updateUserByAdmin(tdb.db, team.admin, rina.id, rina.version, { active: true }), 'CONFLICT');
  });
});

describe('first start', () => {
  it('creates one admin with a random password only when there are no accounts', async () => {
    expect(await ensureFirstAdmin(tdb.db)).toBeNull(); // the team exists
    await tdb.reset();
    const first = (await ensureFirstAdmin(tdb.db))!;
    expect(first.password.length).toBeGreaterThanOrEqual(16);
    expect((await login(tdb.db, { username: 'admin', password: first.password, ip: '127.0.0.1' })).actor.roles).toEqual(['admin', 'analis']);
    expect(await ensureFirstAdmin(tdb.db)).toBeNull();
  });
});

describe('login', () => {
  it('opens a session whose token is stored only as a hash, and closes it on logout', async () => {
    const s = await login(tdb.db, { username: ' RINA ', password: PASSWORD, ip: '10.0.0.1', userAgent: 'uji' });
    expect(s.actor).toMatchObject({ username: 'rina', roles: ['analis'] });
    const rows = await tdb.db.selectFrom('sessions').selectAll().execute();
    expect(rows.length).toBe(1);
    expect(rows[0]!.token_hash).not.toBe(s.token);
    expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const resumed = (await resumeSession(tdb.db, s.token))!;
    expect(resumed.csrfToken.length).toBeGreaterThan(20);
    expect(await resumeSession(tdb.db, `${s.token}x`)).toBeNull();
    await logout(tdb.db, resumed.tokenHash);
    expect(await resumeSession(tdb.db, s.token)).toBeNull();
  });

  it('refuses wrong passwords and unknown names alike, then throttles the name', async () => {
    await expectDeskError(
      login(tdb.db, { username: 'rina', password: 'salah-sekali-123', ip: '10.0.0.2' }),
      'UNAUTHENTICATED',
      /Nama pengguna atau kata sandi salah/,
    );
    await expectDeskError(
      login(tdb.db, { username: 'tidakada', password: PASSWORD, ip: '10.0.0.2' }),
      'UNAUTHENTICATED',
      /Nama pengguna atau kata sandi salah/,
    );
    for (let i = 1; i < MAX_FAILURES_PER_NAME; i++)
      await expectDeskError(login(tdb.db, { username: 'rina', password: `salah-${i}-xxxxxx`, ip: `10.0.1.${i}` }), 'UNAUTHENTICATED');
    // now a new address must wait before the right password is even checked (issue 15: a delay, not a lock) …
    await expectDeskError(login(tdb.db, { username: 'rina', password: PASSWORD, ip: '10.9.9.9' }), 'RATE_LIMITED', /Terlalu banyak percobaan/);
    // … the wait grows with every further failure, up to a ceiling
    expect([4, 5, 6, 7, 8, 9, 12].map(nameDelayMs)).toEqual([0, 60_000, 120_000, 240_000, 480_000, 480_000, 480_000]);
    expect((await login(tdb.db, { username: 'dodi', password: PASSWORD, ip: '10.0.0.2' })).actor.username).toBe('dodi');
    const attempts = await tdb.db.selectFrom('login_attempts').select(['username', 'succeeded']).execute();
    expect(attempts.filter((a) => a.username === 'rina' && !a.succeeded).length).toBe(MAX_FAILURES_PER_NAME);
  });

  it('locks the guessing address, not the name: the owner at her usual address gets in', async () => {
    await login(tdb.db, { username: 'rina', password: PASSWORD, ip: '10.0.0.1' });
    for (let i = 0; i < MAX_FAILURES_PER_NAME; i++)
      await expectDeskError(login(tdb.db, { username: 'rina', password: `salah-${i}-xxxxxx`, ip: '10.6.6.6' }), 'UNAUTHENTICATED');
    await expectDeskError(login(tdb.db, { username: 'rina', password: PASSWORD, ip: '10.6.6.6' }), 'RATE_LIMITED', /Coba lagi dalam 15 menit/);
    expect((await login(tdb.db, { username: 'rina', password: PASSWORD, ip: '10.0.0.1' })).actor.username).toBe('rina');
  });

  it('throttles one address guessing at many names', async () => {
    await sql`insert into login_attempts (username, ip, succeeded, at) select 'u' || g, '10.6.6.6', false, now() from generate_series(1, 30) g`.execute(tdb.db);
    await expectDeskError(login(tdb.db, { username: 'dodi', password: PASSWORD, ip: '10.6.6.6' }), 'RATE_LIMITED');
    expect((await login(tdb.db, { username: 'dodi', password: PASSWORD, ip: '10.6.6.7' })).actor.username).toBe('dodi');
  });
});

describe('sources on the admin page', () => {
  it('pauses and resumes a source, admins only, and the pipeline sync leaves the pause alone', async () => {
    const decl = [{ id: 'antara', kind: 'rss' as const, name: 'ANTARA', schedule: '*/15 * * * *', enabled: true, config: { url: 'https://example.org/rss' } }];
    await syncSources(tdb.db, 'uji', decl);
    await expectDeskError(setSourcePaused(tdb.db, team.analis, 'antara', true), 'FORBIDDEN');
    await expectDeskError(setSourcePaused(tdb.db, team.admin, 'tidak-ada', true), 'NOT_FOUND');
    await setSourcePaused(tdb.db, team.admin, 'antara', true);
    await syncSources(tdb.db, 'uji', decl);
    expect((await getSource(tdb.db, 'antara'))!.paused_at).toBeInstanceOf(Date);
    await setSourcePaused(tdb.db, team.admin, 'antara', false);
    expect((await getSource(tdb.db, 'antara'))!.paused_at).toBeNull();
    const audit = await tdb.db.selectFrom('audit_log').select('action').where('entity', '=', 'source').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['source.paused', 'source.resumed']);
  });
});
