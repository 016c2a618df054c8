/**
 * The domain's codes and the Indonesian words users see for them, defined once, here, at the bottom
 * of the layering (this module imports nothing). Each vocabulary is a label map in display order;
 * the code list, the TypeScript union and the zod enums derive from it, and the SQL `check` lists
 * are held to it by test/integration/vocabulary.test.ts.
 */

function codes<T extends string>(labels: Record<T, string>): readonly [T, ...T[]] {
  return Object.keys(labels) as [T, ...T[]];
}

/** Kinds of source: what `sources.kind` holds. */
export const SOURCE_KIND_LABEL = {
  rss: 'Feed RSS/Atom/JSON',
  html: 'Situs berita tanpa feed',
  telegram: 'Kanal Telegram publik',
  tip: 'Laporan masuk',
  import: 'Impor berkas',
  /** Public posts that mention or tag the Polres's registered accounts: public reports, not news. */
  mentions: 'Laporan masyarakat (menyebut akun Polres)',
} as const;
export type SourceKind = keyof typeof SOURCE_KIND_LABEL;
export const SOURCE_KINDS = codes<SourceKind>(SOURCE_KIND_LABEL);
/** The kinds a pipeline declares; tips and imports are built in and receive items by hand. */
export const DECLARABLE_SOURCE_KINDS = ['rss', 'html', 'telegram', 'import', 'mentions'] as const satisfies readonly SourceKind[];

/** Outcome of one fetch run. */
export const FETCH_RUN_STATUS_LABEL = {
  running: 'berjalan',
  success: 'berhasil',
  not_modified: 'tidak berubah',
  partial: 'sebagian',
  failure: 'gagal',
  abandoned: 'terhenti',
} as const;
export type FetchRunStatus = keyof typeof FETCH_RUN_STATUS_LABEL;
export const FETCH_RUN_STATUSES = codes<FetchRunStatus>(FETCH_RUN_STATUS_LABEL);

/**
 * Who is speaking: the trust class of an item's source, set per source in the pipeline (with a
 * default by kind) and refined by the official-accounts registry for the author.
 */
export const SOURCE_TRUST_LABEL = {
  official: 'akun/situs resmi kepolisian',
  media: 'media arus utama',
  factcheck: 'pemeriksa fakta',
  social: 'unggahan publik',
  tip: 'laporan masyarakat',
} as const;
export type SourceTrust = keyof typeof SOURCE_TRUST_LABEL;
export const SOURCE_TRUSTS = codes<SourceTrust>(SOURCE_TRUST_LABEL);

/**
 * The police-triage classes of an item that names the Indonesian police. `kritik` is never a hoax
 * (Polri's circular SE/2/II/2021): it goes to complaint handling. `lain` names the police in passing
 * and is about something else.
 */
export const POLICE_CLASS_LABEL = {
  hoaks_polisi: 'hoaks tentang polisi',
  mengatasnamakan: 'mengatasnamakan polisi',
  kritik: 'kritik / keluhan',
  resmi_netral: 'informasi resmi / berita netral',
  lain: 'lainnya',
} as const;
export type PoliceClass = keyof typeof POLICE_CLASS_LABEL;
export const POLICE_CLASSES = codes<PoliceClass>(POLICE_CLASS_LABEL);

/** The three police flags, each named as the triage class it raises. */
export const POLICE_FLAG_LABEL = {
  hoaks_tentang_polisi: POLICE_CLASS_LABEL.hoaks_polisi,
  mengatasnamakan_polisi: POLICE_CLASS_LABEL.mengatasnamakan,
  kritik_keluhan: POLICE_CLASS_LABEL.kritik,
} as const;
export type PoliceFlagCode = keyof typeof POLICE_FLAG_LABEL;
export const POLICE_FLAG_CODES = codes<PoliceFlagCode>(POLICE_FLAG_LABEL);

/** The fixed yes/no signals every flag shows beside the model scores (classify/triage-signals.ts). */
export const SIGNAL_LABEL = {
  mengajak_menyebarkan: 'Mengajak menyebarkan',
  mencatut_instansi: 'Mencatut instansi/pejabat',
  lokasi_wilayah: 'Menyebut lokasi di wilayah hukum',
  angka_tanpa_sumber: 'Angka/tanggal spesifik tanpa sumber',
  tanpa_sumber_resmi: 'Tanpa sumber resmi',
  cocok_hoaks_lama: 'Cocok dengan hoaks lama',
  tidak_terdaftar: 'Nomor/akun tidak terdaftar',
} as const;
export type SignalCode = keyof typeof SIGNAL_LABEL;
export const SIGNAL_CODES = codes<SignalCode>(SIGNAL_LABEL);

