/**
 * The demo's "public posts": real hoax texts as they circulated, chosen by hand from the TurnBackHoax
 * corpora in shared/data/tbh-hoax-corpora so the demo queue shows what Saring is for. Each entry
 * names its row; `why` says what it shows. Most involve the police, because those are the posts a
 * Polres must answer: fake ticket fees, messages in the Kapolri's or a Polda's name, accounts
 * impersonating a Kapolres, police-branded scams, arrests that never happened. The rest are common
 * hoaxes of other kinds, so the queue is not all police.
 *
 * The corpora hold no police recruitment hoax; the recruitment entries are the nearest real ones
 * (Satpol PP, whose name contains "polisi", and a military recruitment via WhatsApp).
 */
export type PostFile = 'social' | 'claims1k' | 'narratives2024';

export interface DemoPost {
  file: PostFile;
  /** social: the `id` column; claims1k: the data row, counting from 1; narratives2024: the `ID` column */
  row: number;
  police: boolean;
  why: string;
}

export const DEMO_POSTS: readonly DemoPost[] = [
  // Tilang (ticket) fees and rules that do not exist
  { file: 'social', row: 208, police: true, why: 'fake ticket fee table "instruksi Kapolri"' },
  { file: 'narratives2024', row: 1404, police: true, why: 'the same fee table, circulating again on WhatsApp in 2024' },
  { file: 'narratives2024', row: 1298, police: true, why: 'fake Rp10 million bonus for police who prove a bribe' },
  { file: 'social', row: 1321, police: true, why: 'fake rule: vehicles seized on the spot' },
  { file: 'social', row: 1370, police: true, why: 'fake DPR and Korlantas decision: SIM and STNK for life' },
  { file: 'claims1k', row: 810, police: true, why: 'fake Ditlantas Polda message: mask raids with a Rp250,000 fine' },
  // Messages in the police's name
  { file: 'claims1k', row: 516, police: true, why: 'chain message "Pesan dari Kepolisian RI" about foreign phone numbers' },
  { file: 'claims1k', row: 655, police: true, why: 'chain message "Info dari POLRI & TNI AD" about a crime ruse' },
  { file: 'social', row: 594, police: true, why: 'chain message "PESAN DARI POLISI" about roaming robbers' },
  { file: 'narratives2024', row: 579, police: true, why: 'fake Polsek letter calling youths to a midnight raid' },
  // Scams and impersonation (mengatasnamakan polisi)
  { file: 'narratives2024', row: 3535, police: true, why: 'WhatsApp account posing as a Kapolres asking a company for money' },
  { file: 'narratives2024', row: 1816, police: true, why: 'WhatsApp account posing as a Kapolres selling a car' },
  { file: 'narratives2024', row: 2695, police: true, why: "letter in a Polresta's name" },
  { file: 'narratives2024', row: 3521, police: true, why: 'giveaway letter "from the Indonesian National Police" asking for a tax payment' },
  { file: 'social', row: 960, police: true, why: 'giveaway claiming the National Police as sponsor' },
  { file: 'social', row: 858, police: true, why: 'link promising free SIM from the National Police' },
  { file: 'narratives2024', row: 533, police: true, why: 'SMS "Korlantas" ticket confirmation (phishing link)' },
  { file: 'claims1k', row: 697, police: true, why: '"digital ticket" sent as an APK' },
  { file: 'claims1k', row: 585, police: true, why: 'fake WhatsApp complaint number of a Polda' },
  // Arrests and police news that never happened
  { file: 'social', row: 615, police: true, why: 'celebrity "arrested by the police"' },
  { file: 'social', row: 89, police: true, why: 'celebrity "detained by Bareskrim"' },
  { file: 'social', row: 1235, police: true, why: 'public figure "detained by the police"' },
  { file: 'social', row: 155, police: true, why: '"140 paid protesters arrested by the police"' },
  { file: 'social', row: 1770, police: true, why: 'fake replacement of the Kapolri' },
  { file: 'social', row: 1463, police: true, why: '"police find 30 tonnes of kidneys"' },
  { file: 'social', row: 967, police: true, why: 'video said to show officers robbing a motorist' },
  { file: 'narratives2024', row: 3319, police: false, why: 'child-kidnapping scare poster (the kind of panic a Polres answers)' },
  // Recruitment
  { file: 'social', row: 119, police: false, why: 'fake recruitment for Satpol PP, fire brigade and Dishub' },
  { file: 'claims1k', row: 427, police: false, why: 'fake military recruitment via WhatsApp' },
  { file: 'claims1k', row: 351, police: false, why: 'fake job opening at a Bangka health centre, near Belitung' },
  // Other common hoaxes
  { file: 'social', row: 799, police: false, why: 'megathrust earthquake scare (TikTok)' },
  { file: 'social', row: 42, police: false, why: 'minister "giving" Rp50 million (TikTok)' },
  { file: 'social', row: 132, police: false, why: 'government "limiting" WhatsApp calls (WhatsApp)' },
  { file: 'social', row: 1525, police: false, why: 'bank accounts "blocked by PPATK" (Facebook)' },
  { file: 'social', row: 1757, police: false, why: 'vice-president and online gambling (Instagram)' },
  { file: 'social', row: 1560, police: false, why: 'temple "found under a graveyard" (YouTube)' },
  { file: 'social', row: 482, police: false, why: 'counterfeit money from an ATM (TikTok)' },
  { file: 'social', row: 1330, police: false, why: 'cash aid "from the Sultan of Brunei" (WhatsApp)' },
  { file: 'social', row: 819, police: false, why: 'TikTok "closing" (TikTok)' },
  { file: 'social', row: 1448, police: false, why: 'fake "online fraud complaint" number (WhatsApp)' },
];
