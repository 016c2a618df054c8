-- open items, by priority (the desk home)
select *
  from (select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  where "c"."model_version" = $3 and "i"."duplicate_of" is null and "c"."flagged" = $4 and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and ("k2"."verdict" in ($5, $6, $7, $8, $9, $10, $11) or "k2"."complaint_route" is not null))) and "k"."priority" = $12
  order by "c"."priority" desc, "i"."id" desc
  limit $13) as "a"
  union all select *
  from (select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $14 then 'tinggi' when c.priority >= $15 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  where "c"."model_version" = $16 and "i"."duplicate_of" is null and "c"."flagged" = $17 and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and ("k2"."verdict" in ($18, $19, $20, $21, $22, $23, $24) or "k2"."complaint_route" is not null))) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and true)) and "c"."priority" >= $25
  order by "c"."priority" desc, "i"."id" desc
  limit $26) as "b"
  order by "score" desc, "id" desc
  limit $27
  offset $28;

select *
  from (select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  where "c"."model_version" = $3 and "i"."duplicate_of" is null and "c"."flagged" = $4 and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and ("k2"."verdict" in ($5, $6, $7, $8, $9, $10, $11) or "k2"."complaint_route" is not null))) and "k"."priority" = $12
  order by "c"."priority" desc, "i"."id" desc
  limit $13) as "a"
  union all select *
  from (select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $14 then 'tinggi' when c.priority >= $15 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  where "c"."model_version" = $16 and "i"."duplicate_of" is null and "c"."flagged" = $17 and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and ("k2"."verdict" in ($18, $19, $20, $21, $22, $23, $24) or "k2"."complaint_route" is not null))) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and true)) and "c"."priority" >= $25 and "c"."priority" < $26
  order by "c"."priority" desc, "i"."id" desc
  limit $27) as "b"
  order by "score" desc, "id" desc
  limit $28
  offset $29;

select *
  from (select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  where "c"."model_version" = $3 and "i"."duplicate_of" is null and "c"."flagged" = $4 and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and ("k2"."verdict" in ($5, $6, $7, $8, $9, $10, $11) or "k2"."complaint_route" is not null))) and "k"."priority" = $12
  order by "c"."priority" desc, "i"."id" desc
  limit $13) as "a"
  union all select *
  from (select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $14 then 'tinggi' when c.priority >= $15 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  where "c"."model_version" = $16 and "i"."duplicate_of" is null and "c"."flagged" = $17 and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and ("k2"."verdict" in ($18, $19, $20, $21, $22, $23, $24) or "k2"."complaint_route" is not null))) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and true)) and "c"."priority" < $25
  order by "c"."priority" desc, "i"."id" desc
  limit $26) as "b"
  order by "score" desc, "id" desc
  limit $27
  offset $28;

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
select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  where "c"."model_version" = $3 and "i"."duplicate_of" is null and "c"."flagged" = $4 and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and ("k2"."verdict" in ($5, $6, $7, $8, $9, $10, $11) or "k2"."complaint_route" is not null)))
  order by coalesce(i.published_at, i.fetched_at) desc, "i"."id" desc
  limit $12
  offset $13;

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
select *
  from (select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  where "c"."model_version" = $3 and "i"."duplicate_of" is null and "c"."flagged" = $4 and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and ("k2"."verdict" in ($5, $6, $7, $8, $9, $10, $11) or "k2"."complaint_route" is not null))) and i.search @@ websearch_to_tsquery('indonesian', $12) and "k"."priority" = $13
  order by "c"."priority" desc, "i"."id" desc
  limit $14) as "a"
  union all select *
  from (select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $15 then 'tinggi' when c.priority >= $16 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  where "c"."model_version" = $17 and "i"."duplicate_of" is null and "c"."flagged" = $18 and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and ("k2"."verdict" in ($19, $20, $21, $22, $23, $24, $25) or "k2"."complaint_route" is not null))) and i.search @@ websearch_to_tsquery('indonesian', $26) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and true)) and "c"."priority" >= $27
  order by "c"."priority" desc, "i"."id" desc
  limit $28) as "b"
  order by "score" desc, "id" desc
  limit $29
  offset $30;

select count(*) as "n"
  from (select 1 as "one"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $1 and "i"."duplicate_of" is null and "c"."flagged" = $2 and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and ("k2"."verdict" in ($3, $4, $5, $6, $7, $8, $9) or "k2"."complaint_route" is not null))) and i.search @@ websearch_to_tsquery('indonesian', $10) and "k"."priority" = $11
  limit $12) as "t";

-- old hoaxes circulating again
select *
  from (select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  where "c"."model_version" = $3 and "i"."duplicate_of" is null and "c"."flagged" = $4 and ("ci"."link" = $5 or ("ci"."case_id" is null and jsonb_array_length(c.case_matches) > 0)) and "k"."priority" = $6
  order by "c"."priority" desc, "i"."id" desc
  limit $7) as "a"
  union all select *
  from (select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $8 then 'tinggi' when c.priority >= $9 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  where "c"."model_version" = $10 and "i"."duplicate_of" is null and "c"."flagged" = $11 and ("ci"."link" = $12 or ("ci"."case_id" is null and jsonb_array_length(c.case_matches) > 0)) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and true)) and "c"."priority" >= $13
  order by "c"."priority" desc, "i"."id" desc
  limit $14) as "b"
  order by "score" desc, "id" desc
  limit $15
  offset $16;

