-- 0006: weekly reports for the Kapolres. One row per pipeline and ISO week; regenerating replaces the
-- files and the figures. The figures are kept as JSON so the web page can list them without the files.
create table reports (
  id bigserial primary key,
  pipeline text not null,
  kind text not null check (kind in ('weekly')),
  -- "2026-W47"
  period text not null,
  period_start timestamptz not null,
  period_end timestamptz not null,
  number text not null,
  generated_at timestamptz not null default now(),
  -- null when the scheduler or the CLI made it
  generated_by bigint references users (id),
  figures jsonb not null,
  html_path text,
  pdf_path text,
  unique (pipeline, kind, period)
);

-- The report counts items by when Saring first saw them.
create index items_fetched on items (fetched_at);
