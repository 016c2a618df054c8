-- open items, by priority (the desk home)
select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", (extract(epoch
  from coalesce(i.published_at, i.fetched_at)) * 1000000)::bigint::text as "seen_us", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from (select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", coalesce(i.published_at, i.fetched_at) as "seen"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $3 and "i"."duplicate_of" is null and "c"."flagged" = $4 and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and ("k2"."verdict" in ($5, $6, $7, $8, $9, $10, $11) or "k2"."complaint_route" is not null))) and "k"."priority" = $12
  order by "c"."priority" desc, "c"."item_id" desc
  limit $13) as "a"
  union all select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", coalesce(i.published_at, i.fetched_at) as "seen"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $14 and "i"."duplicate_of" is null and "c"."flagged" = $15 and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and ("k2"."verdict" in ($16, $17, $18, $19, $20, $21, $22) or "k2"."complaint_route" is not null))) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and true)) and "c"."priority" >= $23
  order by "c"."priority" desc, "c"."item_id" desc
  limit $24) as "b"
  order by "score" desc, "id" desc
  limit $25
  offset $26) as "p"
  inner join "classifications" as "c" on "c"."item_id" = "p"."id" and "c"."model_version" = $27
  inner join "items" as "i" on "i"."id" = "p"."id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  order by "p"."score" desc, "p"."id" desc;

select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", (extract(epoch
  from coalesce(i.published_at, i.fetched_at)) * 1000000)::bigint::text as "seen_us", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from (select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", coalesce(i.published_at, i.fetched_at) as "seen"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $3 and "i"."duplicate_of" is null and "c"."flagged" = $4 and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and ("k2"."verdict" in ($5, $6, $7, $8, $9, $10, $11) or "k2"."complaint_route" is not null))) and "k"."priority" = $12
  order by "c"."priority" desc, "c"."item_id" desc
  limit $13) as "a"
  union all select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", coalesce(i.published_at, i.fetched_at) as "seen"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $14 and "i"."duplicate_of" is null and "c"."flagged" = $15 and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and ("k2"."verdict" in ($16, $17, $18, $19, $20, $21, $22) or "k2"."complaint_route" is not null))) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and true)) and "c"."priority" >= $23 and "c"."priority" < $24
  order by "c"."priority" desc, "c"."item_id" desc
  limit $25) as "b"
  order by "score" desc, "id" desc
  limit $26
  offset $27) as "p"
  inner join "classifications" as "c" on "c"."item_id" = "p"."id" and "c"."model_version" = $28
  inner join "items" as "i" on "i"."id" = "p"."id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  order by "p"."score" desc, "p"."id" desc;

select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", (extract(epoch
  from coalesce(i.published_at, i.fetched_at)) * 1000000)::bigint::text as "seen_us", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from (select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", coalesce(i.published_at, i.fetched_at) as "seen"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $3 and "i"."duplicate_of" is null and "c"."flagged" = $4 and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and ("k2"."verdict" in ($5, $6, $7, $8, $9, $10, $11) or "k2"."complaint_route" is not null))) and "k"."priority" = $12
  order by "c"."priority" desc, "c"."item_id" desc
  limit $13) as "a"
  union all select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", coalesce(i.published_at, i.fetched_at) as "seen"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $14 and "i"."duplicate_of" is null and "c"."flagged" = $15 and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and ("k2"."verdict" in ($16, $17, $18, $19, $20, $21, $22) or "k2"."complaint_route" is not null))) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and true)) and "c"."priority" < $23
  order by "c"."priority" desc, "c"."item_id" desc
  limit $24) as "b"
  order by "score" desc, "id" desc
  limit $25
  offset $26) as "p"
  inner join "classifications" as "c" on "c"."item_id" = "p"."id" and "c"."model_version" = $27
  inner join "items" as "i" on "i"."id" = "p"."id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  order by "p"."score" desc, "p"."id" desc;

