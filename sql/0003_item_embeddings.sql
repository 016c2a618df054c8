-- 0003: sentence embeddings of items, per embedding model. float4[] rather than pgvector: Debian's
-- PostgreSQL 15 has no pgvector package, and one schema must serve PGlite and PostgreSQL alike;
-- similarity is computed in process over the vectors a stage needs (debunks, recent items).
create table item_embeddings (
  item_id bigint not null references items (id) on delete cascade,
  model_id text not null,
  vector real[] not null check (cardinality(vector) > 0),
  created_at timestamptz not null default now(),
  primary key (item_id, model_id)
);
