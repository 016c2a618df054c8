-- 0020: a queue page read from the flagged classifications alone (issue 21). After 0018 every candidate
-- row was still probed in `items` to test `duplicate_of is null` (the open queue's capped count merged
-- 20,000 entries of an index over all items for its 1,000 rows) and a page by date walked every item
-- newest first. A flagged row now carries the two facts of its item the queue filters and sorts on,
-- and the queue's indexes hold "flagged and heads its duplicate cluster" in their predicate, so a page
-- or a count is one walk of a small index over the rows it can show.
--
-- queue_original: the item heads its duplicate cluster (items.duplicate_of is null).
-- queue_seen_at: when the item was seen, coalesce(published_at, fetched_at): the date order.
-- Both are set on flagged rows only, like queue_search (0018): every queue index is over flagged rows,
-- and leaving the rest alone costs the classify stage no item lookup for the 95 % it does not flag.
alter table classifications add column queue_original boolean, add column queue_seen_at timestamptz;

-- One trigger per side fills all three copies: a flag set (insert or reclassify) reads the item once;
-- an item edited in place (replaceContent: text, dates) or relinked refreshes its flagged rows.
drop trigger classifications_queue_search on classifications;
drop trigger items_queue_search on items;
drop function classifications_queue_search();
drop function items_queue_search();

create function classifications_queue_copy() returns trigger language plpgsql as $$
begin
  if new.flagged then
    select i.search, i.duplicate_of is null, coalesce(i.published_at, i.fetched_at)
      into new.queue_search, new.queue_original, new.queue_seen_at
      from items i where i.id = new.item_id;
  else
    new.queue_search := null;
    new.queue_original := null;
    new.queue_seen_at := null;
  end if;
  return new;
end
$$;
create trigger classifications_queue_copy before insert or update of flagged, item_id on classifications
  for each row execute function classifications_queue_copy();

create function items_queue_copy() returns trigger language plpgsql as $$
begin
  update classifications
    set queue_search = new.search, queue_original = new.duplicate_of is null, queue_seen_at = coalesce(new.published_at, new.fetched_at)
    where item_id = new.id and flagged;
  return null;
end
$$;
create trigger items_queue_copy after update of title, text, published_at, fetched_at, duplicate_of on items
  for each row when (
    old.title is distinct from new.title or old.text is distinct from new.text or old.published_at is distinct from new.published_at
    or old.fetched_at is distinct from new.fetched_at or old.duplicate_of is distinct from new.duplicate_of
  ) execute function items_queue_copy();

update classifications c set queue_original = i.duplicate_of is null, queue_seen_at = coalesce(i.published_at, i.fetched_at)
  from items i where i.id = c.item_id and c.flagged;

-- The queue by priority (ties by item, the keyset (priority, item_id)): topic, unit and date filters are
-- read from the index, so a filtered page or count visits no table.
drop index classifications_queue;
create index classifications_queue on classifications (model_version, priority desc, item_id desc) include (topics, police_units, queue_seen_at)
  where flagged and queue_original;

-- The queue by date, newest first, ties by item (the keyset (seen, item_id)): page 20 by offset walks
-- 1,000 entries of this index instead of 20,000 items.
create index classifications_queue_recent on classifications (model_version, queue_seen_at desc, item_id desc) include (priority, topics, police_units)
  where flagged and queue_original;

-- Full-text search over the same rows: the bitmap holds only the rows the queue can show.
drop index classifications_queue_search;
create index classifications_queue_search on classifications using gin (queue_search) where flagged and queue_original;