/** Desk roles. */
export const ROLE_LABEL = {
  analis: 'Analis patroli siber',
  humas: 'Humas',
  pimpinan: 'Pimpinan',
  admin: 'Admin',
} as const;
export type Role = keyof typeof ROLE_LABEL;
export const ROLES = codes<Role>(ROLE_LABEL);

/** A case's verdict. */
export const VERDICT_LABEL = {
  hoaks: 'Hoaks',
  disinformasi: 'Disinformasi',
  misinformasi: 'Misinformasi',
  benar: 'Benar',
  belum_terbukti: 'Belum terbukti',
  klarifikasi: 'Klarifikasi (bantahan resmi)',
  bukan_hoaks: 'Bukan hoaks (opini/kritik/lainnya)',
  perlu_verifikasi: 'Perlu verifikasi',
} as const;
export type Verdict = keyof typeof VERDICT_LABEL;
export const VERDICTS = codes<Verdict>(VERDICT_LABEL);
/** Verdicts that decide a case (everything but "needs verification"). */
export const DECISIVE_VERDICTS = VERDICTS.filter((v) => v !== 'perlu_verifikasi');
/** Verdicts that confirm false content: these cases get clarifications, count as hoaxes and are matched again (HLBK). */
export const CONFIRMED_VERDICTS = ['hoaks', 'disinformasi', 'misinformasi'] as const satisfies readonly Verdict[];
export type ConfirmedVerdict = (typeof CONFIRMED_VERDICTS)[number];

export function isConfirmed(verdict: string | null | undefined): verdict is ConfirmedVerdict {
  return verdict !== null && verdict !== undefined && (CONFIRMED_VERDICTS as readonly string[]).includes(verdict);
}

/** First Draft's seven types of mis- and disinformation, as TurnBackHoax names them. */
export const CONTENT_TYPE_LABEL = {
  satire_parodi: 'Satire/parodi',
  koneksi_salah: 'Koneksi yang salah',
  konten_menyesatkan: 'Konten menyesatkan',
  konteks_keliru: 'Konteks keliru',
  konten_tiruan: 'Konten tiruan',
  konten_manipulasi: 'Konten manipulasi',
  konten_palsu: 'Konten palsu',
} as const;
export type ContentType = keyof typeof CONTENT_TYPE_LABEL;
export const CONTENT_TYPES = codes<ContentType>(CONTENT_TYPE_LABEL);

/** Where criticism of the police is sent instead of being treated as a hoax. */
export const COMPLAINT_ROUTE_LABEL = {
  dumas: 'Pengaduan masyarakat (Dumas)',
  propam: 'Propam (dugaan pelanggaran anggota)',
} as const;
export type ComplaintRoute = keyof typeof COMPLAINT_ROUTE_LABEL;
export const COMPLAINT_ROUTES = codes<ComplaintRoute>(COMPLAINT_ROUTE_LABEL);

export const PRIORITY_LABEL = { tinggi: 'Tinggi', sedang: 'Sedang', rendah: 'Rendah' } as const;
export type CasePriority = keyof typeof PRIORITY_LABEL;
export const PRIORITIES = codes<CasePriority>(PRIORITY_LABEL);

/**
 * The classifier's score (0–1) from which an item is "tinggi" or at least "sedang": a new case starts
 * at this priority, and an item no one has opened yet is shown and filtered by it.
 */
export const PRIORITY_THRESHOLDS = { tinggi: 0.7, sedang: 0.45 } as const;

/** The priority a score stands for (no score: "sedang", the middle). */
export function priorityForScore(score: number | null | undefined): CasePriority {
  if (score === null || score === undefined) return 'sedang';
  return score >= PRIORITY_THRESHOLDS.tinggi ? 'tinggi' : score >= PRIORITY_THRESHOLDS.sedang ? 'sedang' : 'rendah';
}

