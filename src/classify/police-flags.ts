import type { PoliceFlags } from '../db/schema.ts';

/**
 * Police-aware triage: three separate flags on an item that names the Indonesian police, so that
 * criticism of the police is never mistaken for a hoax (Polri's circular SE/2/II/2021 asks that they
 * be kept apart). The flags are set by the learned triage model (police-triage.ts); the cue lists here
 * are among its features and give the reasons an analyst reads. Pure.
 *
 * - hoaks_tentang_polisi: a false or unverified claim in which the police act, speak or are the subject
 *   (invented arrests, fake circulars, fake ticket fees);
 * - mengatasnamakan_polisi: the message itself claims to come from the police or an officer (a fake
 *   Kapolres on WhatsApp, a fake hotline, a fake recruitment notice);
 * - kritik_keluhan: criticism of or a complaint about the police. Never a hoax by itself: without a
 *   factual claim about what the police did, its hoax flag is held down whatever the model says.
 */
export { POLICE_FLAG_LABEL, type PoliceFlagCode } from '../vocabulary.ts';
export type { PoliceFlag, PoliceFlags } from '../db/schema.ts';

interface Cue {
  re: RegExp;
  weight: number;
  reason: string;
}

const RANKS = String.raw`(?:jenderal|komjen|irjen|brigjen|kombes|akbp|kompol|akp|iptu|ipda|aiptu|aipda|bripka|brigpol|brigadir|briptu|bripda)(?: pol\.?)?`;
const POLICE = String.raw`(?:polisi|polri|kepolisian|kapolri|kapolres|kapolda|kapolsek|polda|polres|polresta|polsek|densus(?: 88)?|brimob|penyidik|bareskrim|polantas|satlantas|aparat)`;

const CRITICISM: Cue[] = [
  {
    re: /\b(oknum (polisi|aparat|anggota|polri|brutal)|arogan|brutal|represif|pungli|pungutan liar|setoran|suap|sogok|memeras|pemerasan|aniaya|menganiaya|penganiayaan|salah tangkap|kriminalisasi|dicopot|sewenang|semena|licik|tebang pilih|pencitraan|mabo?k|kebobolan|tanpa bukti|dilindas|harus netral)\b/,
    weight: 0.6,
    reason: 'menyebut dugaan pelanggaran atau kegagalan aparat',
  },
  {
    re: /\b((tidak|tak|gak|ga|nggak|belum) (ditindaklanjuti|ditanggapi|direspon|tuntas|ada kabar(nya)?|serius|diproses|dipecat)|kecewa|mengeluh|dibiarkan|hanya menangkap|(kog|kok) (masih|polisi(nya)?)|percaya (polisi|kepolisian)|padahal (deket|dekat)|percuma lapor|percumalaporpolisi|dipersulit|minta uang|uang (tambahan|damai|rokok|pelicin)|biar cepat|no viral no justice|acab|polisi pembunuh|polisipembunuh|(malah|cuma|hanya) (diem|diam|nonton)( aja| saja)?|dasar (polisi|aparat|wereng)|wereng coklat)\b/,
    weight: 0.55,
    reason: 'keluhan atas kinerja polisi',
  },
  {
    re: new RegExp(String.raw`\b(ganti|copot|bubarkan|bersihkan|reformasi) (${POLICE}|oknum)`),
    weight: 0.7,
    reason: 'tuntutan terhadap institusi atau pejabat polisi',
  },
  { re: /\b(propam|kompolnas|lbh|kontras|komnas ham|amnesty|ombudsman)\b/, weight: 0.5, reason: 'melibatkan pengawas atau pembela HAM' },
  {
    // The police as suspects ("Kapolres … jadi tersangka"), not as those who name suspects ("Polisi Tetapkan 44 Tersangka").
    re: new RegExp(
      String.raw`\b(${POLICE}|kasat \w+|perwira|anggota|oknum)\b[^.]{0,50}\b((jadi|menjadi|ditetapkan( sebagai)?) tersangka|terseret|pakai narkoba|diduga minta)|\b(eks|mantan) (kapolres|kapolsek|kapolda|kapolri)\b[^.]{0,40}\btersangka|\bpotret polisi\b|\bpolisi kita\b`,
    ),
    weight: 0.6,
    reason: 'aparat sebagai terduga pelanggar',
  },
];

