import type { CasePriority, ClarificationStatus, ComplaintRoute, ContentType, PublicationChannel, Verdict } from '../../db/schema.ts';
import type { QueueStatus } from '../../db/cases.repo.ts';

/** The Indonesian words the desk shows for stored codes. */
export const VERDICT_LABEL: Record<Verdict, string> = {
  hoaks: 'Hoaks',
  disinformasi: 'Disinformasi',
  misinformasi: 'Misinformasi',
  benar: 'Benar',
  belum_terbukti: 'Belum terbukti',
  klarifikasi: 'Klarifikasi (bantahan resmi)',
  bukan_hoaks: 'Bukan hoaks (opini/kritik/lainnya)',
  perlu_verifikasi: 'Perlu verifikasi',
};
export const VERDICTS = Object.keys(VERDICT_LABEL) as Verdict[];

/** First Draft's seven types, as TurnBackHoax names them. */
export const CONTENT_TYPE_LABEL: Record<ContentType, string> = {
  satire_parodi: 'Satire/parodi',
  koneksi_salah: 'Koneksi yang salah',
  konten_menyesatkan: 'Konten menyesatkan',
  konteks_keliru: 'Konteks keliru',
  konten_tiruan: 'Konten tiruan',
  konten_manipulasi: 'Konten manipulasi',
  konten_palsu: 'Konten palsu',
};

export const COMPLAINT_ROUTE_LABEL: Record<ComplaintRoute, string> = {
  dumas: 'Pengaduan masyarakat (Dumas)',
  propam: 'Propam (dugaan pelanggaran anggota)',
};

export const PRIORITY_LABEL: Record<CasePriority, string> = { tinggi: 'Tinggi', sedang: 'Sedang', rendah: 'Rendah' };
export const PRIORITIES = Object.keys(PRIORITY_LABEL) as CasePriority[];

export const QUEUE_STATUS_LABEL: Record<QueueStatus, string> = {
  terbuka: 'Terbuka (baru + perlu verifikasi)',
  baru: 'Baru (belum ada verdict)',
  perlu_verifikasi: 'Perlu verifikasi',
  diputuskan: 'Sudah diputuskan',
  hlbk: 'Hoaks lama beredar kembali',
  pengaduan: 'Kritik/keluhan (pengaduan)',
  semua: 'Semua',
};

export const CLARIFICATION_STATUS_LABEL: Record<ClarificationStatus, string> = {
  draft: 'Draf',
  submitted: 'Menunggu persetujuan',
  approved: 'Disetujui',
  returned: 'Dikembalikan',
  published: 'Terbit',
};

export const CHANNEL_LABEL: Record<PublicationChannel, string> = {
  x: 'X (Twitter)',
  instagram: 'Instagram',
  facebook: 'Facebook',
  whatsapp: 'WhatsApp',
  website: 'Situs web',
  lainnya: 'Lainnya',
};

export const AUDIT_ACTION_LABEL: Record<string, string> = {
  'case.opened': 'membuka kasus',
  'case.updated': 'mengubah kasus',
  'case.verdict': 'memberi verdict',
  'case.note': 'menambah catatan',
  'case.merged': 'menggabungkan butir',
  'case.merged_away': 'kasus digabung ke kasus lain',
  'clarification.drafted': 'membuat draf klarifikasi',
  'clarification.edited': 'mengubah klarifikasi',
  'clarification.submitted': 'mengajukan klarifikasi',
  'clarification.approved': 'menyetujui klarifikasi',
  'clarification.returned': 'mengembalikan klarifikasi',
  'clarification.published': 'mencatat publikasi klarifikasi',
  'user.created': 'membuat akun',
  'user.updated': 'mengubah akun',
  'source.paused': 'menjeda sumber',
  'source.resumed': 'melanjutkan sumber',
  'case.labelled': 'mengubah jenis/topik',
  'case.routed': 'meneruskan ke pengaduan',
  'case.hlbk_linked': 'menautkan hoaks lama beredar kembali',
  'registry.created': 'menambah registri akun resmi',
  'registry.updated': 'mengubah registri akun resmi',
  'registry.retired': 'mencabut dari registri akun resmi',
};

/** Field names in audit entries, as the desk shows them. */
export const FIELD_LABEL: Record<string, string> = {
  verdict: 'verdict', comment: 'komentar', priority: 'prioritas', assignee_id: 'petugas (id)', title: 'judul', items: 'butir',
  note_id: 'catatan', body: 'isi', evidence_url: 'tautan bukti', merged_into: 'digabung ke kasus', absorbed_cases: 'kasus yang digabung',
  case_id: 'kasus', template: 'templat', status: 'status', submitted_at: 'diajukan', decided_by: 'diputuskan oleh (id)', decided_at: 'diputuskan',
  decision_comment: 'catatan pimpinan', published_at: 'terbit', channel: 'kanal', url: 'tautan', username: 'nama pengguna',
  display_name: 'nama', roles: 'peran', active: 'aktif', password: 'kata sandi', paused: 'dijeda', criticism_override: 'alasan pengecualian (kritik)',
  content_type: 'jenis konten', topic: 'topik', complaint_route: 'diteruskan ke', complaint_routed_at: 'diteruskan', link_score: 'skor kemiripan',
  kind: 'jenis', platform: 'platform', value: 'nilai', unit: 'satuan', rank: 'pangkat', position: 'jabatan', pipeline: 'pipeline',
};

const FORMATS = new Map<string, Intl.DateTimeFormat>();
/** Date and time as Indonesians write them, in the deployment's time zone. */
export function formatTime(d: Date | string | null | undefined, timeZone: string): string {
  if (!d) return '—';
  let f = FORMATS.get(timeZone);
  if (!f) FORMATS.set(timeZone, (f = new Intl.DateTimeFormat('id-ID', { timeZone, dateStyle: 'medium', timeStyle: 'short' })));
  return f.format(typeof d === 'string' ? new Date(d) : d);
}

export function percent(x: number | null | undefined): string {
  return x === null || x === undefined ? '—' : String(Math.round(x * 100));
}
