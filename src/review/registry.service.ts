import type { Kysely } from 'kysely';
import { appendAudit, pickChanged } from '../db/audit.repo.ts';
import { activeEntryWith, getEntry, hasAnyEntry, insertEntries, updateEntryRow } from '../db/registry.repo.ts';
import type { Database, OfficialAccount } from '../db/schema.ts';
import { invalid, staleOrMissing } from './guard.ts';
import { checkEntry, type RegistryInput, type RegistryRow } from './registry-entry.ts';
import { requireRole, type Actor } from './roles.ts';

/**
 * The official-accounts registry, edited by admins. Every change is one transaction with its audit
 * entry (before and after), at the version the admin saw; a retired entry stays, inactive, so the
 * registry of any past day can be read back from the log.
 */
const FIELDS = ['kind', 'platform', 'value', 'unit', 'rank', 'position', 'note'] as const;

export async function addEntry(db: Kysely<Database>, actor: Actor, pipeline: string, input: RegistryInput): Promise<OfficialAccount> {
  requireRole(actor, 'registry.manage');
  const row = checkEntry(input);
  return db.transaction().execute(async (tx) => {
    await refuseDuplicate(tx, pipeline, row);
    const [created] = await insertEntries(tx, [{ pipeline, ...row, updated_by: actor.id }]);
    if (!created) throw new Error('insert returned no row');
    await appendAudit(tx, { userId: actor.id, action: 'registry.created', entity: 'official_account', entityId: created.id, after: { pipeline, ...row } });
    return created;
  });
}

export async function updateEntry(db: Kysely<Database>, actor: Actor, id: number, version: number, input: RegistryInput): Promise<OfficialAccount> {
  requireRole(actor, 'registry.manage');
  const row = checkEntry(input);
  return db.transaction().execute(async (tx) => {
    const before = await getEntry(tx, id);
    if (before && !before.active) throw invalid(`Entri registri #${id} sudah dicabut; tambahkan entri baru.`);
    if (before && (before.kind !== row.kind || before.value !== row.value)) await refuseDuplicate(tx, before.pipeline, row);
    const after = await updateEntryRow(tx, id, version, row, actor.id);
    if (!after) throw await staleOrMissing(tx, 'official_account', id, !!before);
    await appendAudit(tx, {
      userId: actor.id,
      action: 'registry.updated',
      entity: 'official_account',
      entityId: id,
      ...pickChanged(before!, after, [...FIELDS, 'version']),
    });
    return after;
  });
}

export async function retireEntry(db: Kysely<Database>, actor: Actor, id: number, version: number, reason?: string): Promise<OfficialAccount> {
  requireRole(actor, 'registry.manage');
  return db.transaction().execute(async (tx) => {
    const before = await getEntry(tx, id);
    const after = await updateEntryRow(tx, id, version, { active: false }, actor.id);
    if (!after) throw await staleOrMissing(tx, 'official_account', id, !!before);
    await appendAudit(tx, {
      userId: actor.id,
      action: 'registry.retired',
      entity: 'official_account',
      entityId: id,
      before: { active: true, version: before!.version },
      after: { active: false, version: after.version, comment: reason?.trim() || null },
    });
    return after;
  });
}

/**
 * The pipeline file's registry, written once: when the pipeline has no entries at all (retired ones
 * count), so an admin's edits are never overwritten by a restart.
 */
export async function seedRegistry(db: Kysely<Database>, pipeline: string, entries: readonly RegistryInput[]): Promise<number> {
  if (!entries.length) return 0;
  const rows = entries.map((e, k) => checkEntry(e, `pipelines/${pipeline}.ts registry[${k}]`));
  return db.transaction().execute(async (tx) => {
    if (await hasAnyEntry(tx, pipeline)) return 0;
    const unique = [...new Map(rows.map((r) => [`${r.kind}:${r.value}`, r])).values()];
    const created = await insertEntries(
      tx,
      unique.map((r) => ({ pipeline, ...r })),
    );
    for (const [k, c] of created.entries()) {
      await appendAudit(tx, {
        userId: null,
        action: 'registry.created',
        entity: 'official_account',
        entityId: c.id,
        after: { pipeline, ...unique[k]!, seeded_from: `pipelines/${pipeline}.ts` },
      });
    }
    return created.length;
  });
}

async function refuseDuplicate(db: Kysely<Database>, pipeline: string, row: RegistryRow): Promise<void> {
  const dup = await activeEntryWith(db, pipeline, row.kind, row.value);
  if (dup) throw invalid(`${row.value} sudah terdaftar (entri #${dup.id}, ${dup.unit}).`);
}