const IMPERSONATION: Cue[] = [
  {
    re: new RegExp(
      String.raw`\b((dengan )?saya,? (bapak |ibu |pak |bu )?${RANKS} [a-z]|(dengan )?saya,? (bapak |ibu |pak |bu )?(${RANKS} )?([\w.]+ ){0,3}(kapolres|kapolsek|kapolda|kapolri|wakapolres|kasat ?\w+|kanit \w+|kasi ?humas|kabid ?humas|penyidik|anggota (polres|polsek|polda))|(kami|ini|saya) (dari|dr) (pihak )?([a-z]+ ){0,4}${POLICE}|kami pihak ${POLICE}|pesan dari ${POLICE}|(info|informasi|wa|pesan|pengumuman|himbauan|imbauan|instruksi|perintah) (resmi )?(dari|dr) (bpk |bapak |pak )?(mabes polri|divhumas|humas polri|kapolda|kapolri|kapolres|polda|polres)|pengumuman [^.]{0,40}${POLICE}|humas (polda|polres|polri)[^.]{0,40}(layanan|whatsapp|wa\b)|layanan pengaduan|dumas presisi|saya tegaskan[^.]{0,80}${POLICE})`,
    ),
    weight: 0.7,
    reason: 'pesan mengaku berasal dari polisi atau pejabatnya',
  },
  {
    re: /\b(iptu|ipda|aiptu|aipda|akp|akbp|kombes|brigpol|bripka|briptu|bripda|kapolres|kapolsek|kasat \w+)\b[^.]{0,60}(\+62|\b62|\b0)\s?8[\d\s-]{7,14}/,
    weight: 0.7,
    reason: 'nama atau pangkat pejabat disertai nomor kontak',
  },
  {
    re: /\b(hubungi|kirim bukti|transfer|biaya pendaftaran|whatsapp|wa)\b[^.]{0,30}(\+62|\b62|\b0)\s?8[\d\s-]{7,14}/,
    weight: 0.4,
    reason: 'ajakan menghubungi atau membayar ke nomor pribadi',
  },
  {
    // The classic call: a relative arrested, crashed or in hospital, and money needed now.
    re: /\b(ditangkap|diamankan|kami amankan|ditahan|terjaring|kena tilang|tersangkut kasus|kecelakaan)\b[^]{0,160}\b(transfer|kirim uang|ke rekening|no\.? rek|tebusan|uang jaminan|biaya (damai|penangguhan|pengurusan|operasi))\b/,
    weight: 0.6,
    reason: 'meminta uang untuk urusan perkara atau keadaan darurat atas nama polisi',
  },
  {
    re: /\b(bayar|dibayar|titip|transfer)\b[^.]{0,20}\blewat saya\b|\bjangan bilang siapa-siapa\b|\btidak perlu (ikut )?(sidang|ke pengadilan)\b/,
    weight: 0.5,
    reason: 'meminta pembayaran langsung kepada petugas',
  },
  {
    // Phishing in the police's name: a blocked account or a case the reader is "involved in", and a link or a reply to send.
    re: /\b(rekening|akun|nomor|data) (anda|bapak|ibu|saudara)\b[^.]{0,80}\b(diblokir|dibekukan|terdeteksi|terlibat)\b/,
    weight: 0.5,
    reason: 'ancaman pemblokiran atau keterlibatan perkara untuk memancing korban',
  },
  {
    // The e-ticket (ETLE) scam sends an Android package dressed as a ticket letter.
    re: /\.apk\b|\b(surat tilang|tilang elektronik|etle)\b[^.]{0,80}\b(unduh|download|klik|buka) /,
    weight: 0.6,
    reason: 'mengirim berkas atau tautan tilang untuk dibuka',
  },
  {
    re: /\b(ini )?nomor (wa |whatsapp )?baru (saya|bapak|beliau)\b/,
    weight: 0.5,
    reason: 'memperkenalkan nomor baru seorang pejabat',
  },
  {
    re: /\b(lelang|sitaan)\b[^]{0,160}(\+62|\b62|\b0)\s?8[\d\s-]{7,14}/,
    weight: 0.6,
    reason: 'menjual barang sitaan atau lelang atas nama polisi',
  },
  {
    re: /\b(dengan hormat|demikian (permohonan|pemberitahuan) kami|atas perhatiannya kami ucapkan)\b/,
    weight: 0.5,
    reason: 'bergaya surat resmi atas nama instansi',
  },
  {
    re: new RegExp(
      String.raw`\b(penerimaan|pendaftaran|kuota|seleksi)\b[^.]{0,40}\b(polri|bintara|akpol|kepolisian)|\b(sim|stnk|bpkb|pajak)\b[^.]{0,60}\b(gratis|online)\b`,
    ),
    weight: 0.55,
    reason: 'menawarkan penerimaan anggota atau layanan polisi',
  },
];