select *
  from (select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  where "c"."model_version" = $3 and "i"."duplicate_of" is null and "c"."flagged" = $4 and ("ci"."link" = $5 or ("ci"."case_id" is null and jsonb_array_length(c.case_matches) > 0)) and "k"."priority" = $6
  order by "c"."priority" desc, "i"."id" desc
  limit $7) as "a"
  union all select *
  from (select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $8 then 'tinggi' when c.priority >= $9 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  where "c"."model_version" = $10 and "i"."duplicate_of" is null and "c"."flagged" = $11 and ("ci"."link" = $12 or ("ci"."case_id" is null and jsonb_array_length(c.case_matches) > 0)) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and true)) and "c"."priority" >= $13 and "c"."priority" < $14
  order by "c"."priority" desc, "i"."id" desc
  limit $15) as "b"
  order by "score" desc, "id" desc
  limit $16
  offset $17;

select *
  from (select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  where "c"."model_version" = $3 and "i"."duplicate_of" is null and "c"."flagged" = $4 and ("ci"."link" = $5 or ("ci"."case_id" is null and jsonb_array_length(c.case_matches) > 0)) and "k"."priority" = $6
  order by "c"."priority" desc, "i"."id" desc
  limit $7) as "a"
  union all select *
  from (select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $8 then 'tinggi' when c.priority >= $9 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  where "c"."model_version" = $10 and "i"."duplicate_of" is null and "c"."flagged" = $11 and ("ci"."link" = $12 or ("ci"."case_id" is null and jsonb_array_length(c.case_matches) > 0)) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and true)) and "c"."priority" < $13
  order by "c"."priority" desc, "i"."id" desc
  limit $14) as "b"
  order by "score" desc, "id" desc
  limit $15
  offset $16;

select count(*) as "n"
  from (select 1 as "one"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $1 and "i"."duplicate_of" is null and "c"."flagged" = $2 and ("ci"."link" = $3 or ("ci"."case_id" is null and jsonb_array_length(c.case_matches) > 0))
  limit $4) as "t";

-- complaints
select *
  from (select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  where "c"."model_version" = $3 and "i"."duplicate_of" is null and ((coalesce((c.police_flags->'kritik_keluhan'->>'flagged')::boolean, false) and not coalesce((c.police_flags->'hoaks_tentang_polisi'->>'flagged')::boolean, false)) or "k"."complaint_route" is not null) and "k"."priority" = $4
  order by "c"."priority" desc, "i"."id" desc
  limit $5) as "a"
  union all select *
  from (select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $6 then 'tinggi' when c.priority >= $7 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  where "c"."model_version" = $8 and "i"."duplicate_of" is null and ((coalesce((c.police_flags->'kritik_keluhan'->>'flagged')::boolean, false) and not coalesce((c.police_flags->'hoaks_tentang_polisi'->>'flagged')::boolean, false)) or "k"."complaint_route" is not null) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and true)) and "c"."priority" >= $9
  order by "c"."priority" desc, "i"."id" desc
  limit $10) as "b"
  order by "score" desc, "id" desc
  limit $11
  offset $12;

select *
  from (select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  where "c"."model_version" = $3 and "i"."duplicate_of" is null and ((coalesce((c.police_flags->'kritik_keluhan'->>'flagged')::boolean, false) and not coalesce((c.police_flags->'hoaks_tentang_polisi'->>'flagged')::boolean, false)) or "k"."complaint_route" is not null) and "k"."priority" = $4
  order by "c"."priority" desc, "i"."id" desc
  limit $5) as "a"
  union all select *
  from (select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $6 then 'tinggi' when c.priority >= $7 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  where "c"."model_version" = $8 and "i"."duplicate_of" is null and ((coalesce((c.police_flags->'kritik_keluhan'->>'flagged')::boolean, false) and not coalesce((c.police_flags->'hoaks_tentang_polisi'->>'flagged')::boolean, false)) or "k"."complaint_route" is not null) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and true)) and "c"."priority" >= $9 and "c"."priority" < $10
  order by "c"."priority" desc, "i"."id" desc
  limit $11) as "b"
  order by "score" desc, "id" desc
  limit $12
  offset $13;

select *
  from (select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  where "c"."model_version" = $3 and "i"."duplicate_of" is null and ((coalesce((c.police_flags->'kritik_keluhan'->>'flagged')::boolean, false) and not coalesce((c.police_flags->'hoaks_tentang_polisi'->>'flagged')::boolean, false)) or "k"."complaint_route" is not null) and "k"."priority" = $4
  order by "c"."priority" desc, "i"."id" desc
  limit $5) as "a"
  union all select *
  from (select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $6 then 'tinggi' when c.priority >= $7 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  where "c"."model_version" = $8 and "i"."duplicate_of" is null and ((coalesce((c.police_flags->'kritik_keluhan'->>'flagged')::boolean, false) and not coalesce((c.police_flags->'hoaks_tentang_polisi'->>'flagged')::boolean, false)) or "k"."complaint_route" is not null) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "i"."id" and true)) and "c"."priority" < $9
  order by "c"."priority" desc, "i"."id" desc
  limit $10) as "b"
  order by "score" desc, "id" desc
  limit $11
  offset $12;

select count(*) as "n"
  from (select 1 as "one"
  from "classifications" as "c"
  inner join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $1 and "i"."duplicate_of" is null and ((coalesce((c.police_flags->'kritik_keluhan'->>'flagged')::boolean, false) and not coalesce((c.police_flags->'hoaks_tentang_polisi'->>'flagged')::boolean, false)) or "k"."complaint_route" is not null)
  limit $2) as "t";