select count(*) as "n"
  from (select 1 as "one"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $1 and "i"."duplicate_of" is null and "c"."flagged" = $2 and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and ("k2"."verdict" in ($3, $4, $5, $6, $7, $8, $9) or "k2"."complaint_route" is not null)))
  limit $10) as "t";

-- open items, newest first
select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", (extract(epoch
  from coalesce(i.published_at, i.fetched_at)) * 1000000)::bigint::text as "seen_us", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from (select "c"."item_id" as "id", "c"."priority" as "score", coalesce(i.published_at, i.fetched_at) as "seen"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $3 and "i"."duplicate_of" is null and "c"."flagged" = $4 and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and ("k2"."verdict" in ($5, $6, $7, $8, $9, $10, $11) or "k2"."complaint_route" is not null)))
  order by coalesce(i.published_at, i.fetched_at) desc, "i"."id" desc
  limit $12
  offset $13) as "p"
  inner join "classifications" as "c" on "c"."item_id" = "p"."id" and "c"."model_version" = $14
  inner join "items" as "i" on "i"."id" = "p"."id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  order by "p"."seen" desc, "p"."id" desc;

select count(*) as "n"
  from (select 1 as "one"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $1 and "i"."duplicate_of" is null and "c"."flagged" = $2 and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and ("k2"."verdict" in ($3, $4, $5, $6, $7, $8, $9) or "k2"."complaint_route" is not null)))
  limit $10) as "t";

-- one priority, searched
select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", (extract(epoch
  from coalesce(i.published_at, i.fetched_at)) * 1000000)::bigint::text as "seen_us", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from (select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", coalesce(i.published_at, i.fetched_at) as "seen"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $3 and "i"."duplicate_of" is null and "c"."flagged" = $4 and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and ("k2"."verdict" in ($5, $6, $7, $8, $9, $10, $11) or "k2"."complaint_route" is not null))) and c.queue_search @@ websearch_to_tsquery('indonesian', $12) and "k"."priority" = $13
  order by "c"."priority" desc, "c"."item_id" desc
  limit $14) as "a"
  union all select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", coalesce(i.published_at, i.fetched_at) as "seen"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $15 and "i"."duplicate_of" is null and "c"."flagged" = $16 and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and ("k2"."verdict" in ($17, $18, $19, $20, $21, $22, $23) or "k2"."complaint_route" is not null))) and c.queue_search @@ websearch_to_tsquery('indonesian', $24) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and true)) and "c"."priority" >= $25
  order by "c"."priority" desc, "c"."item_id" desc
  limit $26) as "b"
  order by "score" desc, "id" desc
  limit $27
  offset $28) as "p"
  inner join "classifications" as "c" on "c"."item_id" = "p"."id" and "c"."model_version" = $29
  inner join "items" as "i" on "i"."id" = "p"."id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  order by "p"."score" desc, "p"."id" desc;

select count(*) as "n"
  from (select 1 as "one"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $1 and "i"."duplicate_of" is null and "c"."flagged" = $2 and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and ("k2"."verdict" in ($3, $4, $5, $6, $7, $8, $9) or "k2"."complaint_route" is not null))) and c.queue_search @@ websearch_to_tsquery('indonesian', $10) and "k"."priority" = $11
  limit $12) as "t";

-- old hoaxes circulating again
select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", (extract(epoch
  from coalesce(i.published_at, i.fetched_at)) * 1000000)::bigint::text as "seen_us", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from (select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", coalesce(i.published_at, i.fetched_at) as "seen"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $3 and "i"."duplicate_of" is null and "c"."flagged" = $4 and ("ci"."link" = $5 or ("ci"."case_id" is null and jsonb_array_length(c.case_matches) > 0)) and "k"."priority" = $6
  order by "c"."priority" desc, "c"."item_id" desc
  limit $7) as "a"
  union all select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", coalesce(i.published_at, i.fetched_at) as "seen"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $8 and "i"."duplicate_of" is null and "c"."flagged" = $9 and ("ci"."link" = $10 or ("ci"."case_id" is null and jsonb_array_length(c.case_matches) > 0)) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and true)) and "c"."priority" >= $11
  order by "c"."priority" desc, "c"."item_id" desc
  limit $12) as "b"
  order by "score" desc, "id" desc
  limit $13
  offset $14) as "p"
  inner join "classifications" as "c" on "c"."item_id" = "p"."id" and "c"."model_version" = $15
  inner join "items" as "i" on "i"."id" = "p"."id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  order by "p"."score" desc, "p"."id" desc;

