-- 0025: complaint handling (`pengaduan`) read from an index of its own rows (issue 21). Every other
-- status is one walk of the queue's index over copies that flagged rows carry (0020, 0024); complaint
-- handling also shows criticism of the police that was not flagged, items of cases routed to Dumas or
-- Propam and items corrected to `kritik`, and those rows carried no copies. A page gathered the three
-- sets and joined every member to its item (duplicate?), case (priority, for the order) and
-- classification before sorting them: with a year of desk use and 1 % of items criticism, ~13,000
-- rows for a page of 50 at 1,000,000 items.
--
-- The rows complaint handling shows now carry the same copies (item, case, correction) as queue rows,
-- kept by the same triggers, and `queue_complaint` says which they are, under an index in the page's
-- order: a page or a capped count is one walk, as for the other statuses. A row carries the copies
-- when it is flagged or criticism of the police, or its item's case was routed or its item corrected
-- to `kritik` (the classify stage now asks that of an unflagged row: one statement of two index
-- probes, within the noise of bench:classify's classify stage on PGlite).

-- Criticism of the police and no hoax about them, by the row's own flags: the classifier's call that
-- sends an item to complaint handling. The one definition (src/db/cases.repo.ts CRITICISM_ONLY calls it).
create function criticism_only(flags jsonb) returns boolean language sql immutable parallel safe as $$
  select coalesce((flags->'kritik_keluhan'->>'flagged')::boolean, false) and not coalesce((flags->'hoaks_tentang_polisi'->>'flagged')::boolean, false)
$$;

-- A row set (insert, reclassification, new flags) or refreshed (below) reads its item, case and
-- correction when it is a row the desk shows. An unflagged row that is not criticism is one only
-- through its case's route or a `kritik` correction: asked in one statement (most rows have neither,
-- and each statement a trigger runs costs the classify stage more than the index probes in it).
create or replace function classifications_queue_copy() returns trigger language plpgsql as $$
begin
  if new.flagged or criticism_only(new.police_flags)
    or exists (select 1 from case_items ci join cases k on k.id = ci.case_id where ci.item_id = new.item_id and k.complaint_route is not null)
    or queue_label_of(new.item_id) = 'kritik' then
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
drop trigger classifications_queue_copy on classifications;
create trigger classifications_queue_copy before insert or update of flagged, item_id, police_flags on classifications
  for each row execute function classifications_queue_copy();
-- The desk tables' triggers (0024, enabled always) refresh rows through this one, so it must fire in a
-- session in `session_replication_role = replica` too (emptying the desk tables).
alter table classifications enable always trigger classifications_queue_copy;

-- An item's rows read their case and correction again (the trigger above decides what they carry): a
-- change of case or correction can make an unflagged row one the desk shows, or no longer.
create function queue_rows_refresh(p_items bigint[]) returns void language sql as $$
  update classifications c set flagged = c.flagged where c.item_id = any(p_items)
$$;

create or replace function queue_case_refresh(p_item bigint) returns void language sql as $$
  select queue_rows_refresh(array[p_item])
$$;

create or replace function cases_queue_state() returns trigger language plpgsql as $$
begin
  perform queue_rows_refresh(array(select ci.item_id from case_items ci where ci.case_id = new.id));
  return null;
end
$$;

create or replace function item_labels_queue_state() returns trigger language plpgsql as $$
begin
  perform queue_rows_refresh(array[case when tg_op = 'DELETE' then old.item_id else new.item_id end]);
  return null;
end
$$;

-- Emptied desk tables (TRUNCATE fires no row triggers): the rows that had a case or a correction.
create or replace function queue_case_cleared() returns trigger language plpgsql as $$
begin
  if tg_table_name = 'item_labels' then
    update classifications set flagged = flagged where queue_label is not null;
  else
    update classifications set flagged = flagged where queue_case_priority is not null;
  end if;
  return null;
end
$$;

-- An item edited in place or relinked: the rows that carry its copies.
create or replace function items_queue_copy() returns trigger language plpgsql as $$
begin
  update classifications
    set queue_search = new.search, queue_original = new.duplicate_of is null, queue_seen_at = coalesce(new.published_at, new.fetched_at)
    where item_id = new.id and queue_original is not null;
  return null;
end
$$;

-- The priority shown, for every row that carries copies and heads its cluster (was: flagged ones), and
-- which of those complaint handling shows. Dropping the column drops the two queue indexes over it.
alter table classifications drop column queue_bucket;
alter table classifications
  add column queue_bucket smallint generated always as (
    case when queue_original then
      case coalesce(queue_case_priority, case when priority >= 0.7::real then 'tinggi' when priority >= 0.45::real then 'sedang' else 'rendah' end)
        when 'tinggi' then 1 when 'sedang' then 2 else 3 end
    end) stored,
  add column queue_complaint boolean generated always as (
    case when queue_original then criticism_only(police_flags) or queue_complaint_route is not null or queue_label = 'kritik' end) stored;

-- The rows that now carry copies: criticism, and items of routed cases or corrected to `kritik`.
select queue_rows_refresh(array(
  select item_id from classifications where not flagged and criticism_only(police_flags)
  union select ci.item_id from case_items ci join cases k on k.id = ci.case_id where k.complaint_route is not null
  union select item_id from item_labels where current and kind = 'class' and value = 'kritik'));

create index classifications_queue on classifications (model_version, queue_bucket, priority desc, item_id desc)
  include (queue_seen_at, queue_topics, queue_units, queue_verdict, queue_complaint_route, queue_assignee_id, queue_label, queue_case_priority, queue_link, queue_matched)
  where flagged and queue_original;
create index classifications_queue_recent on classifications (model_version, queue_seen_at desc, item_id desc)
  include (priority, queue_bucket, queue_topics, queue_units, queue_verdict, queue_complaint_route, queue_assignee_id, queue_label, queue_case_priority, queue_link, queue_matched)
  where flagged and queue_original;

-- Complaint handling in its two orders, with what its filters read (the arrays themselves: its rows
-- are mostly unflagged, whose queue_topics/queue_units are null).
create index classifications_complaints on classifications (model_version, queue_bucket, priority desc, item_id desc)
  include (queue_seen_at, queue_assignee_id, topics, police_units)
  where queue_complaint;
create index classifications_complaints_recent on classifications (model_version, queue_seen_at desc, item_id desc)
  include (priority, queue_bucket, queue_assignee_id, topics, police_units)
  where queue_complaint;

-- Complaint handling found criticism by this index (0024); it reads its own now.
drop index classifications_criticism;

analyze classifications;
-- The new columns rewrote the table (migrate.ts):
-- after: vacuum classifications