/** How an item joined its case: by an analyst, or as an old hoax circulating again. */
export const CASE_LINK_LABEL = { manual: 'ditautkan analis', hlbk: 'hoaks lama beredar kembali' } as const;
export type CaseLink = keyof typeof CASE_LINK_LABEL;
export const CASE_LINKS = codes<CaseLink>(CASE_LINK_LABEL);

/** A clarification's steps: draft → submitted → approved | returned → published. */
export const CLARIFICATION_STATUS_LABEL = {
  draft: 'Draf',
  submitted: 'Menunggu persetujuan',
  approved: 'Disetujui',
  returned: 'Dikembalikan',
  published: 'Terbit',
} as const;
export type ClarificationStatus = keyof typeof CLARIFICATION_STATUS_LABEL;
export const CLARIFICATION_STATUSES = codes<ClarificationStatus>(CLARIFICATION_STATUS_LABEL);

/** Where a clarification was published. */
export const CHANNEL_LABEL = {
  x: 'X (Twitter)',
  instagram: 'Instagram',
  facebook: 'Facebook',
  whatsapp: 'WhatsApp',
  website: 'Situs web',
  lainnya: 'Lainnya',
} as const;
export type PublicationChannel = keyof typeof CHANNEL_LABEL;
export const PUBLICATION_CHANNELS = codes<PublicationChannel>(CHANNEL_LABEL);

/** Kinds of entry in the official-accounts registry. */
export const REGISTRY_KIND_LABEL = {
  akun: 'Akun media sosial',
  situs: 'Situs web',
  telepon: 'Nomor telepon/WhatsApp',
  pejabat: 'Pejabat/juru bicara',
} as const;
export type RegistryKind = keyof typeof REGISTRY_KIND_LABEL;
export const REGISTRY_KINDS = codes<RegistryKind>(REGISTRY_KIND_LABEL);

/** An alert rule's delivery mode. */
export const ALERT_MODE_LABEL = { immediate: 'segera', digest: 'ringkasan harian' } as const;
export type AlertMode = keyof typeof ALERT_MODE_LABEL;
export const ALERT_MODES = codes<AlertMode>(ALERT_MODE_LABEL);

export const ALERT_CHANNEL_KIND_LABEL = { email: 'Surel', webhook: 'Webhook' } as const;
export type AlertChannelKind = keyof typeof ALERT_CHANNEL_KIND_LABEL;
export const ALERT_CHANNEL_KINDS = codes<AlertChannelKind>(ALERT_CHANNEL_KIND_LABEL);

export const DELIVERY_STATUS_LABEL = { pending: 'menunggu / diulang', sent: 'terkirim', failed: 'gagal (menyerah)' } as const;
export type DeliveryStatus = keyof typeof DELIVERY_STATUS_LABEL;
export const DELIVERY_STATUSES = codes<DeliveryStatus>(DELIVERY_STATUS_LABEL);

/** How a repost was recognised. */
export const DUPLICATE_KIND_LABEL = { exact: 'salinan persis', near: 'hampir sama' } as const;
export type DuplicateKind = keyof typeof DUPLICATE_KIND_LABEL;
export const DUPLICATE_KINDS = codes<DuplicateKind>(DUPLICATE_KIND_LABEL);

/** A process of a cluster (PostgreSQL mode). */
export const JOB_PROCESS_ROLE_LABEL = { scheduler: 'penjadwal', worker: 'pekerja', cli: 'perintah sekali jalan' } as const;
export type JobProcessRole = keyof typeof JOB_PROCESS_ROLE_LABEL;
export const JOB_PROCESS_ROLES = codes<JobProcessRole>(JOB_PROCESS_ROLE_LABEL);

/** What each job does, for people (job names are jobs/tasks.ts's). */
export const TASK_LABEL: Record<string, string> = {
  'ingest:source': 'Ambil sumber',
  'classify:items': 'Klasifikasi butir',
  'report:weekly': 'Laporan mingguan',
  'alerts:evaluate': 'Periksa peringatan',
  'images:process': 'Baca gambar (OCR, hash)',
  'model:train': 'Latih model kandidat',
  'db:maintain': 'Perawatan basis data (VACUUM, ANALYZE)',
};

/**
 * One-click corrections of an item's class (issue 17): what the analyst says the item is, kept as a
 * training label. The first three take the item out of the open queue (`DISMISSING_LABELS`), and
 * `kritik` lists it under complaint handling (`pengaduan`); none needs a case.
 */
