-- 0022: the queue filtered by topic and unit (issue 21). The filters were read from the queue's btree
-- walks (0020), which is quick when a combination is common but, for a rare or empty one, walks every
-- entry of the score range in the count and in each priority bucket (~45,000 at 1M items / 50,000
-- flagged: 186 ms p95 under load, the empty page the slowest).
--
-- A GIN index finds the rows of a topic and a unit directly, but the planner only takes it when it
-- knows the combination is rare, and the statistics of `topics` and `police_units` describe all rows:
-- a topic frequent among all items but never flagged looks common, and the walk is chosen. These
-- copies hold the arrays of queue rows only (null elsewhere), so ANALYZE gives them element
-- frequencies of the queue itself. Generated, not kept by triggers: they only read their own row.
alter table classifications
  add column queue_topics text[] generated always as (case when flagged and queue_original then topics end) stored,
  add column queue_units text[] generated always as (case when flagged and queue_original then police_units end) stored;

-- The walks read the copies from their index too, so a common combination stays an index-only walk.
drop index classifications_queue;
create index classifications_queue on classifications (model_version, priority desc, item_id desc)
  include (topics, police_units, queue_seen_at, queue_topics, queue_units) where flagged and queue_original;
drop index classifications_queue_recent;
create index classifications_queue_recent on classifications (model_version, queue_seen_at desc, item_id desc)
  include (priority, topics, police_units, queue_topics, queue_units) where flagged and queue_original;

create index classifications_queue_filter on classifications using gin (queue_topics, queue_units) where flagged and queue_original;

analyze classifications;
