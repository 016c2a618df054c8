-- 0024: a queue row knows its case (issue 21). The queue is ordered by the analysts' priority, then the
-- score, and filtered by what the case says (open, waiting, decided, routed, assigned) and by the
-- item's class correction. Those facts lived only in `cases`, `case_items` and `item_labels`, so a
-- page walked each priority twice (its cases, and the unopened items whose score stands for it) with
-- an anti-join per row read or a hashed set of every case at that priority, and the planner, which
-- cannot know that case items are queue rows, often joined and sorted them all instead.
--
-- A flagged row now carries its item's case state, kept by triggers on the three tables, and the
-- priority it is shown under (queue_bucket), so every status is one walk of one index in the page's
-- own order. With a year of desk use beside the queue (bench:web's data sets), a page's rows and
-- capped count: on PGlite at 100,000 items the open queue 10.6 → 4.9 ms, `diputuskan` 16 → 3.7 ms,
-- page 20 by priority 7.4 → 2.8 ms; on PostgreSQL at 1,000,000 items the open queue 11–15 → 5–7 ms,
-- `diputuskan` 205 → 6 ms, `hlbk` 394 → 15 ms, and complaint handling (below) 1.7 s → 60 ms.
--
-- Like the other queue copies (0018, 0020), these are set on flagged rows only (null elsewhere): the
-- classify stage looks nothing up for the rows it does not flag.
alter table classifications
  add column queue_case_priority text,
  add column queue_verdict text,
  add column queue_complaint_route text,
  add column queue_assignee_id bigint,
  add column queue_link text,
  -- the item's current class correction (item_labels: the newest one is current)
  add column queue_label text;

-- 1 tinggi, 2 sedang, 3 rendah: the case's priority, else the one the score stands for, which a case
-- opened on the item starts with. The thresholds are vocabulary.ts's PRIORITY_THRESHOLDS, compared as
-- the column's type (real), as the queue always compared them; test/integration/review-cases.test.ts
-- checks the two agree.
alter table classifications add column queue_bucket smallint generated always as (
  case when flagged and queue_original then
    case coalesce(queue_case_priority, case when priority >= 0.7::real then 'tinggi' when priority >= 0.45::real then 'sedang' else 'rendah' end)
      when 'tinggi' then 1 when 'sedang' then 2 else 3 end
  end) stored,
  -- Queue rows: the item repeats a decided case's claim (case_matches, HLBK), for the hlbk status
  -- read from the index; as a test of the row's JSON it read the table for every queue row.
  add column queue_matched boolean generated always as (case when flagged and queue_original then jsonb_array_length(case_matches) > 0 end) stored;

-- An item's current class correction (the newest is current; another analyst's replaces it).
create function queue_label_of(p_item bigint) returns text language sql stable as $$
  select l.value from item_labels l where l.item_id = p_item and l.current and l.kind = 'class' order by l.created_at desc, l.id desc limit 1
$$;

-- A flag set (insert, reclassification) reads the item's case and correction once, beside its copies.
create or replace function classifications_queue_copy() returns trigger language plpgsql as $$
begin
  if new.flagged then
    select i.search, i.duplicate_of is null, coalesce(i.published_at, i.fetched_at)
      into new.queue_search, new.queue_original, new.queue_seen_at
      from items i where i.id = new.item_id;
    -- no case: every field null
    select k.priority, k.verdict, k.complaint_route, k.assignee_id, ci.link
      into new.queue_case_priority, new.queue_verdict, new.queue_complaint_route, new.queue_assignee_id, new.queue_link
      from case_items ci join cases k on k.id = ci.case_id where ci.item_id = new.item_id;
    new.queue_label := queue_label_of(new.item_id);
  else
    new.queue_search := null;
    new.queue_original := null;
    new.queue_seen_at := null;
    new.queue_case_priority := null;
    new.queue_verdict := null;
    new.queue_complaint_route := null;
    new.queue_assignee_id := null;
    new.queue_link := null;
    new.queue_label := null;
  end if;
  return new;
end
$$;

-- An item's flagged rows take its case as it now stands (none: nulls).
create function queue_case_refresh(p_item bigint) returns void language sql as $$
  update classifications c
    set (queue_case_priority, queue_verdict, queue_complaint_route, queue_assignee_id, queue_link) =
      (select k.priority, k.verdict, k.complaint_route, k.assignee_id, ci.link from case_items ci join cases k on k.id = ci.case_id where ci.item_id = p_item)
    where c.item_id = p_item and c.flagged
$$;

-- An item added to a case, moved by a merge, relinked or taken out.
create function case_items_queue_state() returns trigger language plpgsql as $$
begin
  if tg_op in ('INSERT', 'UPDATE') then perform queue_case_refresh(new.item_id); end if;
  if tg_op = 'DELETE' or (tg_op = 'UPDATE' and old.item_id <> new.item_id) then perform queue_case_refresh(old.item_id); end if;
  return null;
end
$$;
create trigger case_items_queue_state after insert or delete or update of item_id, case_id, link on case_items
  for each row execute function case_items_queue_state();

