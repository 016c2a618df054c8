import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

export interface AuditEntry {
  userId: number | null;
  action: string;
  entity: 'case' | 'clarification' | 'user' | 'source' | 'session' | 'official_account' | 'item' | 'model';
  entityId: number | string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** The audit entry's before/after for the fields a change set: `keys` picked from both rows. */
export function pickChanged<B extends object, A extends object>(
  before: B,
  after: A,
  keys: ReadonlyArray<keyof B & keyof A>,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  return {
    before: Object.fromEntries(keys.map((k) => [k, before[k]])),
    after: Object.fromEntries(keys.map((k) => [k, after[k]])),
  };
}

/** Appends one entry; call it inside the transaction that makes the change, so both land or neither. */
export async function appendAudit(db: Kysely<Database>, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      user_id: e.userId,
      action: e.action,
      entity: e.entity,
      entity_id: String(e.entityId),
      before: e.before ? JSON.stringify(e.before) : null,
      after: e.after ? JSON.stringify(e.after) : null,
    })
    .execute();
}

export interface AuditFilter {
  entity?: string | undefined;
  entityId?: string | undefined;
  userId?: number | undefined;
  limit?: number | undefined;
  beforeId?: number | undefined;
}

/** Newest first, with the actor's name; paged by id so a busy log pages stably. */
export function listAudit(db: Kysely<Database>, f: AuditFilter = {}) {
  let q = db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.id', 'a.at', 'a.user_id', 'u.username', 'u.display_name', 'a.action', 'a.entity', 'a.entity_id', 'a.before', 'a.after'])
    .orderBy('a.id', 'desc')
    .limit(f.limit ?? 100);
  if (f.entity) q = q.where('a.entity', '=', f.entity);
  if (f.entityId) q = q.where('a.entity_id', '=', f.entityId);
  if (f.userId) q = q.where('a.user_id', '=', f.userId);
  if (f.beforeId) q = q.where('a.id', '<', f.beforeId);
  return q.execute();
}

/** Who changed an entity last and when: what a conflict message tells the second editor. */
export function lastChange(db: Kysely<Database>, entity: string, entityId: number) {
  return db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.at', 'u.display_name', 'a.action'])
    .where('a.entity', '=', entity)
    .where('a.entity_id', '=', String(entityId))
    .orderBy('a.id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The case that absorbed `caseId` when it was merged away (its latest `case.merged_away` entry), if any. */
export async function mergedInto(db: Kysely<Database>, caseId: number): Promise<number | null> {
  const r = await db
    .selectFrom('audit_log')
    .select(sql<string | null>`after->>'merged_into'`.as('into'))
    .where('entity', '=', 'case')
    .where('entity_id', '=', String(caseId))
    .where('action', '=', 'case.merged_away')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.into ? Number(r.into) : null;
}

export interface AuditLink {
  seq: number;
  id: number;
  hash: string;
  /** The text the row's hash covers, written out here (not by the database's own function). */
  payload: string;
}

/**
 * The next `limit` rows of the hash chain after `afterSeq`. The payload expression is 0013's
 * `audit_log_payload`, repeated here so that verifying does not trust a function anyone with the
 * owner role could replace.
 */
export async function auditChainPage(db: Kysely<Database>, afterSeq: number, limit: number): Promise<AuditLink[]> {
  const { rows } = await sql<AuditLink>`
    select seq, id, hash,
           jsonb_build_array(seq, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), user_id, action, entity, entity_id, before, after)::text as payload
      from audit_log where seq > ${afterSeq} order by seq limit ${limit}`.execute(db);
  return rows;
}
