-- open items, by priority (the desk home)
select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", (extract(epoch
  from coalesce(i.published_at, i.fetched_at)) * 1000000)::bigint::text as "seen_us", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from (select "c"."item_id" as "id", "c"."priority" as "score", c.queue_seen_at as "seen", c.queue_bucket as "bucket"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $3 and "c"."flagged" = $4 and "c"."queue_original" = $5 and (c.queue_label is null or c.queue_label not in ($6, $7, $8)) and ("c"."queue_verdict" is null or "c"."queue_verdict" not in ($9, $10, $11, $12, $13, $14, $15)) and "c"."queue_complaint_route" is null
  order by c.queue_bucket, "c"."priority" desc, "c"."item_id" desc
  limit $16
  offset $17) as "p"
  inner join "classifications" as "c" on "c"."item_id" = "p"."id" and "c"."model_version" = $18
  inner join "items" as "i" on "i"."id" = "p"."id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  order by "p"."bucket", "p"."score" desc, "p"."id" desc;

select count(*) as "n"
  from (select 1 as "one"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $1 and "c"."flagged" = $2 and "c"."queue_original" = $3 and (c.queue_label is null or c.queue_label not in ($4, $5, $6)) and ("c"."queue_verdict" is null or "c"."queue_verdict" not in ($7, $8, $9, $10, $11, $12, $13)) and "c"."queue_complaint_route" is null
  limit $14) as "t";

-- open items, newest first
select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", (extract(epoch
  from coalesce(i.published_at, i.fetched_at)) * 1000000)::bigint::text as "seen_us", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from (select "c"."item_id" as "id", "c"."priority" as "score", c.queue_seen_at as "seen", c.queue_bucket as "bucket"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $3 and "c"."flagged" = $4 and "c"."queue_original" = $5 and (c.queue_label is null or c.queue_label not in ($6, $7, $8)) and ("c"."queue_verdict" is null or "c"."queue_verdict" not in ($9, $10, $11, $12, $13, $14, $15)) and "c"."queue_complaint_route" is null
  order by c.queue_seen_at desc, "c"."item_id" desc
  limit $16
  offset $17) as "p"
  inner join "classifications" as "c" on "c"."item_id" = "p"."id" and "c"."model_version" = $18
  inner join "items" as "i" on "i"."id" = "p"."id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  order by "p"."seen" desc, "p"."id" desc;

select count(*) as "n"
  from (select 1 as "one"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $1 and "c"."flagged" = $2 and "c"."queue_original" = $3 and (c.queue_label is null or c.queue_label not in ($4, $5, $6)) and ("c"."queue_verdict" is null or "c"."queue_verdict" not in ($7, $8, $9, $10, $11, $12, $13)) and "c"."queue_complaint_route" is null
  limit $14) as "t";

-- one priority, searched
select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", (extract(epoch
  from coalesce(i.published_at, i.fetched_at)) * 1000000)::bigint::text as "seen_us", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from (select "c"."item_id" as "id", "c"."priority" as "score", c.queue_seen_at as "seen", c.queue_bucket as "bucket"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $3 and "c"."flagged" = $4 and "c"."queue_original" = $5 and (c.queue_label is null or c.queue_label not in ($6, $7, $8)) and ("c"."queue_verdict" is null or "c"."queue_verdict" not in ($9, $10, $11, $12, $13, $14, $15)) and "c"."queue_complaint_route" is null and c.queue_bucket = $16 and c.queue_search @@ websearch_to_tsquery('indonesian', $17)
  order by c.queue_bucket, "c"."priority" desc, "c"."item_id" desc
  limit $18
  offset $19) as "p"
  inner join "classifications" as "c" on "c"."item_id" = "p"."id" and "c"."model_version" = $20
  inner join "items" as "i" on "i"."id" = "p"."id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  order by "p"."bucket", "p"."score" desc, "p"."id" desc;

select count(*) as "n"
  from (select 1 as "one"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $1 and "c"."flagged" = $2 and "c"."queue_original" = $3 and (c.queue_label is null or c.queue_label not in ($4, $5, $6)) and ("c"."queue_verdict" is null or "c"."queue_verdict" not in ($7, $8, $9, $10, $11, $12, $13)) and "c"."queue_complaint_route" is null and c.queue_bucket = $14 and c.queue_search @@ websearch_to_tsquery('indonesian', $15)
  limit $16) as "t";

-- old hoaxes circulating again
select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", (extract(epoch
  from coalesce(i.published_at, i.fetched_at)) * 1000000)::bigint::text as "seen_us", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from (select "c"."item_id" as "id", "c"."priority" as "score", c.queue_seen_at as "seen", c.queue_bucket as "bucket"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $3 and "c"."flagged" = $4 and "c"."queue_original" = $5 and ("c"."queue_link" = $6 or ("c"."queue_case_priority" is null and "c"."queue_matched" = $7))
  order by c.queue_bucket, "c"."priority" desc, "c"."item_id" desc
  limit $8
  offset $9) as "p"
  inner join "classifications" as "c" on "c"."item_id" = "p"."id" and "c"."model_version" = $10
  inner join "items" as "i" on "i"."id" = "p"."id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  order by "p"."bucket", "p"."score" desc, "p"."id" desc;

select count(*) as "n"
  from (select 1 as "one"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $1 and "c"."flagged" = $2 and "c"."queue_original" = $3 and ("c"."queue_link" = $4 or ("c"."queue_case_priority" is null and "c"."queue_matched" = $5))
  limit $6) as "t";

-- complaints
select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", (extract(epoch
  from coalesce(i.published_at, i.fetched_at)) * 1000000)::bigint::text as "seen_us", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from (select "c"."item_id" as "id", "c"."priority" as "score", c.queue_seen_at as "seen", c.queue_bucket as "bucket"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $3 and "c"."queue_complaint" = $4
  order by c.queue_bucket, "c"."priority" desc, "c"."item_id" desc
  limit $5
  offset $6) as "p"
  inner join "classifications" as "c" on "c"."item_id" = "p"."id" and "c"."model_version" = $7
  inner join "items" as "i" on "i"."id" = "p"."id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  order by "p"."bucket", "p"."score" desc, "p"."id" desc;

select count(*) as "n"
  from (select 1 as "one"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $1 and "c"."queue_complaint" = $2
  limit $3) as "t";
