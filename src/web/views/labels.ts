import cronstrueI18n from 'cronstrue/i18n.js';
import type { QueueStatus } from '../../db/queue.repo.ts';

/** The Indonesian words the desk shows for stored codes: the domain's own are defined in vocabulary.ts. */
export {
  CHANNEL_LABEL,
  CLARIFICATION_STATUS_LABEL,
  COMPLAINT_ROUTE_LABEL,
  CONTENT_TYPE_LABEL,
  PRIORITIES,
  PRIORITY_LABEL,
  VERDICT_LABEL,
  VERDICTS,
} from '../../vocabulary.ts';

export const QUEUE_STATUS_LABEL: Record<QueueStatus, string> = {
  terbuka: 'Terbuka (baru + perlu verifikasi)',
  baru: 'Baru (belum ada putusan)',
  perlu_verifikasi: 'Perlu verifikasi',
  diputuskan: 'Sudah diputuskan',
  hlbk: 'Hoaks lama beredar kembali',
  pengaduan: 'Kritik/keluhan (pengaduan)',
  semua: 'Semua',
};

export const AUDIT_ACTION_LABEL: Record<string, string> = {
  'case.opened': 'membuka kasus',
  'item.labelled': 'mengoreksi butir',
  'model.promoted': 'mempromosikan model',
  'model.rolled_back': 'mengembalikan model',
  'case.updated': 'mengubah kasus',
  'case.verdict': 'memberi putusan',
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
  'user.password_changed': 'mengganti kata sandinya sendiri',
  'user.session_ended': 'mengakhiri sesinya sendiri',
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
  label: 'label',
  heldout: 'set uji',
  verdict: 'putusan',
  comment: 'komentar',
  priority: 'prioritas',
  assignee_id: 'petugas (id)',
  title: 'judul',
  items: 'butir',
  note_id: 'catatan',
  body: 'isi',
  evidence_url: 'tautan bukti',
  merged_into: 'digabung ke kasus',
  absorbed_cases: 'kasus yang digabung',
  case_id: 'kasus',
  template: 'templat',
  status: 'status',
  submitted_at: 'diajukan',
  decided_by: 'diputuskan oleh (id)',
  decided_at: 'diputuskan',
  decision_comment: 'catatan pimpinan',
  published_at: 'terbit',
  channel: 'kanal',
  url: 'tautan',
  username: 'nama pengguna',
  display_name: 'nama',
  roles: 'peran',
  active: 'aktif',
  password: 'kata sandi',
  paused: 'dijeda',
  criticism_override: 'alasan pengecualian (kritik)',
  complaint_override: 'alasan pengecualian (pengaduan)',
  complaint_items: 'butir kritik/keluhan',
  complaint_cases: 'kasus pengaduan',
  content_type: 'jenis konten',
  topic: 'topik',
  complaint_route: 'diteruskan ke',
  complaint_routed_at: 'diteruskan',
  link_score: 'skor kemiripan',
  kind: 'jenis',
  platform: 'platform',
  value: 'nilai',
  unit: 'satuan',
  rank: 'pangkat',
  position: 'jabatan',
  pipeline: 'pipeline',
  sessions_ended: 'sesi diakhiri',
  current: 'sesi yang sedang dipakai',
};

export { formatTime } from '../../zoned-time.ts';

export function percent(x: number | null | undefined): string {
  return x === null || x === undefined ? '—' : String(Math.round(x * 100));
}

/**
 * cronstrue/i18n is CommonJS with every locale loaded. Node's ESM import gives its module.exports and
 * vitest's interop its `default` (the descriptor class): both carry the same static toString, which the
 * package's types declare only on the second.
 */
const cronstrue = cronstrueI18n as unknown as Pick<typeof cronstrueI18n.default, 'toString'>;

/**
 * A cron schedule in Indonesian words ("Setiap 10 menit"), 24-hour clock; the expression itself when
 * cronstrue cannot read it (the pipeline loader has validated it against node-cron already).
 */
export function scheduleInWords(expr: string): string {
  try {
    return cronstrue.toString(expr, { locale: 'id', use24HourTimeFormat: true });
  } catch {
    return expr;
  }
}
