-- 0018: the review queue at a million items (issue 21). A queue page first finds the ids it shows from
-- indexes alone (index-only scans), then reads those rows; before this, every candidate row was read
-- from `items` (1 GB at 1M items) just to test `duplicate_of is null`, and a search fetched ~8,000
-- items to test `@@` while walking the queue in priority order.

-- The queue in page order, ties included (item_id is the tie-break), so a page is an index walk that
-- stops after the page and a keyset cursor (priority, item_id) starts inside the index.
drop index classifications_queue;
create index classifications_queue on classifications (model_version, priority desc, item_id desc) include (topics, police_units) where flagged;

-- The same flagged rows by item: the date-ordered queue walks items newest first and asks, per item,
-- "flagged for this model, and do its topic, unit and score pass?" from this index alone.
create index classifications_flagged_item on classifications (item_id, model_version) include (priority, topics, police_units) where flagged;

-- Items that head their duplicate cluster, with what the queue filters on: the "duplicate_of is null"
-- test, the source filter and the date range become index-only probes instead of reads of the row.
create index items_originals on items (id) include (source_id, published_at, fetched_at) where duplicate_of is null;

-- Newest first, ties by id (the keyset of the date-ordered queue), originals only.
create index items_originals_recent on items (coalesce(published_at, fetched_at) desc, id desc) include (source_id, published_at, fetched_at)
  where duplicate_of is null;

-- Full-text search of the queue: the item's tsvector, copied onto its flagged classifications so a GIN
-- index covers only the ~5 % of rows the queue can show. A search is then a bitmap over the flagged
-- rows that match, not a walk of the whole queue testing each item's text. Kept by triggers: a row's
-- flag (insert or reclassify) and an item's text (an edited article) both refresh the copy.
alter table classifications add column queue_search tsvector;

create function classifications_queue_search() returns trigger language plpgsql as $$
begin
  new.queue_search := case when new.flagged then (select search from items where id = new.item_id) end;
  return new;
end
$$;
create trigger classifications_queue_search before insert or update of flagged, item_id on classifications
  for each row execute function classifications_queue_search();

create function items_queue_search() returns trigger language plpgsql as $$
begin
  update classifications set queue_search = new.search where item_id = new.id and flagged;
  return null;
end
$$;
create trigger items_queue_search after update of title, text on items
  for each row when (old.title is distinct from new.title or old.text is distinct from new.text) execute function items_queue_search();

update classifications c set queue_search = i.search from items i where i.id = c.item_id and c.flagged;
create index classifications_queue_search on classifications using gin (queue_search) where flagged;
