/**
 * Polri's ranks (Perkap 3/2016; the list in shared/data/lexicons/police-vocab/pangkat_lengkap.csv),
 * highest first, as they are written in text, with the spellings people use for them.
 */
export const POLICE_RANKS: ReadonlyArray<{ rank: string; spellings: readonly string[] }> = [
  { rank: 'Jenderal Polisi', spellings: ['Jenderal Polisi', 'Jenderal Pol', 'Jenderal'] },
  { rank: 'Komjen', spellings: ['Komjen Pol', 'Komjen', 'Komisaris Jenderal'] },
  { rank: 'Irjen', spellings: ['Irjen Pol', 'Irjen', 'Inspektur Jenderal'] },
  { rank: 'Brigjen', spellings: ['Brigjen Pol', 'Brigjen', 'Brigadir Jenderal'] },
  { rank: 'Kombes', spellings: ['Kombes Pol', 'Kombespol', 'Kombes', 'Komisaris Besar'] },
  { rank: 'AKBP', spellings: ['AKBP', 'Ajun Komisaris Besar'] },
  { rank: 'Kompol', spellings: ['Kompol', 'Komisaris Polisi'] },
  { rank: 'AKP', spellings: ['AKP', 'Ajun Komisaris Polisi'] },
  { rank: 'Iptu', spellings: ['Iptu', 'Inspektur Satu'] },
  { rank: 'Ipda', spellings: ['Ipda', 'Inspektur Dua'] },
  { rank: 'Aiptu', spellings: ['Aiptu'] },
  { rank: 'Aipda', spellings: ['Aipda'] },
  { rank: 'Bripka', spellings: ['Bripka'] },
  { rank: 'Brigpol', spellings: ['Brigpol', 'Brigadir Polisi', 'Brigadir'] },
  { rank: 'Briptu', spellings: ['Briptu'] },
  { rank: 'Bripda', spellings: ['Bripda'] },
  { rank: 'Abrip', spellings: ['Abrip'] },
  { rank: 'Abriptu', spellings: ['Abriptu'] },
  { rank: 'Abripda', spellings: ['Abripda'] },
  { rank: 'Bharaka', spellings: ['Bharaka'] },
  { rank: 'Bharatu', spellings: ['Bharatu'] },
  { rank: 'Bharada', spellings: ['Bharada'] },
];

const BY_SPELLING = new Map(POLICE_RANKS.flatMap((r) => r.spellings.map((s) => [s.toLowerCase().replace(/\s+/g, ' '), r.rank] as const)));

/** The canonical rank of a spelling ("AKBP", "kombes pol" → "Kombes"), or null. */
export function canonicalRank(written: string): string | null {
  return BY_SPELLING.get(written.toLowerCase().replace(/\s+/g, ' ').replace(/\.$/, '')) ?? null;
}

/** Every spelling, longest first, for building patterns. */
export const RANK_SPELLINGS: readonly string[] = [...BY_SPELLING.keys()].sort((a, b) => b.length - a.length);
