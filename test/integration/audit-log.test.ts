import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditVerifyCommand, verifyAuditChain } from '../../src/cli/audit.ts';
import { loadConfig } from '../../src/config.ts';
import { appendAudit } from '../../src/db/audit.repo.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { migrate } from '../../src/db/migrate.ts';
import { syncSources } from '../../src/db/sources.repo.ts';
import { silentLogger } from '../../src/log.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { adminQuery, adminUrl, testDbKind, withDb } from '../helpers/db-target.ts';

let tdb: TestDb;
beforeAll(async () => {
  tdb = await createTestDb();
});
afterAll(() => tdb?.dispose());
beforeEach(() => tdb.reset());

const entry = (n: number) => ({
  userId: null,
  action: 'case.verdict',
  entity: 'case' as const,
  entityId: n,
  before: { verdict: null },
  after: { verdict: 'hoaks', catatan: `keputusan ke-${n} — "kutipan" \\ garis miring` },
});
const rows = async () =>
  (
    await tdb.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;

/** A superuser's edit behind the app's back: what the hash chain must reveal. */
async function tamper(statement: string): Promise<void> {
  await tdb.db.transaction().execute(async (tx) => {
    await sql`set local session_replication_role = replica`.execute(tx);
    await sql.raw(statement).execute(tx);
  });
}

describe('audit_log', () => {
  it('refuses TRUNCATE, directly and by cascade, and keeps every row', async () => {
    for (let n = 1; n <= 3; n++) await appendAudit(tdb.db, entry(n));
    await expect(sql`truncate audit_log`.execute(tdb.db)).rejects.toThrow(/audit_log is append-only \(TRUNCATE refused\)/);
    await expect(sql`truncate users cascade`.execute(tdb.db)).rejects.toThrow(/append-only \(TRUNCATE refused\)/);
    expect(await rows()).toBe(3);
  });

  it('sets the time itself: a backdated insert gets now(), and a forged seq or hash is replaced', async () => {
    const [{ now }] = (await sql<{ now: Date }>`select now() as now`.execute(tdb.db)).rows as [{ now: Date }];
    await sql`insert into audit_log (at, action, entity, entity_id, seq, hash) values ('2020-01-01T00:00:00Z', 'user.delete', 'user', '7', 99, 'palsu')`.execute(
      tdb.db,
    );
    const row = await tdb.db.selectFrom('audit_log').select(['at', 'seq', 'hash']).executeTakeFirstOrThrow();
    expect(row.at.getTime()).toBeGreaterThanOrEqual(now.getTime() - 1_000);
    expect(row.seq).toBe(1);
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifyAuditChain(tdb.db)).toMatchObject({ ok: true, rows: 1 });
  });

  it('chains rows written at once by concurrent transactions', async () => {
    await Promise.all(Array.from({ length: 24 }, (_, n) => tdb.db.transaction().execute((tx) => appendAudit(tx, entry(n)))));
    const seqs = (await tdb.db.selectFrom('audit_log').select('seq').orderBy('seq').execute()).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: 24 }, (_, n) => n + 1));
    const r = await verifyAuditChain(tdb.db);
    expect(r).toMatchObject({ ok: true, rows: 24, head: { seq: 24 } });
  });

  it('finds a row changed or removed behind the app, naming it', async () => {
    for (let n = 1; n <= 5; n++) await appendAudit(tdb.db, entry(n));
    expect(await verifyAuditChain(tdb.db)).toMatchObject({ ok: true, rows: 5 });
    await tamper(`update audit_log set after = '{"verdict": "benar"}' where seq = 3`);
    expect(await verifyAuditChain(tdb.db)).toMatchObject({
      ok: false,
      seq: 3,
      rows: 2,
      problem: expect.stringMatching(/row seq 3 \(id \d+\) does not match its hash/),
    });
    await tamper(`delete from audit_log where seq in (3, 4)`);
    expect(await verifyAuditChain(tdb.db)).toMatchObject({ ok: false, seq: 3, problem: 'row seq 3–4 is missing (removed from the log)' });
  });

  it.runIf(testDbKind() === 'postgres')('saring audit verify: exit 0 with the head, exit 1 naming the tampered row', async () => {
    for (let n = 1; n <= 2; n++) await appendAudit(tdb.db, entry(n));
    const out: string[] = [];
    const ctx = { config: loadConfig({ DATABASE_URL: tdb.url! }), log: silentLogger, out: (l: string) => out.push(l) };
    expect(await auditVerifyCommand(ctx)).toBe(0);
    expect(out.pop()).toMatch(/^audit log: ok — 2 row\(s\) verified; head seq 2 hash [0-9a-f]{64}$/);
    await tamper(`update audit_log set user_id = null, action = 'case.open' where seq = 2`);
    expect(await auditVerifyCommand(ctx)).toBe(1);
    expect(out.pop()).toMatch(/^audit log: TAMPERED — row seq 2 \(id \d+\) does not match its hash/);
  });
});

