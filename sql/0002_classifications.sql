-- 0002: the classify stage's output. One row per item and model version, so a model update
-- re-classifies into new rows and the old verdicts stay comparable; re-running a stage for the same
-- version upserts (idempotent after a crash).
create table classifications (
  item_id bigint not null references items (id) on delete cascade,
  model_version text not null,
  classified_at timestamptz not null default now(),
  hoax_score real not null check (hoax_score between 0 and 1),
  hoax boolean not null,
  -- [{ start, end, text, unit }] with character offsets into the item's title + "\n" + text
  police_mentions jsonb not null default '[]',
  police_units text[] not null default '{}',
  topics text[] not null default '{}',
  claim_matches jsonb not null default '[]',
  priority real not null check (priority between 0 and 1),
  flagged boolean not null,
  -- every contribution to the priority, with its weight, in Indonesian: what an analyst reads
  reasons jsonb not null default '[]',
  primary key (item_id, model_version)
);
-- The review queue: flagged items by priority, for the current model version.
create index classifications_queue on classifications (model_version, priority desc) where flagged;
