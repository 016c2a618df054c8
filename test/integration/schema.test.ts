import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/schema.ts';
import * as V from '../../src/vocabulary.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';

// Every column of src/db/schema.ts, spelled out: a key missing here or extra fails to compile,
// and a column the migrations add or drop without schema.ts following fails below.
type Columns = { [T in keyof Database]: { [C in keyof Database[T]]-?: true } };
const DECLARED: Columns = {
  sources: {
    id: true,
    pipeline: true,
    kind: true,
    name: true,
    schedule: true,
    config: true,
    enabled: true,
    created_at: true,
    updated_at: true,
    paused_at: true,
  },
  fetch_runs: {
    id: true,
    source_id: true,
    started_at: true,
    finished_at: true,
    status: true,
    items_fetched: true,
    items_new: true,
    items_updated: true,
    items_duplicate: true,
    items_rejected: true,
    error_code: true,
    error: true,
    problems: true,
    process_id: true,
  },
  items: {
    id: true,
    source_id: true,
    item_key: true,
    external_id: true,
    url: true,
    author: true,
    title: true,
    text: true,
    language: true,
    published_at: true,
    fetched_at: true,
    content_hash: true,
    minhash: true,
    duplicate_of: true,
    duplicate_kind: true,
    views: true,
    likes: true,
    shares: true,
    replies: true,
    raw: true,
    search: true,
  },
  item_bands: { key: true, item_id: true },
  classifications: {
    item_id: true,
    model_version: true,
    classified_at: true,
    hoax_score: true,
    hoax: true,
    police_mentions: true,
    police_units: true,
    police_flags: true,
    topics: true,
    claim_matches: true,
    case_matches: true,
    signals: true,
    source_trust: true,
    priority: true,
    flagged: true,
    reasons: true,
    queue_search: true,
  },
  item_embeddings: { item_id: true, model_id: true, vector: true, created_at: true },
  http_validators: { url: true, etag: true, last_modified: true, updated_at: true },
  schema_migrations: { version: true, name: true, checksum: true, applied_at: true },
  item_labels: { id: true, item_id: true, user_id: true, kind: true, value: true, current: true, heldout: true, created_at: true },
  model_versions: {
    id: true,
    status: true,
    dir: true,
    hoax_version: true,
    triage_version: true,
    labels_used: true,
    record: true,
    figures: true,
    baseline_figures: true,
    decision: true,
    created_at: true,
    promoted_at: true,
    promoted_by: true,
    previous_id: true,
  },
  users: { id: true, username: true, display_name: true, roles: true, password_hash: true, active: true, version: true, created_at: true, updated_at: true },
  sessions: { token_hash: true, user_id: true, csrf_token: true, created_at: true, last_seen_at: true, expires_at: true, user_agent: true },
  login_attempts: { id: true, username: true, ip: true, succeeded: true, at: true },
  cases: {
    id: true,
    title: true,
    verdict: true,
    priority: true,
    assignee_id: true,
    created_by: true,
    created_at: true,
    updated_at: true,
    decided_at: true,
    content_type: true,
    topic: true,
    complaint_route: true,
    complaint_routed_at: true,
    resurfaced_at: true,
    resurfaced_count: true,
    version: true,
  },
  case_items: { item_id: true, case_id: true, added_by: true, added_at: true, link: true, link_score: true },
  official_accounts: {
    id: true,
    pipeline: true,
    kind: true,
    platform: true,
    value: true,
    unit: true,
    rank: true,
    position: true,
    note: true,
    active: true,
    version: true,
    created_at: true,
    updated_at: true,
    updated_by: true,
  },
  tipline_updates: {
    bot_id: true,
    update_id: true,
    chat_id: true,
    message_id: true,
    sender: true,
    status: true,
    reason: true,
    item_id: true,
    clarification_id: true,
    received_at: true,
    replied_at: true,
    reply_error: true,
  },
  images: {
    sha256: true,
    format: true,
    width: true,
    height: true,
    bytes: true,
    first_seen_at: true,
    hashes: true,
    processed_at: true,
    ocr_status: true,
    ocr_text: true,
    ocr_error: true,
    ocr_ms: true,
    error: true,
    cluster_id: true,
  },
  item_images: { item_id: true, position: true, url: true, sha256: true, status: true, error: true, added_at: true },
  reviews: { id: true, case_id: true, reviewer_id: true, verdict: true, comment: true, created_at: true },
  case_notes: { id: true, case_id: true, author_id: true, body: true, evidence_url: true, created_at: true },
  clarifications: {
    id: true,
    case_id: true,
    template: true,
    body: true,
    status: true,
    author_id: true,
    submitted_at: true,
    decided_by: true,
    decided_at: true,
    decision_comment: true,
    published_at: true,
    version: true,
    created_at: true,
    updated_at: true,
  },
  clarification_editors: { clarification_id: true, user_id: true, first_edited_at: true },
  clarification_publications: { id: true, clarification_id: true, channel: true, url: true, published_at: true, recorded_by: true, recorded_at: true },
  audit_log: { id: true, at: true, user_id: true, action: true, entity: true, entity_id: true, before: true, after: true, seq: true, hash: true },
  reports: {
    id: true,
    pipeline: true,
    kind: true,
    period: true,
    period_start: true,
    period_end: true,
    number: true,
    generated_at: true,
    generated_by: true,
    figures: true,
    html_path: true,
    pdf_path: true,
  },
  job_processes: { id: true, host: true, pid: true, role: true, worker_ids: true, started_at: true, seen_at: true, stopped_at: true, stop_reason: true },
  schedule_ticks: { job: true, tick_at: true, claimed_by: true, claimed_at: true },
  alert_notifications: { id: true, pipeline: true, rule_id: true, subject: true, mode: true, title: true, body: true, event_count: true, created_at: true },
  alert_events: {
    id: true,
    pipeline: true,
    rule_id: true,
    event_key: true,
    subject: true,
    title: true,
    detail: true,
    link: true,
    occurred_at: true,
    detected_at: true,
    notification_id: true,
  },
  alert_deliveries: {
    id: true,
    notification_id: true,
    channel_id: true,
    channel_kind: true,
    status: true,
    attempts: true,
    next_attempt_at: true,
    last_error: true,
    sent_at: true,
  },
  desk_notifications: {
    id: true,
    user_id: true,
    kind: true,
    actor_id: true,
    case_id: true,
    clarification_id: true,
    title: true,
    comment: true,
    created_at: true,
    read_at: true,
  },
  verdict_labels: { item_id: true, title: true, text: true, verdict: true, label: true, decided_at: true },
};

