import { ACCOUNT_PLATFORMS, normaliseRegistryValue, PHONE_PLATFORMS, RegistryValueError } from '../classify/official-registry.ts';
import { canonicalRank } from '../classify/police-ranks.ts';
import { DeskError } from '../errors.ts';
import type { RegistryKind } from '../vocabulary.ts';

/**
 * One entry of the official-accounts registry as an admin or a pipeline file gives it, checked and
 * normalised. Pure: the desk's service and the pipeline loader both use it, so a pipeline's registry
 * is held to the same rules as the desk's form.
 */
export interface RegistryInput {
  kind: RegistryKind;
  platform?: string | null | undefined;
  value: string;
  unit: string;
  rank?: string | null | undefined;
  position?: string | null | undefined;
  note?: string | null | undefined;
}

/** A checked entry: what the `official_accounts` row stores. */
export interface RegistryRow {
  kind: RegistryKind;
  platform: string | null;
  value: string;
  unit: string;
  rank: string | null;
  position: string | null;
  note: string | null;
}

const invalid = (message: string) => new DeskError('INVALID_INPUT', message);

/** Checks and normalises an entry; the error names the field and what is wrong with it. */
export function checkEntry(e: RegistryInput, where = ''): RegistryRow {
  const at = where ? `${where}: ` : '';
  let value: string;
  try {
    value = normaliseRegistryValue(e.kind, e.value);
  } catch (err) {
    if (err instanceof RegistryValueError) throw invalid(`${at}${err.message}`);
    throw err;
  }
  const unit = e.unit.trim().replace(/\s+/g, ' ');
  if (unit.length < 2 || unit.length > 120) throw invalid(`${at}satuan harus diisi (mis. "Polres Belitung Timur", "Polsek Manggar").`);
  const platform = e.platform?.trim().toLowerCase() || null;
  const platforms: readonly string[] = e.kind === 'akun' ? ACCOUNT_PLATFORMS : e.kind === 'telepon' ? PHONE_PLATFORMS : [];
  if (platform && !platforms.includes(platform))
    throw invalid(`${at}platform "${platform}" tidak dikenal untuk ${e.kind}; pilih ${platforms.join(', ') || '(tidak ada)'}.`);
  if (e.kind === 'akun' && !platform) throw invalid(`${at}akun @${value}: pilih platformnya (${ACCOUNT_PLATFORMS.join(', ')}).`);
  let rank: string | null = null;
  if (e.rank?.trim()) {
    rank = canonicalRank(e.rank.trim());
    if (!rank) throw invalid(`${at}pangkat "${e.rank}" tidak dikenal (mis. AKBP, Kompol, AKP, Iptu, Ipda, Aiptu, Bripka).`);
  }
  if (e.kind !== 'pejabat' && (rank || e.position?.trim())) throw invalid(`${at}pangkat dan jabatan hanya untuk entri pejabat.`);
  return {
    kind: e.kind,
    platform: e.kind === 'telepon' ? (platform ?? 'telepon') : platform,
    value,
    unit,
    rank,
    position: e.position?.trim().replace(/\s+/g, ' ') || null,
    note: e.note?.trim() || null,
  };
}