-- A case reprioritised, decided, routed or reassigned: each of its items' flagged rows.
create function cases_queue_state() returns trigger language plpgsql as $$
begin
  update classifications c
    set queue_case_priority = new.priority, queue_verdict = new.verdict, queue_complaint_route = new.complaint_route, queue_assignee_id = new.assignee_id
    from case_items ci where ci.case_id = new.id and c.item_id = ci.item_id and c.flagged;
  return null;
end
$$;
create trigger cases_queue_state after update of priority, verdict, complaint_route, assignee_id on cases
  for each row when (
    old.priority is distinct from new.priority or old.verdict is distinct from new.verdict
    or old.complaint_route is distinct from new.complaint_route or old.assignee_id is distinct from new.assignee_id
  ) execute function cases_queue_state();

-- A class correction given, replaced (the earlier one stops being current) or removed.
create function item_labels_queue_state() returns trigger language plpgsql as $$
declare
  item bigint := case when tg_op = 'DELETE' then old.item_id else new.item_id end;
begin
  update classifications c
    set queue_label = queue_label_of(item)
    where c.item_id = item and c.flagged;
  return null;
end
$$;
create trigger item_labels_queue_state after insert or delete or update on item_labels
  for each row execute function item_labels_queue_state();

-- TRUNCATE fires no row triggers: emptied desk tables leave no case or correction behind.
create function queue_case_cleared() returns trigger language plpgsql as $$
begin
  if tg_table_name = 'item_labels' then
    update classifications set queue_label = null where queue_label is not null;
  else
    update classifications
      set queue_case_priority = null, queue_verdict = null, queue_complaint_route = null, queue_assignee_id = null, queue_link = null
      where queue_case_priority is not null;
  end if;
  return null;
end
$$;
create trigger case_items_queue_cleared after truncate on case_items for each statement execute function queue_case_cleared();
create trigger cases_queue_cleared after truncate on cases for each statement execute function queue_case_cleared();
create trigger item_labels_queue_cleared after truncate on item_labels for each statement execute function queue_case_cleared();

-- Derived state follows its source whatever the session: a session in `session_replication_role =
-- replica` (how the audit log's append-only guard is passed to empty the desk tables) skips ordinary
-- triggers, and would leave queue rows with cases that no longer exist.
alter table case_items enable always trigger case_items_queue_state, enable always trigger case_items_queue_cleared;
alter table cases enable always trigger cases_queue_state, enable always trigger cases_queue_cleared;
alter table item_labels enable always trigger item_labels_queue_state, enable always trigger item_labels_queue_cleared;

update classifications c
  set queue_case_priority = k.priority, queue_verdict = k.verdict, queue_complaint_route = k.complaint_route, queue_assignee_id = k.assignee_id, queue_link = ci.link
  from case_items ci join cases k on k.id = ci.case_id
  where ci.item_id = c.item_id and c.flagged;
update classifications c
  set queue_label = l.value
  from (select distinct on (item_id) item_id, value from item_labels where current and kind = 'class' order by item_id, created_at desc, id desc) l
  where l.item_id = c.item_id and c.flagged;

-- The queue in its page order (bucket, score, item) with what the statuses and filters test, so a page
-- or a capped count of any status is an index-only walk.
drop index classifications_queue;
create index classifications_queue on classifications (model_version, queue_bucket, priority desc, item_id desc)
  include (queue_seen_at, queue_topics, queue_units, queue_verdict, queue_complaint_route, queue_assignee_id, queue_label, queue_case_priority, queue_link, queue_matched)
  where flagged and queue_original;
drop index classifications_queue_recent;
create index classifications_queue_recent on classifications (model_version, queue_seen_at desc, item_id desc)
  include (priority, queue_bucket, queue_topics, queue_units, queue_verdict, queue_complaint_route, queue_assignee_id, queue_label, queue_case_priority, queue_link, queue_matched)
  where flagged and queue_original;

-- Complaint handling (`pengaduan`) starts from criticism of the police, flagged or not: its rows, found
-- without reading every classification. The predicate is CRITICISM_ONLY (src/db/cases.repo.ts) as the
-- planner must see it to use the index; test/integration/review-cases.test.ts checks the two agree.
create index classifications_criticism on classifications (model_version, item_id)
  where (coalesce((police_flags->'kritik_keluhan'->>'flagged')::boolean, false) and not coalesce((police_flags->'hoaks_tentang_polisi'->>'flagged')::boolean, false));
-- The planner estimates each of the two flags as true half the time without these (a quarter of all
-- rows criticism), and joined every item by hash to find them: 1.2 s at 1M items, 50 ms with them.
create statistics classifications_criticism_flags on
  (coalesce((police_flags->'kritik_keluhan'->>'flagged')::boolean, false)), (coalesce((police_flags->'hoaks_tentang_polisi'->>'flagged')::boolean, false))
  from classifications;

analyze classifications;
-- The new column rewrote the table (migrate.ts):
-- after: vacuum classifications
