import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type {
  AlertChannelKind,
  AlertMode,
  CaseLink,
  CasePriority,
  ClarificationStatus,
  ComplaintRoute,
  ContentType,
  DeliveryStatus,
  DuplicateKind,
  ItemLabel,
  FetchRunStatus,
  JobProcessRole,
  NotificationKind,
  LabelKind,
  ModelStatus,
  PoliceClass,
  PoliceFlagCode,
  PublicationChannel,
  RegistryKind,
  Role,
  SignalCode,
  SourceKind,
  SourceTrust,
  Verdict,
} from '../vocabulary.ts';

// The domain's codes are defined in vocabulary.ts; re-exported here beside the tables that store them.
export type {
  CasePriority,
  ClarificationStatus,
  ComplaintRoute,
  ContentType,
  DeliveryStatus,
  FetchRunStatus,
  PublicationChannel,
  RegistryKind,
  Role,
  SourceKind,
  SourceTrust,
  Verdict,
} from '../vocabulary.ts';

/** One police flag as stored in `classifications.police_flags`. */
export interface PoliceFlag {
  score: number;
  flagged: boolean;
  /** Indonesian, one per cue that fired. */
  reasons: string[];
}

/** The three flags, and the triage model's class and calibrated probabilities behind them. */
export type PoliceFlags = Record<PoliceFlagCode, PoliceFlag> & {
  class?: PoliceClass;
  probabilities?: Record<PoliceClass, number>;
};

/** One yes/no signal as stored in `classifications.signals`. */
export interface Signal {
  present: boolean;
  /** What made it present (words of the text, a matched case); empty when absent. */
  evidence: string[];
}
export type TriageSignals = Record<SignalCode, Signal>;

/** A decided case an item resembles (HLBK), as stored in `classifications.case_matches`. */
export interface CaseMatch {
  case_id: number;
  title: string | null;
  score: number;
  /** At or above HLBK_AUTO, and the item long enough (HLBK_MIN_WORDS): linked to the case. */
  auto: boolean;
}

/**
 * Row types mirroring sql/*.sql exactly (snake_case). A test compares them with the live schema,
 * so a migration without a matching change here fails CI.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string | T | undefined, string | T>;

export interface SourcesTable {
  id: string;
  pipeline: string;
  kind: SourceKind;
  name: string;
  schedule: string | null;
  config: Json<Record<string, unknown>>;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
  /** Set by an admin in the web app; the pipeline sync leaves it alone. */
  paused_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface Problem {
  ref: string;
  reason: string;
}

