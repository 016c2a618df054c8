import type { Kysely } from 'kysely';
import { lastChange } from '../db/audit.repo.ts';
import type { Database } from '../db/schema.ts';
import { DeskError } from '../errors.ts';

const ENTITY_LABEL = { case: 'Kasus', clarification: 'Klarifikasi', user: 'Pengguna', official_account: 'Entri registri' } as const;
type Entity = keyof typeof ENTITY_LABEL;

const clock = new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Jakarta', dateStyle: 'medium', timeStyle: 'short' });

/**
 * The error for an optimistic update that matched no row: not found, or changed by someone else since
 * the form was opened, saying who and when so the second editor knows what to reload.
 */
export async function staleOrMissing(db: Kysely<Database>, entity: Entity, id: number, exists: boolean): Promise<DeskError> {
  const label = ENTITY_LABEL[entity];
  if (!exists) return new DeskError('NOT_FOUND', `${label} #${id} tidak ditemukan.`);
  const last = await lastChange(db, entity, id);
  const by = last ? ` oleh ${last.display_name ?? 'sistem'} pada ${clock.format(last.at)}` : '';
  return new DeskError('CONFLICT', `${label} #${id} sudah diubah${by} setelah halaman ini dibuka. Muat ulang halaman, periksa perubahannya, lalu ulangi.`);
}

export function notFound(entity: Entity | 'item', id: number): DeskError {
  const label = entity === 'item' ? 'Butir' : ENTITY_LABEL[entity];
  return new DeskError('NOT_FOUND', `${label} #${id} tidak ditemukan.`);
}

export function notFoundSource(id: string): DeskError {
  return new DeskError('NOT_FOUND', `Sumber "${id}" tidak ditemukan.`);
}

export function invalid(message: string): DeskError {
  return new DeskError('INVALID_INPUT', message);
}

/** Evidence and publication links: http(s) only, so a stored link can never run script when clicked. */
export function checkLink(url: string | null | undefined, field: string): string | null {
  const v = url?.trim();
  if (!v) return null;
  let parsed: URL;
  try {
    parsed = new URL(v);
  } catch {
    throw invalid(`${field}: "${v.slice(0, 80)}" bukan tautan yang sah.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw invalid(`${field}: hanya tautan http(s) yang diterima.`);
  return parsed.toString();
}
