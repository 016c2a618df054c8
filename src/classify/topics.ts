import { tokenize } from './normalise.ts';

/**
 * The team's topics, by keyword rules over lower-cased words and phrases. Rules rather than a
 * trained model because no labelled set covers these topics; scripts/eval-topics.ts measures them
 * on TurnBackHoax categories. Every topic reports the words that triggered it.
 */
export const TOPICS = [
  'penipuan online',
  'narkoba',
  'lalu lintas',
  'kriminalitas',
  'politik/pilkada',
  'SARA',
  'bencana',
  'kesehatan',
  'kepolisian',
  'lainnya',
] as const;
export type Topic = (typeof TOPICS)[number];

export interface TopicMatch {
  topic: Topic;
  keywords: string[];
}

// Whole words, or prefixes ending in "*". Phrases match word sequences.
// "kepolisian" is not a word list: it is every item that names the Indonesian police (detectPoliceMentions).
const RULES: Record<Exclude<Topic, 'lainnya' | 'kepolisian'>, string[]> = {
  'penipuan online': [
    'penipuan',
    'penipu',
    'menipu',
    'tipu*',
    'phishing',
    'apk',
    'tautan',
    'link',
    'klik',
    'undian',
    'hadiah',
    'giveaway',
    'kuota gratis',
    'pinjol',
    'pinjaman online',
    'transfer',
    'rekening',
    'saldo',
    'otp',
    'kode verifikasi',
    'lowongan',
    'loker',
    'rekrutmen',
    'pendaftaran',
    'bansos',
    'bantuan',
    'subsidi',
    'voucher',
    'cashback',
    'investasi',
    'arisan',
    'paket salah kirim',
    'kurir',
    'akun palsu',
    'catut',
    'mencatut',
    'mengatasnamakan',
  ],
  narkoba: [
    'narkoba',
    'narkotika',
    'sabu',
    'sabu-sabu',
    'ganja',
    'ekstasi',
    'pil koplo',
    'tembakau gorila',
    'kokain',
    'heroin',
    'bnn',
    'satnarkoba',
    'pengedar',
    'bandar narkoba',
  ],
  'lalu lintas': [
    'tilang',
    'e-tilang',
    'etle',
    'sim',
    'stnk',
    'bpkb',
    'lalu lintas',
    'lantas',
    'satlantas',
    'korlantas',
    'polantas',
    'kecelakaan',
    'laka',
    'razia',
    'helm',
    'ganjil genap',
    'jalan tol',
    'tol',
    'mudik',
    'macet',
    'kemacetan',
    'pengendara',
    'kendaraan',
    'plat nomor',
    'pelat',
    'knalpot',
  ],
  kriminalitas: [
    'pembunuhan',
    'dibunuh',
    'membunuh',
    'penculikan',
    'penculik',
    'diculik',
    'menculik',
    'begal',
    'pembegalan',
    'perampokan',
    'rampok',
    'perampok',
    'pencurian',
    'maling',
    'curi*',
    'pemerkosaan',
    'diperkosa',
    'pelecehan',
    'penganiayaan',
    'dianiaya',
    'pengeroyokan',
    'tawuran',
    'ditangkap',
    'penangkapan',
    'tersangka',
    'pelaku',
    'jambret',
    'copet',
    'senjata tajam',
    'sajam',
    'terorisme',
    'teroris',
    'bom',
    'judi',
    'judi online',
    'judol',
    'korupsi',
    'dibacok',
    'mayat',
    'jasad',
  ],
  'politik/pilkada': [
    'pilkada',
    'pemilu',
    'pilpres',
    'pileg',
    'kpu',
    'bawaslu',
    'capres',
    'cawapres',
    'caleg',
    'partai',
    'kampanye',
    'presiden',
    'wakil presiden',
    'menteri',
    'gubernur',
    'bupati',
    'walikota',
    'wali kota',
    'dpr',
    'dprd',
    'mpr',
    'prabowo',
    'gibran',
    'jokowi',
    'anies',
    'ganjar',
    'megawati',
    'pdip',
    'gerindra',
    'golkar',
    'nasdem',
    'demokrat',
    'pks',
    'pkb',
    'suara',
    'pemungutan suara',
    'tps',
    'politik',
    'politikus',
    'demo',
    'demonstrasi',
    'istana',
    'kabinet',
    'ijazah',
    // Government and geopolitics, which TurnBackHoax files under politics too.
    'pemerintah',
    'pemerintahan',
    'kebijakan',
    'undang-undang',
    'ruu',
    'perppu',
    'purbaya',
    'bahlil',
    'sri mulyani',
    'dedi mulyadi',
    'perang',
    'rudal',
    'iran',
    'israel',
    'amerika',
    'trump',
    'netanyahu',
    'putin',
    'nato',
    'pbb',
  ],
  SARA: [
    'sara',
    'agama',
    'kafir',
    'murtad',
    'penistaan',
    'penistaan agama',
    'masjid',
    'gereja',
    'pura',
    'vihara',
    'ulama',
    'pendeta',
    'etnis',
    'suku',
    'ras',
    'pribumi',
    'aseng',
    'asing',
    'tionghoa',
    'cina',
    'china',
    'pki',
    'komunis',
    'kristenisasi',
    'islamofobia',
    'khilafah',
    'syiah',
    'ahmadiyah',
    'intoleran',
  ],
  bencana: [
    'bencana',
    'gempa',
    'gempa bumi',
    'tsunami',
    'banjir',
    'longsor',
    'tanah longsor',
    'erupsi',
    'gunung',
    'meletus',
    'letusan',
    'puting beliung',
    'angin kencang',
    'kebakaran',
    'karhutla',
    'kekeringan',
    'bmkg',
    'bnpb',
    'bpbd',
    'badai',
    'siklon',
    'gelombang tinggi',
    'rob',
    'evakuasi',
    'pengungsi',
  ],
  kesehatan: [
    'kesehatan',
    'penyakit',
    'virus',
    'covid',
    'corona',
    'vaksin',
    'vaksinasi',
    'obat',
    'dokter',
    'rumah sakit',
    'puskesmas',
    'kanker',
    'diabetes',
    'hipertensi',
    'jantung',
    'stroke',
    'wabah',
    'pandemi',
    'epidemi',
    'bpjs',
    'bpom',
    'kemenkes',
    'gizi',
    'stunting',
    'herbal',
    'menyembuhkan',
    'sembuh',
    'racun',
    'beracun',
    'keracunan',
  ],
};