let tdb: TestDb;
beforeAll(async () => {
  tdb = await createTestDb();
});
afterAll(() => tdb?.dispose());

describe('schema.ts', () => {
  it('declares exactly the tables and columns the migrations create', async () => {
    const rows = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' order by table_name, ordinal_position`.execute(tdb.db);
    const live: Record<string, string[]> = {};
    for (const r of rows.rows) (live[r.table_name] ??= []).push(r.column_name);
    const declared = Object.fromEntries(Object.entries(DECLARED).map(([t, cols]) => [t, Object.keys(cols).sort()]));
    expect(Object.fromEntries(Object.entries(live).map(([t, cols]) => [t, cols.sort()]))).toEqual(declared);
  });

  it('allows in each coded column exactly the codes vocabulary.ts defines', async () => {
    // table.column → the codes the code base uses; each must equal the column's CHECK list.
    const CODED: Record<string, readonly string[]> = {
      'sources.kind': V.SOURCE_KINDS,
      'fetch_runs.status': V.FETCH_RUN_STATUSES,
      'items.duplicate_kind': V.DUPLICATE_KINDS,
      'classifications.source_trust': V.SOURCE_TRUSTS,
      'users.roles': V.ROLES,
      'cases.verdict': V.VERDICTS,
      'cases.priority': V.PRIORITIES,
      'cases.content_type': V.CONTENT_TYPES,
      'cases.complaint_route': V.COMPLAINT_ROUTES,
      'reviews.verdict': V.VERDICTS,
      'case_items.link': V.CASE_LINKS,
      'clarifications.status': V.CLARIFICATION_STATUSES,
      'clarification_publications.channel': V.PUBLICATION_CHANNELS,
      'official_accounts.kind': V.REGISTRY_KINDS,
      'job_processes.role': V.JOB_PROCESS_ROLES,
      'alert_notifications.mode': V.ALERT_MODES,
      'alert_deliveries.channel_kind': V.ALERT_CHANNEL_KINDS,
      'alert_deliveries.status': V.DELIVERY_STATUSES,
      'desk_notifications.kind': V.NOTIFICATION_KINDS,
      'item_labels.kind': V.LABEL_KINDS,
      'item_labels.value': V.ITEM_LABELS,
      'model_versions.status': V.MODEL_STATUSES,
    };
    const rows = await sql<{ tbl: string; def: string }>`
      select conrelid::regclass::text as tbl, pg_get_constraintdef(oid) as def
      from pg_constraint where contype = 'c' and connamespace = 'public'::regnamespace`.execute(tdb.db);
    const live: Record<string, string[]> = {};
    for (const { tbl, def } of rows.rows) {
      // CHECK ((kind = ANY (ARRAY['rss'::text, …]))) or CHECK (… roles <@ ARRAY['analis'::text, …])
      const m = /\(*([a-z_]+)\)? (?:= ANY \(|<@ )\(?ARRAY\[([^\]]*)\]/.exec(def);
      if (!m) continue;
      live[`${tbl}.${m[1]}`] = [...m[2]!.matchAll(/'([^']*)'/g)].map((x) => x[1]!).sort();
    }
    const expected = Object.fromEntries(Object.entries(CODED).map(([k, v]) => [k, [...v].sort()]));
    expect(Object.fromEntries(Object.keys(CODED).map((k) => [k, live[k]]))).toEqual(expected);
  });
});
