/**
 * Who is speaking: the trust class of an item's source, set per source in the pipeline (with a
 * default by kind) and refined by the official-accounts registry for the author. Defined once, here.
 */
export const SOURCE_TRUSTS = ['official', 'media', 'factcheck', 'social', 'tip'] as const;
export type SourceTrust = (typeof SOURCE_TRUSTS)[number];

export const SOURCE_TRUST_LABEL: Record<SourceTrust, string> = {
  official: 'akun/situs resmi kepolisian',
  media: 'media arus utama',
  factcheck: 'pemeriksa fakta',
  social: 'unggahan publik',
  tip: 'laporan masyarakat',
};