export const ITEM_LABEL_LABEL = {
  bukan_hoaks: 'Bukan hoaks',
  resmi_netral: 'Berita resmi/netral',
  kritik: 'Kritik → pengaduan',
  mengatasnamakan: 'Mengatasnamakan polisi',
  hoaks_polisi: 'Hoaks tentang polisi',
} as const;
export type ItemLabel = keyof typeof ITEM_LABEL_LABEL;
export const ITEM_LABELS = codes<ItemLabel>(ITEM_LABEL_LABEL);
/** Labels that close the item for the open queue (it is not a hoax to work on). */
export const DISMISSING_LABELS = ['bukan_hoaks', 'resmi_netral', 'kritik'] as const satisfies readonly ItemLabel[];
/** Labels that say the item is a hoax (hoax model target 1); the others say it is not (0). */
export const HOAX_LABELS = ['mengatasnamakan', 'hoaks_polisi'] as const satisfies readonly ItemLabel[];
/** The police-triage class each label stands for; `bukan_hoaks` names none (it may be any of the other three). */
export const LABEL_POLICE_CLASS: Record<ItemLabel, PoliceClass | null> = {
  bukan_hoaks: null,
  resmi_netral: 'resmi_netral',
  kritik: 'kritik',
  mengatasnamakan: 'mengatasnamakan',
  hoaks_polisi: 'hoaks_polisi',
};

/** What a label corrects: the item's class, its topic, or the police unit it names. */
export const LABEL_KIND_LABEL = { class: 'Kelas', topic: 'Topik', unit: 'Satuan polisi' } as const;
export type LabelKind = keyof typeof LABEL_KIND_LABEL;
export const LABEL_KINDS = codes<LabelKind>(LABEL_KIND_LABEL);

/** A trained model version's state (model_versions.status). */
export const MODEL_STATUS_LABEL = {
  candidate: 'Kandidat',
  refused: 'Ditolak',
  active: 'Aktif',
  retired: 'Pernah aktif',
} as const;
export type ModelStatus = keyof typeof MODEL_STATUS_LABEL;
export const MODEL_STATUSES = codes<ModelStatus>(MODEL_STATUS_LABEL);

/** Things the audit log records changes of. */
export const AUDIT_ENTITY_LABEL = {
  case: 'Kasus',
  clarification: 'Klarifikasi',
  user: 'Pengguna',
  source: 'Sumber',
  official_account: 'Entri registri',
  item: 'Butir',
  model: 'Model',
} as const;
export type AuditEntity = keyof typeof AUDIT_ENTITY_LABEL;

/** What an in-desk notification tells its reader (sql/0016): the words are the list's, before the case title. */
export const NOTIFICATION_KIND_LABEL = {
  case_assigned: 'Kasus ditugaskan kepada Anda',
  clarification_returned: 'Klarifikasi Anda dikembalikan',
  clarification_approved: 'Klarifikasi Anda disetujui',
} as const;
export type NotificationKind = keyof typeof NOTIFICATION_KIND_LABEL;
export const NOTIFICATION_KINDS = codes<NotificationKind>(NOTIFICATION_KIND_LABEL);

/**
 * What the case list (/kasus) filters cases by: open (no decisive verdict, not sent to complaint
 * handling), no verdict yet, needs verification, decided, sent to complaint handling, or all.
 */
export const CASE_LIST_STATUS_LABEL = {
  terbuka: 'Terbuka (belum diputus)',
  belum_ada_putusan: 'Belum ada verdict',
  perlu_verifikasi: 'Perlu verifikasi',
  diputuskan: 'Sudah diputuskan',
  pengaduan: 'Diteruskan ke pengaduan',
  semua: 'Semua',
} as const;
export type CaseListStatus = keyof typeof CASE_LIST_STATUS_LABEL;
export const CASE_LIST_STATUSES = codes<CaseListStatus>(CASE_LIST_STATUS_LABEL);

/** How the case list is ordered. */
export const CASE_LIST_SORT_LABEL = { terbaru: 'Terbaru dibuka', prioritas: 'Prioritas', diperbarui: 'Terakhir diperbarui' } as const;
export type CaseListSort = keyof typeof CASE_LIST_SORT_LABEL;
export const CASE_LIST_SORTS = codes<CaseListSort>(CASE_LIST_SORT_LABEL);