export interface FetchRunsTable {
  id: Generated<number>;
  source_id: string;
  started_at: Timestamp;
  finished_at: Date | null;
  status: ColumnType<FetchRunStatus, FetchRunStatus | undefined, FetchRunStatus>;
  items_fetched: Generated<number>;
  items_new: Generated<number>;
  items_updated: Generated<number>;
  items_duplicate: Generated<number>;
  items_rejected: Generated<number>;
  error_code: string | null;
  error: string | null;
  problems: Json<Problem[]>;
  /** The job process that ran it (scale-out mode); null in the embedded, single-process mode. */
  process_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ItemsTable {
  id: Generated<number>;
  source_id: string;
  item_key: string;
  external_id: string | null;
  url: string | null;
  author: string | null;
  title: string | null;
  text: ColumnType<string, string | undefined, string>;
  language: string | null;
  published_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  fetched_at: Timestamp;
  content_hash: string;
  minhash: number[] | null;
  duplicate_of: number | null;
  duplicate_kind: DuplicateKind | null;
  views: BigIntCount;
  likes: BigIntCount;
  shares: BigIntCount;
  replies: BigIntCount;
  raw: Json<Record<string, unknown>>;
  search: ColumnType<string, never, never>;
}
/** int8 columns are numbers on both drivers (connect.ts refuses values beyond 2^53). */
type BigIntCount = ColumnType<number | null, number | null | undefined, number | null>;

export interface ItemBandsTable {
  key: number;
  item_id: number;
}

export interface ClassificationsTable {
  item_id: number;
  model_version: string;
  classified_at: Generated<Date>;
  hoax_score: number;
  hoax: boolean;
  police_mentions: Json<Array<{ start: number; end: number; text: string; unit: string }>>;
  police_units: string[];
  police_flags: ColumnType<PoliceFlags | null, string | null | undefined, string | null>;
  topics: string[];
  claim_matches: Json<Array<{ url: string | null; title: string | null; score: number }>>;
  case_matches: ColumnType<CaseMatch[], string | undefined, string>;
  signals: ColumnType<TriageSignals | null, string | null | undefined, string | null>;
  source_trust: SourceTrust | null;
  priority: number;
  flagged: boolean;
  reasons: Json<Array<{ code: string; label: string; weight: number }>>;
  /** The item's tsvector while the row carries copies (flagged, or complaint handling's: 0025; null otherwise), kept by triggers (0018): the queue's search index. */
  queue_search: ColumnType<string | null, never, never>;
  /** Rows that carry copies: the item heads its duplicate cluster (duplicate_of is null); null otherwise. Kept by triggers (0020, 0025). */
  queue_original: ColumnType<boolean | null, never, never>;
  /** Rows that carry copies: the item's coalesce(published_at, fetched_at), the queue's date order; null otherwise. Kept by triggers (0020). */
  queue_seen_at: ColumnType<Date | null, never, never>;
  /** Queue rows (flagged, heading their cluster): topics; null otherwise. Generated (0022): the queue's topic filter with its own statistics. */
  queue_topics: ColumnType<string[] | null, never, never>;
  /** Queue rows: police_units; null otherwise. Generated (0022), like queue_topics. */
  queue_units: ColumnType<string[] | null, never, never>;
  /**
   * Rows that carry copies (flagged, criticism of the police, a routed case's items, corrected to
   * `kritik`: 0025): the priority of the item's case (null: none). Kept by triggers (0024), like the case fields below.
   */
  queue_case_priority: ColumnType<CasePriority | null, never, never>;
  /** Rows that carry copies: the verdict of the item's case. */
  queue_verdict: ColumnType<Verdict | null, never, never>;
  /** Rows that carry copies: where the item's case was routed as a complaint. */
  queue_complaint_route: ColumnType<ComplaintRoute | null, never, never>;
  /** Rows that carry copies: who the item's case is assigned to. */
  queue_assignee_id: ColumnType<number | null, never, never>;
  /** Rows that carry copies: how the item joined its case (case_items.link). */
  queue_link: ColumnType<CaseLink | null, never, never>;
  /** Rows that carry copies: the item's current class correction (item_labels). */
  queue_label: ColumnType<ItemLabel | null, never, never>;
  /** Rows that carry copies and head their cluster: the priority shown, as PRIORITIES' position + 1 (the case's, else the score's). Generated (0024, 0025). */
  queue_bucket: ColumnType<number | null, never, never>;
  /** Queue rows: case_matches is not empty (the item repeats a decided case's claim). Generated (0024). */
  queue_matched: ColumnType<boolean | null, never, never>;
  /**
   * Rows that carry copies and head their cluster: complaint handling shows the row (criticism of the
   * police, a case routed to Dumas/Propam, or corrected to `kritik`); null otherwise. Generated (0025).
   */
  queue_complaint: ColumnType<boolean | null, never, never>;
}

export interface ItemEmbeddingsTable {
  item_id: number;
  model_id: string;
  vector: number[];
  created_at: Generated<Date>;
}

export interface HttpValidatorsTable {
  url: string;
  etag: string | null;
  last_modified: string | null;
  updated_at: Timestamp;
}

/** @deprecated use VERDICTS from vocabulary.ts */
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Version = ColumnType<number, number | undefined, number>;

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  roles: Role[];
  password_hash: string;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  version: Version;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: Generated<Date>;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  user_agent: string | null;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  username: string;
  ip: string;
  succeeded: boolean;
  at: Timestamp;
}

export interface CasesTable {
  id: Generated<number>;
  title: string;
  verdict: Nullable<Verdict>;
  priority: ColumnType<CasePriority, CasePriority | undefined, CasePriority>;
  assignee_id: Nullable<number>;
  created_by: Nullable<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  decided_at: Nullable<Date>;
  content_type: Nullable<ContentType>;
  topic: Nullable<string>;
  complaint_route: Nullable<ComplaintRoute>;
  complaint_routed_at: Nullable<Date>;
  resurfaced_at: Nullable<Date>;
  resurfaced_count: ColumnType<number, number | undefined, number>;
  version: Version;
}

export interface CaseItemsTable {
  item_id: number;
  case_id: number;
  added_by: Nullable<number>;
  added_at: Timestamp;
  link: ColumnType<CaseLink, CaseLink | undefined, CaseLink>;
  link_score: Nullable<number>;
}

export interface OfficialAccountsTable {
  id: Generated<number>;
  pipeline: string;
  kind: RegistryKind;
  platform: Nullable<string>;
  value: string;
  unit: string;
  rank: Nullable<string>;
  position: Nullable<string>;
  note: Nullable<string>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  version: Version;
  created_at: Timestamp;
  updated_at: Timestamp;
  updated_by: Nullable<number>;
}
export type OfficialAccount = Selectable<OfficialAccountsTable>;

