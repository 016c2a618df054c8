import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { auditChainPage, type AuditLink } from '../db/audit.repo.ts';
import { migrate } from '../db/migrate.ts';
import type { Database } from '../db/schema.ts';
import { openDb } from '../runtime.ts';
import type { CliContext } from './context.ts';

export type ChainCheck =
  | { ok: true; rows: number; head: { seq: number; hash: string } | null }
  | { ok: false; rows: number; seq: number; id: number | null; problem: string };

/** Rows read per query: the chain is walked in pages, so a long log never sits in memory. */
const PAGE = 1_000;

/** The hash a row must carry: SHA-256 (hex) over the previous row's hash and this row's payload. */
export function linkHash(prevHash: string, payload: string): string {
  return createHash('sha256')
    .update(prevHash + payload, 'utf8')
    .digest('hex');
}

/**
 * Checks one page of links against the chain so far. A row changed in place breaks its own hash; a
 * row removed leaves a gap in seq; a row inserted with a forged seq or hash breaks the next link.
 */
export function checkLinks(
  prev: { seq: number; hash: string },
  links: AuditLink[],
): { ok: true; last: { seq: number; hash: string } } | { ok: false; seq: number; id: number | null; problem: string } {
  let at = prev;
  for (const l of links) {
    if (l.seq !== at.seq + 1) {
      return {
        ok: false,
        seq: at.seq + 1,
        id: null,
        problem: `row seq ${at.seq + 1}${l.seq > at.seq + 2 ? `–${l.seq - 1}` : ''} is missing (removed from the log)`,
      };
    }
    const expected = linkHash(at.hash, l.payload);
    if (expected !== l.hash)
      return {
        ok: false,
        seq: l.seq,
        id: l.id,
        problem: `row seq ${l.seq} (id ${l.id}) does not match its hash: it was changed after it was written, or the chain before it was`,
      };
    at = { seq: l.seq, hash: l.hash };
  }
  return { ok: true, last: at };
}

/** Walks the whole audit log's hash chain from its first row. */
export async function verifyAuditChain(db: Kysely<Database>): Promise<ChainCheck> {
  let at = { seq: 0, hash: '' };
  for (;;) {
    const links = await auditChainPage(db, at.seq, PAGE);
    const checked = checkLinks(at, links);
    if (!checked.ok) return { ...checked, rows: checked.seq - 1 };
    at = checked.last;
    if (links.length < PAGE) return { ok: true, rows: at.seq, head: at.seq ? at : null };
  }
}

/**
 * `saring audit verify`: exit 0 when every row of the audit log matches the chain, 1 naming the first
 * row that does not. The head it prints (seq and hash) is worth writing down elsewhere (the weekly
 * report, a ticket): a chain proves nothing was changed before its head, and only a head kept outside
 * the database shows that no rows were cut from its end.
 */
export async function auditVerifyCommand(ctx: CliContext): Promise<number> {
  const sdb = await openDb(ctx.config);
  try {
    await migrate(sdb);
    const r = await verifyAuditChain(sdb.db);
    if (!r.ok) {
      ctx.out(`audit log: TAMPERED — ${r.problem} (${r.rows} row(s) before it verified)`);
      return 1;
    }
    ctx.out(r.head ? `audit log: ok — ${r.rows} row(s) verified; head seq ${r.head.seq} hash ${r.head.hash}` : 'audit log: ok — empty');
    return 0;
  } finally {
    await sdb.close();
  }
}