/** Words of a text that reports an impersonation (a warning, a denial), not one that commits it. */
const REPORTING =
  /\b(bukan milik|akun (palsu|tiruan)|nomor palsu|tidak pernah|tak pernah|membantah|bantah|waspada(i)? (penipuan|modus)|mengaku sebagai|mengatasnamakan|mencatut)\b/;

const CLAIM: Cue[] = [
  {
    re: new RegExp(
      String.raw`\b${POLICE}\b[^.]{0,60}\b(?<!hanya )(menangkap|ditangkap|tertangkap|tangkap|mengamankan|menggerebek|grebek|menahan|penahanan|menembak|membunuh|dibunuh|klarifikasi|menegaskan|mengumumkan|perintahkan|memerintahkan|melarang|razia|siaga|dipecat|surat edaran|dibakar|mengawal)\b|\b(ditangkap|diburu|digrebek) (pihak |oleh )*${POLICE}|\b(tertangkap|ditangkap)\b[^.]{0,80}\b${POLICE}|\bbiaya tilang\b|\bsurat edaran (kapolri|polri)\b|\b(perintahkan|tekan|minta) (tni-|tni dan )?${POLICE}|\b(setor(an)?|aliran dana)\b[^.]{0,30}\b${POLICE}`,
    ),
    weight: 0.6,
    reason: 'klaim tentang tindakan atau ucapan polisi',
  },
];

/** What the cue lists find in a text: features of the triage model and reasons an analyst reads. */
export interface PoliceCues {
  criticism: { score: number; reasons: string[] };
  impersonation: { score: number; reasons: string[] };
  claim: { score: number; reasons: string[] };
  /** The text reports or denies an impersonation ("akun palsu", "mengatasnamakan"), not commits one. */
  reporting: boolean;
}

export function policeCues(text: string): PoliceCues {
  const t = text.toLowerCase().replace(/\s+/g, ' ');
  return { criticism: combine(CRITICISM, t), impersonation: combine(IMPERSONATION, t), claim: combine(CLAIM, t), reporting: REPORTING.test(t) };
}

/** Criticism of the police and no hoax about them: never to be treated as a hoax (it goes to complaint handling). */
export function isCriticismOnly(flags: PoliceFlags | null): boolean {
  return flags !== null && flags.kritik_keluhan.flagged && !flags.hoaks_tentang_polisi.flagged;
}

/** 1 − Π(1 − weight) over the cues that fire: several weak cues add up, none alone reaches 1. */
function combine(cues: Cue[], text: string): { score: number; reasons: string[] } {
  let miss = 1;
  const reasons: string[] = [];
  for (const c of cues) {
    if (!c.re.test(text)) continue;
    miss *= 1 - c.weight;
    reasons.push(c.reason);
  }
  return { score: 1 - miss, reasons };
}