/** The rules as lookups: each word to its topics, the prefixes, and each phrase by its first word. */
const TOPIC_RULES = Object.entries(RULES).map(([topic, kws]) => ({
  topic: topic as Topic,
  prefixes: kws.filter((k) => k.endsWith('*')).map((k) => k.slice(0, -1)),
  phrases: kws.filter((k) => k.includes(' ')).map((k) => k.split(' ')),
}));
const WORD_TOPICS = new Map<string, number[]>();
Object.values(RULES).forEach((kws, r) => {
  for (const k of kws) if (!k.includes(' ') && !k.endsWith('*')) WORD_TOPICS.set(k, [...(WORD_TOPICS.get(k) ?? []), r]);
});
const PREFIXES = TOPIC_RULES.flatMap((c, r) => c.prefixes.map((prefix) => ({ prefix, rule: r })));
/** Each phrase's first word → the phrases it opens, as [rule, phrase] pairs. */
const PHRASE_STARTS = new Map<string, Array<[number, number]>>();
TOPIC_RULES.forEach((c, r) => c.phrases.forEach((p, j) => PHRASE_STARTS.set(p[0]!, [...(PHRASE_STARTS.get(p[0]!) ?? []), [r, j]])));
/** A word's topics and the phrases it opens, in one lookup per token (most tokens have neither). */
const TOKEN_RULES = new Map<string, { rules: readonly number[]; phrases: ReadonlyArray<readonly [number, number]> }>(
  [...new Set([...WORD_TOPICS.keys(), ...PHRASE_STARTS.keys()])].map((w) => [w, { rules: WORD_TOPICS.get(w) ?? [], phrases: PHRASE_STARTS.get(w) ?? [] }]),
);

/**
 * Topics of a text, most keywords first; "lainnya" when none applies. `police`: the police mentions
 * found in it, which make it "kepolisian" too. `tokens`: tokenize(text), when the caller has them.
 * One pass over the tokens for all topics: each topic's keywords come in the order of the text, then
 * its phrases in the order of its list.
 */
export function detectTopics(text: string, opts: { minKeywords?: number; police?: readonly string[]; tokens?: readonly string[] } = {}): TopicMatch[] {
  const tokens = opts.tokens ?? tokenize(text);
  const found = TOPIC_RULES.map(() => new Set<string>());
  const phrases = TOPIC_RULES.map(() => new Set<number>());
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const rules = TOKEN_RULES.get(t);
    if (rules) for (const r of rules.rules) found[r]!.add(t);
    for (const p of PREFIXES) if (t.startsWith(p.prefix)) found[p.rule]!.add(t);
    if (rules) {
      for (const [r, j] of rules.phrases) {
        if (TOPIC_RULES[r]!.phrases[j]!.every((w, k) => tokens[i + k] === w)) phrases[r]!.add(j);
      }
    }
  }
  const out: TopicMatch[] = [];
  TOPIC_RULES.forEach((c, r) => {
    c.phrases.forEach((p, j) => {
      if (phrases[r]!.has(j)) found[r]!.add(p.join(' '));
    });
    if (found[r]!.size >= (opts.minKeywords ?? 1)) out.push({ topic: c.topic, keywords: [...found[r]!] });
  });
  if (opts.police?.length) out.push({ topic: 'kepolisian', keywords: [...new Set(opts.police.map((p) => p.toLowerCase()))] });
  out.sort((a, b) => b.keywords.length - a.keywords.length);
  return out.length ? out : [{ topic: 'lainnya', keywords: [] }];
}