select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", (extract(epoch
  from coalesce(i.published_at, i.fetched_at)) * 1000000)::bigint::text as "seen_us", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from (select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", coalesce(i.published_at, i.fetched_at) as "seen"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $3 and "i"."duplicate_of" is null and "c"."flagged" = $4 and ("ci"."link" = $5 or ("ci"."case_id" is null and jsonb_array_length(c.case_matches) > 0)) and "k"."priority" = $6
  order by "c"."priority" desc, "c"."item_id" desc
  limit $7) as "a"
  union all select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", coalesce(i.published_at, i.fetched_at) as "seen"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $8 and "i"."duplicate_of" is null and "c"."flagged" = $9 and ("ci"."link" = $10 or ("ci"."case_id" is null and jsonb_array_length(c.case_matches) > 0)) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and true)) and "c"."priority" >= $11 and "c"."priority" < $12
  order by "c"."priority" desc, "c"."item_id" desc
  limit $13) as "b"
  order by "score" desc, "id" desc
  limit $14
  offset $15) as "p"
  inner join "classifications" as "c" on "c"."item_id" = "p"."id" and "c"."model_version" = $16
  inner join "items" as "i" on "i"."id" = "p"."id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  order by "p"."score" desc, "p"."id" desc;

select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", (extract(epoch
  from coalesce(i.published_at, i.fetched_at)) * 1000000)::bigint::text as "seen_us", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from (select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", coalesce(i.published_at, i.fetched_at) as "seen"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $3 and "i"."duplicate_of" is null and "c"."flagged" = $4 and ("ci"."link" = $5 or ("ci"."case_id" is null and jsonb_array_length(c.case_matches) > 0)) and "k"."priority" = $6
  order by "c"."priority" desc, "c"."item_id" desc
  limit $7) as "a"
  union all select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", coalesce(i.published_at, i.fetched_at) as "seen"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $8 and "i"."duplicate_of" is null and "c"."flagged" = $9 and ("ci"."link" = $10 or ("ci"."case_id" is null and jsonb_array_length(c.case_matches) > 0)) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and true)) and "c"."priority" < $11
  order by "c"."priority" desc, "c"."item_id" desc
  limit $12) as "b"
  order by "score" desc, "id" desc
  limit $13
  offset $14) as "p"
  inner join "classifications" as "c" on "c"."item_id" = "p"."id" and "c"."model_version" = $15
  inner join "items" as "i" on "i"."id" = "p"."id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  order by "p"."score" desc, "p"."id" desc;

select count(*) as "n"
  from (select 1 as "one"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $1 and "i"."duplicate_of" is null and "c"."flagged" = $2 and ("ci"."link" = $3 or ("ci"."case_id" is null and jsonb_array_length(c.case_matches) > 0))
  limit $4) as "t";

