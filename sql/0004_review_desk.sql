-- 0004: the review desk. People (users, sessions, login attempts), the claims they triage (cases,
-- their items, verdict history, notes), the clarifications humas writes about them, and an
-- append-only audit log of every state change.

create table users (
  id bigserial primary key,
  -- lower-case login name; compared case-insensitively by storing it folded
  username text not null unique check (username ~ '^[a-z0-9][a-z0-9._-]{1,39}$'),
  display_name text not null check (length(display_name) between 1 and 100),
  -- a person may hold several roles (a small Polres has few people); checked against the known set
  roles text[] not null check (cardinality(roles) > 0 and roles <@ array['analis', 'humas', 'pimpinan', 'admin']),
  -- scrypt$N$r$p$salt$hash (base64); never the password
  password_hash text not null,
  active boolean not null default true,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- The cookie holds a random token; only its SHA-256 is stored, so a leaked table opens no session.
create table sessions (
  token_hash text primary key,
  user_id bigint not null references users (id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  user_agent text
);
create index sessions_user on sessions (user_id);

-- Failed and successful logins, for rate limiting (by name and by address) and for the audit trail.
create table login_attempts (
  id bigserial primary key,
  username text not null,
  ip text not null,
  succeeded boolean not null,
  at timestamptz not null default now()
);
create index login_attempts_username on login_attempts (username, at desc);
create index login_attempts_ip on login_attempts (ip, at desc);

-- One claim, however many items carry it.
create table cases (
  id bigserial primary key,
  title text not null check (length(title) between 1 and 500),
  -- null until an analyst decides; 'perlu_verifikasi' keeps the case open
  verdict text check (verdict in ('hoaks', 'disinformasi', 'misinformasi', 'bukan_hoaks', 'perlu_verifikasi')),
  priority text not null default 'sedang' check (priority in ('tinggi', 'sedang', 'rendah')),
  assignee_id bigint references users (id),
  created_by bigint references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- first verdict other than perlu_verifikasi: the report's "time to verdict"
  decided_at timestamptz,
  -- optimistic concurrency: every update says which version it read
  version integer not null default 1
);
create index cases_open on cases (priority, updated_at desc) where verdict is null or verdict = 'perlu_verifikasi';

-- An item belongs to at most one case; merging moves items between cases.
create table case_items (
  item_id bigint primary key references items (id) on delete cascade,
  case_id bigint not null references cases (id) on delete cascade,
  added_by bigint references users (id),
  added_at timestamptz not null default now()
);
create index case_items_case on case_items (case_id);

-- Verdict history: every verdict given, with who and why. cases.verdict is the latest.
create table reviews (
  id bigserial primary key,
  case_id bigint not null references cases (id) on delete cascade,
  reviewer_id bigint not null references users (id),
  verdict text not null check (verdict in ('hoaks', 'disinformasi', 'misinformasi', 'bukan_hoaks', 'perlu_verifikasi')),
  comment text,
  created_at timestamptz not null default now()
);
create index reviews_case on reviews (case_id, created_at);

create table case_notes (
  id bigserial primary key,
  case_id bigint not null references cases (id) on delete cascade,
  author_id bigint not null references users (id),
  body text not null check (length(body) between 1 and 5000),
  -- an evidence link (the original post, an official statement); http(s) only, checked by the app
  evidence_url text,
  created_at timestamptz not null default now()
);
create index case_notes_case on case_notes (case_id, created_at);

create table clarifications (
  id bigserial primary key,
  case_id bigint not null references cases (id) on delete cascade,
  template text not null,
  body text not null check (length(body) between 1 and 10000),
  status text not null default 'draft' check (status in ('draft', 'submitted', 'approved', 'returned', 'published')),
  author_id bigint not null references users (id),
  submitted_at timestamptz,
  decided_by bigint references users (id),
  decided_at timestamptz,
  -- the approver's comment (required when returning)
  decision_comment text,
  published_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index clarifications_case on clarifications (case_id);
create index clarifications_status on clarifications (status, updated_at desc);

-- Where and when an approved clarification went out; one row per channel.
create table clarification_publications (
  id bigserial primary key,
  clarification_id bigint not null references clarifications (id) on delete cascade,
  channel text not null check (channel in ('x', 'instagram', 'facebook', 'whatsapp', 'website', 'lainnya')),
  url text,
  published_at timestamptz not null,
  recorded_by bigint not null references users (id),
  recorded_at timestamptz not null default now()
);
create index clarification_publications_clarification on clarification_publications (clarification_id);

-- Every state change: who, when, what, before and after. Append-only, enforced below.
create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  -- null for the system (CLI without a user, scheduled jobs)
  user_id bigint references users (id),
  action text not null,
  entity text not null,
  entity_id text not null,
  before jsonb,
  after jsonb
);
create index audit_log_entity on audit_log (entity, entity_id, at);
create index audit_log_at on audit_log (at desc);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only (% refused)', tg_op;
end;
$$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_log_append_only();

-- An admin can pause a source without editing the pipeline file; the pipeline sync leaves it alone.
alter table sources add column paused_at timestamptz;

-- Analysts' verdicts as training labels for `npm run train -- --feedback`: one row per item in a
-- decided case; hoaks/disinformasi/misinformasi are 1, bukan_hoaks is 0.
create view verdict_labels as
select i.id as item_id, i.title, i.text, c.verdict, case when c.verdict = 'bukan_hoaks' then 0 else 1 end as label, c.decided_at
from case_items ci
join cases c on c.id = ci.case_id
join items i on i.id = ci.item_id
where c.verdict in ('hoaks', 'disinformasi', 'misinformasi', 'bukan_hoaks');