// The app connects as a role that owns nothing; migrations run as the owner (SARING_MIGRATE_URL).
describe.runIf(testDbKind() === 'postgres')('audit_log under a role that owns nothing (PostgreSQL)', () => {
  const suffix = randomBytes(4).toString('hex');
  const role = `saring_app_${suffix}`;
  const dbName = `saring_roles_${suffix}`;
  const ownerUrl = withDb(adminUrl(), dbName);
  const appUrl = (() => {
    const u = new URL(ownerUrl);
    u.username = role;
    return u.toString();
  })();

  beforeAll(async () => {
    await adminQuery(`create role ${role} login`);
    await adminQuery(`create database ${dbName}`);
  });
  afterAll(async () => {
    await adminQuery(`drop database if exists ${dbName} with (force)`);
    await adminQuery(`drop role if exists ${role}`);
  });

  it('migrates as the owner, works as the app, and the app cannot disable, drop, truncate or rewrite the log', async () => {
    const app = await openDatabase({ kind: 'postgres', url: appUrl, ownerUrl, poolSize: 2 });
    try {
      const { applied } = await migrate(app);
      expect(applied).toContain('0013_audit_log_sealed.sql');
      // Everyday work as the app.
      await syncSources(app.db, 'uji', [{ id: 'tips', kind: 'tip', name: 'Laporan', schedule: null, config: {}, enabled: true }]);
      await appendAudit(app.db, entry(1));
      await appendAudit(app.db, entry(2));
      // What the app's own credentials could do before: each is refused now.
      const refused: Array<[string, RegExp]> = [
        ['alter table audit_log disable trigger audit_log_append_only', /must be owner of table audit_log/],
        ['alter table audit_log disable trigger all', /must be owner of table audit_log/],
        ['drop trigger audit_log_no_truncate on audit_log', /must be owner of (table|relation) audit_log/],
        ['create or replace function audit_log_seal() returns trigger language plpgsql as $$ begin return new; end $$', /permission denied for schema public/],
        [
          'create trigger audit_log_mute before insert on audit_log execute function suppress_redundant_updates_trigger()',
          /must be owner of (table|relation) audit_log|permission denied for table audit_log/,
        ],
        ['truncate audit_log', /permission denied for table audit_log/],
        ["update audit_log set action = 'x'", /permission denied for table audit_log/],
        ['delete from audit_log', /permission denied for table audit_log/],
        ['set session_replication_role = replica', /permission denied to set parameter "session_replication_role"/],
        ['alter table audit_log owner to current_user', /must be owner of table audit_log/],
        ['drop table audit_log', /must be owner of table audit_log/],
      ];
      for (const [statement, why] of refused) {
        await expect(
          app.withSession((s) => s.exec(statement)),
          statement,
        ).rejects.toThrow(why);
      }
      expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true, rows: 2 });
      // A second start migrates nothing and grants again; a worker given only the app's URL starts too.
      expect((await migrate(app)).applied).toEqual([]);
      const workerOnly = await openDatabase({ kind: 'postgres', url: appUrl, poolSize: 1 });
      try {
        expect((await migrate(workerOnly)).applied).toEqual([]);
      } finally {
        await workerOnly.close();
      }
    } finally {
      await app.close();
    }
  });

  it('refuses a split where the app role is the owner or a superuser', async () => {
    const asOwner = await openDatabase({ kind: 'postgres', url: ownerUrl, ownerUrl, poolSize: 1 });
    try {
      await expect(migrate(asOwner)).rejects.toThrow(/DATABASE_URL connects as "postgres", a superuser/);
    } finally {
      await asOwner.close();
    }
  });
});
