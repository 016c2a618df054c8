-- 0008: alerts. The rules and channels live in the pipeline file; what the rules detected, what was
-- sent, and every delivery's outcome live here.
--
-- alert_events: one row per thing a rule detected, keyed so that re-evaluating the same state (every
-- minute) adds nothing: an item id, a topic's hour, a source's silence since a given time.
-- alert_notifications: what was sent, carrying one or many events; the cool-down and the daily digest
-- are decided from the latest notification of a rule and subject.
-- alert_deliveries: one per notification and channel, retried with backoff until sent or given up.
create table alert_notifications (
  id bigserial primary key,
  pipeline text not null,
  rule_id text not null,
  -- the subject of the events it carries ("topic:penipuan", "source:antara-babel"), or '*' for a digest
  subject text not null,
  mode text not null check (mode in ('immediate', 'digest')),
  title text not null,
  body text not null,
  event_count integer not null,
  created_at timestamptz not null
);
create index alert_notifications_last on alert_notifications (pipeline, rule_id, subject, created_at desc);

create table alert_events (
  id bigserial primary key,
  pipeline text not null,
  rule_id text not null,
  event_key text not null,
  subject text not null,
  title text not null,
  detail text not null default '',
  link text,
  occurred_at timestamptz not null,
  detected_at timestamptz not null,
  notification_id bigint references alert_notifications (id),
  unique (pipeline, rule_id, event_key)
);
create index alert_events_pending on alert_events (pipeline, rule_id, subject) where notification_id is null;

create table alert_deliveries (
  id bigserial primary key,
  notification_id bigint not null references alert_notifications (id),
  channel_id text not null,
  channel_kind text not null check (channel_kind in ('email', 'webhook')),
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  last_error text,
  sent_at timestamptz,
  unique (notification_id, channel_id)
);
create index alert_deliveries_due on alert_deliveries (next_attempt_at) where status = 'pending';
