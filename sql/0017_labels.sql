-- 0017: the desk teaches the model. Every one-click correction an analyst makes on an item is a
-- label (issue 17): its class (bukan hoaks, berita resmi/netral, kritik → pengaduan, mengatasnamakan
-- polisi, hoaks tentang polisi), or a corrected topic or police unit. One row per item, analyst and
-- kind: a second click by the same analyst replaces the first (the audit log keeps both), while two
-- analysts' labels of one item stay apart so their agreement can be measured (Cohen's kappa).
-- `current` marks the item's latest class label, whoever gave it: the queue reads only that one.
-- `heldout` is decided once, when the label is first stored, by a hash of the item id: those labels
-- never train a model and are what every candidate model is judged on.
create table item_labels (
  id bigint generated always as identity primary key,
  item_id bigint not null references items (id) on delete cascade,
  user_id bigint not null references users (id),
  kind text not null check (kind in ('class', 'topic', 'unit')),
  value text not null check (kind <> 'class' or value in ('bukan_hoaks', 'resmi_netral', 'kritik', 'mengatasnamakan', 'hoaks_polisi')),
  current boolean not null default true,
  heldout boolean not null,
  created_at timestamptz not null default now(),
  unique (item_id, user_id, kind)
);
create index item_labels_current on item_labels (item_id) where current and kind = 'class';
create index item_labels_user_day on item_labels (user_id, created_at);

-- Model versions trained from the desk: each a folder under the data dir (both model files, the
-- training record and the figures). At most one is active; none active means the shipped models/.
create table model_versions (
  id text primary key,
  status text not null check (status in ('candidate', 'refused', 'active', 'retired')),
  dir text not null,
  hoax_version text not null,
  triage_version text not null,
  labels_used int not null default 0,
  record jsonb not null default '{}',
  figures jsonb not null default '{}',
  baseline_figures jsonb,
  decision text,
  created_at timestamptz not null default now(),
  promoted_at timestamptz,
  promoted_by bigint references users (id),
  previous_id text references model_versions (id)
);
create unique index model_versions_one_active on model_versions ((true)) where status = 'active';
