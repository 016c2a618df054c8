-- 0023: the planner's estimate of the queue's rows (issue 21). `queue_original` is set on flagged rows
-- only (0020: null elsewhere), so `flagged and queue_original` is as selective as `flagged` alone; the
-- planner multiplies the two selectivities as if they were independent and expects a twentieth of the
-- rows there are (282 of 5,000 at 100,000 items). With so few expected, it joins and sorts every row
-- of a score range instead of walking the queue index and stopping after a page: with a year of cases
-- beside 1,000,000 items the open queue cost PostgreSQL 103 ms of CPU per request, 11 ms with these
-- statistics (bench:web). Functional-dependency statistics tell it that one implies the other.
create statistics classifications_queue_flags (dependencies) on flagged, queue_original from classifications;
analyze classifications;