export interface ReviewsTable {
  id: Generated<number>;
  case_id: number;
  reviewer_id: number;
  verdict: Verdict;
  comment: Nullable<string>;
  created_at: Timestamp;
}

export interface CaseNotesTable {
  id: Generated<number>;
  case_id: number;
  author_id: number;
  body: string;
  evidence_url: Nullable<string>;
  created_at: Timestamp;
}

export interface ClarificationsTable {
  id: Generated<number>;
  case_id: number;
  template: string;
  body: string;
  status: ColumnType<ClarificationStatus, ClarificationStatus | undefined, ClarificationStatus>;
  author_id: number;
  submitted_at: Nullable<Date>;
  decided_by: Nullable<number>;
  decided_at: Nullable<Date>;
  decision_comment: Nullable<string>;
  published_at: Nullable<Date>;
  version: Version;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Everyone who wrote a clarification's text (drafter and editors): none of them may decide on it. */
export interface ClarificationEditorsTable {
  clarification_id: number;
  user_id: number;
  first_edited_at: Timestamp;
}

export interface ClarificationPublicationsTable {
  id: Generated<number>;
  clarification_id: number;
  channel: PublicationChannel;
  url: Nullable<string>;
  published_at: Date;
  recorded_by: number;
  recorded_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  user_id: Nullable<number>;
  action: string;
  entity: string;
  entity_id: string;
  before: Json<Record<string, unknown> | null>;
  after: Json<Record<string, unknown> | null>;
  /** Position in the hash chain (0013); set by the database on insert. */
  seq: Generated<number>;
  /** SHA-256 (hex) over the previous row's hash and this row (0013); set by the database on insert. */
  hash: Generated<string>;
}

export interface ReportsTable {
  id: Generated<number>;
  pipeline: string;
  kind: 'weekly';
  period: string;
  period_start: Date;
  period_end: Date;
  number: string;
  generated_at: Timestamp;
  generated_by: Nullable<number>;
  figures: Json<Record<string, unknown>>;
  html_path: Nullable<string>;
  pdf_path: Nullable<string>;
}

export interface AlertNotificationsTable {
  id: Generated<number>;
  pipeline: string;
  rule_id: string;
  subject: string;
  mode: AlertMode;
  title: string;
  body: string;
  event_count: number;
  created_at: Date;
}

export interface AlertEventsTable {
  id: Generated<number>;
  pipeline: string;
  rule_id: string;
  event_key: string;
  subject: string;
  title: string;
  detail: ColumnType<string, string | undefined, string>;
  link: Nullable<string>;
  occurred_at: Date;
  detected_at: Date;
  notification_id: Nullable<number>;
}

export interface AlertDeliveriesTable {
  id: Generated<number>;
  notification_id: number;
  channel_id: string;
  channel_kind: AlertChannelKind;
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Date;
  last_error: Nullable<string>;
  sent_at: Nullable<Date>;
}

/** A view: analysts' decided verdicts as training labels. */
export interface VerdictLabelsView {
  item_id: number;
  title: string | null;
  text: string;
  verdict: Verdict;
  label: 0 | 1;
  decided_at: Date | null;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
}

export interface JobProcessesTable {
  id: string;
  host: string;
  pid: number;
  role: JobProcessRole;
  worker_ids: ColumnType<string[], string[] | undefined, string[]>;
  started_at: Generated<Date>;
  seen_at: Generated<Date>;
  stopped_at: Date | null;
  stop_reason: string | null;
}
export type JobProcess = Selectable<JobProcessesTable>;

export interface ScheduleTicksTable {
  job: string;
  tick_at: Date;
  claimed_by: string;
  claimed_at: Generated<Date>;
}

/** Bot API updates the Telegram tipline handled (sql/0014); the next offset is max(update_id) + 1. */
export interface TiplineUpdatesTable {
  bot_id: string;
  update_id: number;
  chat_id: Nullable<number>;
  message_id: Nullable<number>;
  sender: Nullable<string>;
  status: 'filed' | 'ignored' | 'refused';
  reason: Nullable<string>;
  item_id: Nullable<number>;
  clarification_id: Nullable<number>;
  received_at: Generated<Date>;
  replied_at: Nullable<Date>;
  reply_error: Nullable<string>;
}

/** One distinct image, by content (sql/0019); the file lives under the data dir (images/store.ts). */
export interface ImagesTable {
  sha256: string;
  format: 'jpeg' | 'png' | 'webp' | 'gif';
  width: number;
  height: number;
  bytes: number;
  first_seen_at: Generated<Date>;
  /** pHash of the full image, then of its windows (images/hash.ts); null until processed. */
  hashes: Nullable<string[]>;
  processed_at: Nullable<Date>;
  ocr_status: ColumnType<OcrStatus, OcrStatus | undefined, OcrStatus>;
  ocr_text: Nullable<string>;
  ocr_error: Nullable<string>;
  ocr_ms: Nullable<number>;
  error: Nullable<string>;
  cluster_id: Nullable<string>;
}
export type OcrStatus = 'pending' | 'success' | 'failure' | 'unavailable';
export type ImageRow = Selectable<ImagesTable>;

/** Which images an item carries, in order (sql/0019). */
export interface ItemImagesTable {
  item_id: number;
  position: number;
  url: Nullable<string>;
  sha256: Nullable<string>;
  status: ColumnType<'pending' | 'stored' | 'failed', 'pending' | 'stored' | 'failed' | undefined, 'pending' | 'stored' | 'failed'>;
  error: Nullable<string>;
  added_at: Generated<Date>;
}
/** One person's in-desk notification (sql/0016), written by the service that made the change. */
export interface DeskNotificationsTable {
  id: Generated<number>;
  user_id: number;
  kind: NotificationKind;
  actor_id: Nullable<number>;
  case_id: Nullable<number>;
  clarification_id: Nullable<number>;
  title: string;
  comment: Nullable<string>;
  created_at: Generated<Date>;
  read_at: Nullable<Date>;
}
export type DeskNotification = Selectable<DeskNotificationsTable>;
/** A desk correction of an item (sql/0017): its class, topic or police unit, by one analyst. */
export interface ItemLabelsTable {
  id: Generated<number>;
  item_id: number;
  user_id: number;
  kind: LabelKind;
  /** An ItemLabel code for `class`; a topic (TOPICS) or a unit name otherwise. */
  value: string;
  /** The item's latest class label, whoever gave it (only class labels are ever not current). */
  current: ColumnType<boolean, boolean | undefined, boolean>;
  /** Never trained on: what candidate models are judged on (a hash of the item id, decided once). */
  heldout: boolean;
  created_at: Timestamp;
}
export type ItemLabelRow = Selectable<ItemLabelsTable>;

/** A model version trained from the desk (sql/0017); its files live in `dir` under the data dir. */
export interface ModelVersionsTable {
  id: string;
  status: ModelStatus;
  dir: string;
  hoax_version: string;
  triage_version: string;
  labels_used: ColumnType<number, number | undefined, number>;
  record: Json<Record<string, unknown>>;
  figures: Json<Record<string, unknown>>;
  /** The figures of the model that was active when this one was judged. */
  baseline_figures: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  /** Why it was promoted or refused, in Indonesian. */
  decision: Nullable<string>;
  created_at: Timestamp;
  promoted_at: Nullable<Date>;
  promoted_by: Nullable<number>;
  /** The version that was active before this one was promoted (null: the shipped models). */
  previous_id: Nullable<string>;
}
export type ModelVersion = Selectable<ModelVersionsTable>;

export interface Database {
  sources: SourcesTable;
  fetch_runs: FetchRunsTable;
  items: ItemsTable;
  item_bands: ItemBandsTable;
  classifications: ClassificationsTable;
  item_embeddings: ItemEmbeddingsTable;
  http_validators: HttpValidatorsTable;
  schema_migrations: SchemaMigrationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  cases: CasesTable;
  case_items: CaseItemsTable;
  reviews: ReviewsTable;
  case_notes: CaseNotesTable;
  clarifications: ClarificationsTable;
  clarification_editors: ClarificationEditorsTable;
  clarification_publications: ClarificationPublicationsTable;
  audit_log: AuditLogTable;
  verdict_labels: VerdictLabelsView;
  reports: ReportsTable;
  job_processes: JobProcessesTable;
  alert_notifications: AlertNotificationsTable;
  alert_events: AlertEventsTable;
  alert_deliveries: AlertDeliveriesTable;
  schedule_ticks: ScheduleTicksTable;
  official_accounts: OfficialAccountsTable;
  tipline_updates: TiplineUpdatesTable;
  images: ImagesTable;
  item_images: ItemImagesTable;
  desk_notifications: DeskNotificationsTable;
  item_labels: ItemLabelsTable;
  model_versions: ModelVersionsTable;
}

export type Source = Selectable<SourcesTable>;
export type FetchRun = Selectable<FetchRunsTable>;
export type Item = Selectable<ItemsTable>;
export type NewItem = Insertable<ItemsTable>;
export type Classification = Selectable<ClassificationsTable>;
export type ItemUpdate = Updateable<ItemsTable>;
export type User = Selectable<UsersTable>;
export type Case = Selectable<CasesTable>;
export type Clarification = Selectable<ClarificationsTable>;