-- complaints
select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", (extract(epoch
  from coalesce(i.published_at, i.fetched_at)) * 1000000)::bigint::text as "seen_us", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from (select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", coalesce(i.published_at, i.fetched_at) as "seen"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $3 and "i"."duplicate_of" is null and ((coalesce((c.police_flags->'kritik_keluhan'->>'flagged')::boolean, false) and not coalesce((c.police_flags->'hoaks_tentang_polisi'->>'flagged')::boolean, false)) or "k"."complaint_route" is not null) and "k"."priority" = $4
  order by "c"."priority" desc, "c"."item_id" desc
  limit $5) as "a"
  union all select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", coalesce(i.published_at, i.fetched_at) as "seen"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $6 and "i"."duplicate_of" is null and ((coalesce((c.police_flags->'kritik_keluhan'->>'flagged')::boolean, false) and not coalesce((c.police_flags->'hoaks_tentang_polisi'->>'flagged')::boolean, false)) or "k"."complaint_route" is not null) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and true)) and "c"."priority" >= $7
  order by "c"."priority" desc, "c"."item_id" desc
  limit $8) as "b"
  order by "score" desc, "id" desc
  limit $9
  offset $10) as "p"
  inner join "classifications" as "c" on "c"."item_id" = "p"."id" and "c"."model_version" = $11
  inner join "items" as "i" on "i"."id" = "p"."id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  order by "p"."score" desc, "p"."id" desc;

select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", (extract(epoch
  from coalesce(i.published_at, i.fetched_at)) * 1000000)::bigint::text as "seen_us", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from (select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", coalesce(i.published_at, i.fetched_at) as "seen"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $3 and "i"."duplicate_of" is null and ((coalesce((c.police_flags->'kritik_keluhan'->>'flagged')::boolean, false) and not coalesce((c.police_flags->'hoaks_tentang_polisi'->>'flagged')::boolean, false)) or "k"."complaint_route" is not null) and "k"."priority" = $4
  order by "c"."priority" desc, "c"."item_id" desc
  limit $5) as "a"
  union all select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", coalesce(i.published_at, i.fetched_at) as "seen"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $6 and "i"."duplicate_of" is null and ((coalesce((c.police_flags->'kritik_keluhan'->>'flagged')::boolean, false) and not coalesce((c.police_flags->'hoaks_tentang_polisi'->>'flagged')::boolean, false)) or "k"."complaint_route" is not null) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and true)) and "c"."priority" >= $7 and "c"."priority" < $8
  order by "c"."priority" desc, "c"."item_id" desc
  limit $9) as "b"
  order by "score" desc, "id" desc
  limit $10
  offset $11) as "p"
  inner join "classifications" as "c" on "c"."item_id" = "p"."id" and "c"."model_version" = $12
  inner join "items" as "i" on "i"."id" = "p"."id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  order by "p"."score" desc, "p"."id" desc;

select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", (extract(epoch
  from coalesce(i.published_at, i.fetched_at)) * 1000000)::bigint::text as "seen_us", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from (select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", coalesce(i.published_at, i.fetched_at) as "seen"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $3 and "i"."duplicate_of" is null and ((coalesce((c.police_flags->'kritik_keluhan'->>'flagged')::boolean, false) and not coalesce((c.police_flags->'hoaks_tentang_polisi'->>'flagged')::boolean, false)) or "k"."complaint_route" is not null) and "k"."priority" = $4
  order by "c"."priority" desc, "c"."item_id" desc
  limit $5) as "a"
  union all select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", coalesce(i.published_at, i.fetched_at) as "seen"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $6 and "i"."duplicate_of" is null and ((coalesce((c.police_flags->'kritik_keluhan'->>'flagged')::boolean, false) and not coalesce((c.police_flags->'hoaks_tentang_polisi'->>'flagged')::boolean, false)) or "k"."complaint_route" is not null) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and true)) and "c"."priority" < $7
  order by "c"."priority" desc, "c"."item_id" desc
  limit $8) as "b"
  order by "score" desc, "id" desc
  limit $9
  offset $10) as "p"
  inner join "classifications" as "c" on "c"."item_id" = "p"."id" and "c"."model_version" = $11
  inner join "items" as "i" on "i"."id" = "p"."id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  order by "p"."score" desc, "p"."id" desc;

select count(*) as "n"
  from (select 1 as "one"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $1 and "i"."duplicate_of" is null and ((coalesce((c.police_flags->'kritik_keluhan'->>'flagged')::boolean, false) and not coalesce((c.police_flags->'hoaks_tentang_polisi'->>'flagged')::boolean, false)) or "k"."complaint_route" is not null)
  limit $2) as "t";
