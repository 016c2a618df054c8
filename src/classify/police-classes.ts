/**
 * The police-triage classes of an item that names the Indonesian police, with their Indonesian
 * labels: defined once, here. `kritik` is never a hoax (Polri's circular SE/2/II/2021): it goes to
 * complaint handling. `lain` names the police in passing and is about something else.
 */
export const POLICE_CLASSES = ['hoaks_polisi', 'mengatasnamakan', 'kritik', 'resmi_netral', 'lain'] as const;
export type PoliceClass = (typeof POLICE_CLASSES)[number];

export const POLICE_CLASS_LABEL: Record<PoliceClass, string> = {
  hoaks_polisi: 'hoaks tentang polisi',
  mengatasnamakan: 'mengatasnamakan polisi',
  kritik: 'kritik / keluhan',
  resmi_netral: 'informasi resmi / berita netral',
  lain: 'lainnya',
};
