-- open items, by priority (the desk home)
select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", (extract(epoch
  from coalesce(i.published_at, i.fetched_at)) * 1000000)::bigint::text as "seen_us", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from (select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", c.queue_seen_at as "seen"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $3 and "c"."flagged" = $4 and "c"."queue_original" = $5 and not exists (select 1
  from item_labels l
  where l.item_id = c.item_id and l.current and l.kind = 'class' and l.value in ($6, $7, $8)) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "c"."item_id" and ("k2"."verdict" in ($9, $10, $11, $12, $13, $14, $15) or "k2"."complaint_route" is not null))) and coalesce(c.item_id in ((select "cp"."item_id"
  from "case_items" as "cp"
  inner join "cases" as "kp" on "kp"."id" = "cp"."case_id"
  where "kp"."priority" = $16 and ("kp"."verdict" is null or "kp"."verdict" = $17) and "kp"."complaint_route" is null)), false)
  order by "c"."priority" desc, "c"."item_id" desc
  limit $18) as "a"
  union all select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", c.queue_seen_at as "seen"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $19 and "c"."flagged" = $20 and "c"."queue_original" = $21 and not exists (select 1
  from item_labels l
  where l.item_id = c.item_id and l.current and l.kind = 'class' and l.value in ($22, $23, $24)) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "c"."item_id" and ("k2"."verdict" in ($25, $26, $27, $28, $29, $30, $31) or "k2"."complaint_route" is not null))) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "c"."item_id" and true)) and "c"."priority" >= $32
  order by "c"."priority" desc, "c"."item_id" desc
  limit $33) as "b"
  order by "score" desc, "id" desc
  limit $34
  offset $35) as "p"
  inner join "classifications" as "c" on "c"."item_id" = "p"."id" and "c"."model_version" = $36
  inner join "items" as "i" on "i"."id" = "p"."id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  order by "p"."score" desc, "p"."id" desc;

select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", (extract(epoch
  from coalesce(i.published_at, i.fetched_at)) * 1000000)::bigint::text as "seen_us", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from (select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", c.queue_seen_at as "seen"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $3 and "c"."flagged" = $4 and "c"."queue_original" = $5 and not exists (select 1
  from item_labels l
  where l.item_id = c.item_id and l.current and l.kind = 'class' and l.value in ($6, $7, $8)) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "c"."item_id" and ("k2"."verdict" in ($9, $10, $11, $12, $13, $14, $15) or "k2"."complaint_route" is not null))) and coalesce(c.item_id in ((select "cp"."item_id"
  from "case_items" as "cp"
  inner join "cases" as "kp" on "kp"."id" = "cp"."case_id"
  where "kp"."priority" = $16 and ("kp"."verdict" is null or "kp"."verdict" = $17) and "kp"."complaint_route" is null)), false)
  order by "c"."priority" desc, "c"."item_id" desc
  limit $18) as "a"
  union all select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", c.queue_seen_at as "seen"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $19 and "c"."flagged" = $20 and "c"."queue_original" = $21 and not exists (select 1
  from item_labels l
  where l.item_id = c.item_id and l.current and l.kind = 'class' and l.value in ($22, $23, $24)) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "c"."item_id" and ("k2"."verdict" in ($25, $26, $27, $28, $29, $30, $31) or "k2"."complaint_route" is not null))) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "c"."item_id" and true)) and "c"."priority" >= $32 and "c"."priority" < $33
  order by "c"."priority" desc, "c"."item_id" desc
  limit $34) as "b"
  order by "score" desc, "id" desc
  limit $35
  offset $36) as "p"
  inner join "classifications" as "c" on "c"."item_id" = "p"."id" and "c"."model_version" = $37
  inner join "items" as "i" on "i"."id" = "p"."id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  order by "p"."score" desc, "p"."id" desc;

select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", (extract(epoch
  from coalesce(i.published_at, i.fetched_at)) * 1000000)::bigint::text as "seen_us", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from (select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", c.queue_seen_at as "seen"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $3 and "c"."flagged" = $4 and "c"."queue_original" = $5 and not exists (select 1
  from item_labels l
  where l.item_id = c.item_id and l.current and l.kind = 'class' and l.value in ($6, $7, $8)) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "c"."item_id" and ("k2"."verdict" in ($9, $10, $11, $12, $13, $14, $15) or "k2"."complaint_route" is not null))) and coalesce(c.item_id in ((select "cp"."item_id"
  from "case_items" as "cp"
  inner join "cases" as "kp" on "kp"."id" = "cp"."case_id"
  where "kp"."priority" = $16 and ("kp"."verdict" is null or "kp"."verdict" = $17) and "kp"."complaint_route" is null)), false)
  order by "c"."priority" desc, "c"."item_id" desc
  limit $18) as "a"
  union all select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", c.queue_seen_at as "seen"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $19 and "c"."flagged" = $20 and "c"."queue_original" = $21 and not exists (select 1
  from item_labels l
  where l.item_id = c.item_id and l.current and l.kind = 'class' and l.value in ($22, $23, $24)) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "c"."item_id" and ("k2"."verdict" in ($25, $26, $27, $28, $29, $30, $31) or "k2"."complaint_route" is not null))) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "c"."item_id" and true)) and "c"."priority" < $32
  order by "c"."priority" desc, "c"."item_id" desc
  limit $33) as "b"
  order by "score" desc, "id" desc
  limit $34
  offset $35) as "p"
  inner join "classifications" as "c" on "c"."item_id" = "p"."id" and "c"."model_version" = $36
  inner join "items" as "i" on "i"."id" = "p"."id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  order by "p"."score" desc, "p"."id" desc;

select count(*) as "n"
  from (select 1 as "one"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $1 and "c"."flagged" = $2 and "c"."queue_original" = $3 and not exists (select 1
  from item_labels l
  where l.item_id = c.item_id and l.current and l.kind = 'class' and l.value in ($4, $5, $6)) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "c"."item_id" and ("k2"."verdict" in ($7, $8, $9, $10, $11, $12, $13) or "k2"."complaint_route" is not null)))
  limit $14) as "t";

-- open items, newest first
select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", (extract(epoch
  from coalesce(i.published_at, i.fetched_at)) * 1000000)::bigint::text as "seen_us", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from (select "c"."item_id" as "id", "c"."priority" as "score", c.queue_seen_at as "seen"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $3 and "c"."flagged" = $4 and "c"."queue_original" = $5 and not exists (select 1
  from item_labels l
  where l.item_id = c.item_id and l.current and l.kind = 'class' and l.value in ($6, $7, $8)) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "c"."item_id" and ("k2"."verdict" in ($9, $10, $11, $12, $13, $14, $15) or "k2"."complaint_route" is not null)))
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
  where "c"."model_version" = $1 and "c"."flagged" = $2 and "c"."queue_original" = $3 and not exists (select 1
  from item_labels l
  where l.item_id = c.item_id and l.current and l.kind = 'class' and l.value in ($4, $5, $6)) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "c"."item_id" and ("k2"."verdict" in ($7, $8, $9, $10, $11, $12, $13) or "k2"."complaint_route" is not null)))
  limit $14) as "t";

-- one priority, searched
select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", (extract(epoch
  from coalesce(i.published_at, i.fetched_at)) * 1000000)::bigint::text as "seen_us", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from (select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", c.queue_seen_at as "seen"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $3 and "c"."flagged" = $4 and "c"."queue_original" = $5 and not exists (select 1
  from item_labels l
  where l.item_id = c.item_id and l.current and l.kind = 'class' and l.value in ($6, $7, $8)) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "c"."item_id" and ("k2"."verdict" in ($9, $10, $11, $12, $13, $14, $15) or "k2"."complaint_route" is not null))) and c.queue_search @@ websearch_to_tsquery('indonesian', $16) and "k"."priority" = $17
  order by "c"."priority" desc, "c"."item_id" desc
  limit $18) as "a"
  union all select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", c.queue_seen_at as "seen"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $19 and "c"."flagged" = $20 and "c"."queue_original" = $21 and not exists (select 1
  from item_labels l
  where l.item_id = c.item_id and l.current and l.kind = 'class' and l.value in ($22, $23, $24)) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "c"."item_id" and ("k2"."verdict" in ($25, $26, $27, $28, $29, $30, $31) or "k2"."complaint_route" is not null))) and c.queue_search @@ websearch_to_tsquery('indonesian', $32) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "c"."item_id" and true)) and "c"."priority" >= $33
  order by "c"."priority" desc, "c"."item_id" desc
  limit $34) as "b"
  order by "score" desc, "id" desc
  limit $35
  offset $36) as "p"
  inner join "classifications" as "c" on "c"."item_id" = "p"."id" and "c"."model_version" = $37
  inner join "items" as "i" on "i"."id" = "p"."id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  order by "p"."score" desc, "p"."id" desc;

select count(*) as "n"
  from (select 1 as "one"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $1 and "c"."flagged" = $2 and "c"."queue_original" = $3 and not exists (select 1
  from item_labels l
  where l.item_id = c.item_id and l.current and l.kind = 'class' and l.value in ($4, $5, $6)) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "c"."item_id" and ("k2"."verdict" in ($7, $8, $9, $10, $11, $12, $13) or "k2"."complaint_route" is not null))) and c.queue_search @@ websearch_to_tsquery('indonesian', $14) and "k"."priority" = $15
  limit $16) as "t";

-- old hoaxes circulating again
select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", (extract(epoch
  from coalesce(i.published_at, i.fetched_at)) * 1000000)::bigint::text as "seen_us", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from (select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", c.queue_seen_at as "seen"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $3 and "c"."flagged" = $4 and "c"."queue_original" = $5 and ("ci"."link" = $6 or ("ci"."case_id" is null and jsonb_array_length(c.case_matches) > 0)) and "k"."priority" = $7
  order by "c"."priority" desc, "c"."item_id" desc
  limit $8) as "a"
  union all select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", c.queue_seen_at as "seen"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $9 and "c"."flagged" = $10 and "c"."queue_original" = $11 and ("ci"."link" = $12 or ("ci"."case_id" is null and jsonb_array_length(c.case_matches) > 0)) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "c"."item_id" and true)) and "c"."priority" >= $13
  order by "c"."priority" desc, "c"."item_id" desc
  limit $14) as "b"
  order by "score" desc, "id" desc
  limit $15
  offset $16) as "p"
  inner join "classifications" as "c" on "c"."item_id" = "p"."id" and "c"."model_version" = $17
  inner join "items" as "i" on "i"."id" = "p"."id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  order by "p"."score" desc, "p"."id" desc;

select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", (extract(epoch
  from coalesce(i.published_at, i.fetched_at)) * 1000000)::bigint::text as "seen_us", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from (select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", c.queue_seen_at as "seen"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $3 and "c"."flagged" = $4 and "c"."queue_original" = $5 and ("ci"."link" = $6 or ("ci"."case_id" is null and jsonb_array_length(c.case_matches) > 0)) and "k"."priority" = $7
  order by "c"."priority" desc, "c"."item_id" desc
  limit $8) as "a"
  union all select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", c.queue_seen_at as "seen"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $9 and "c"."flagged" = $10 and "c"."queue_original" = $11 and ("ci"."link" = $12 or ("ci"."case_id" is null and jsonb_array_length(c.case_matches) > 0)) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "c"."item_id" and true)) and "c"."priority" >= $13 and "c"."priority" < $14
  order by "c"."priority" desc, "c"."item_id" desc
  limit $15) as "b"
  order by "score" desc, "id" desc
  limit $16
  offset $17) as "p"
  inner join "classifications" as "c" on "c"."item_id" = "p"."id" and "c"."model_version" = $18
  inner join "items" as "i" on "i"."id" = "p"."id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  order by "p"."score" desc, "p"."id" desc;

select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", (extract(epoch
  from coalesce(i.published_at, i.fetched_at)) * 1000000)::bigint::text as "seen_us", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from (select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", c.queue_seen_at as "seen"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $3 and "c"."flagged" = $4 and "c"."queue_original" = $5 and ("ci"."link" = $6 or ("ci"."case_id" is null and jsonb_array_length(c.case_matches) > 0)) and "k"."priority" = $7
  order by "c"."priority" desc, "c"."item_id" desc
  limit $8) as "a"
  union all select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", c.queue_seen_at as "seen"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $9 and "c"."flagged" = $10 and "c"."queue_original" = $11 and ("ci"."link" = $12 or ("ci"."case_id" is null and jsonb_array_length(c.case_matches) > 0)) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "c"."item_id" and true)) and "c"."priority" < $13
  order by "c"."priority" desc, "c"."item_id" desc
  limit $14) as "b"
  order by "score" desc, "id" desc
  limit $15
  offset $16) as "p"
  inner join "classifications" as "c" on "c"."item_id" = "p"."id" and "c"."model_version" = $17
  inner join "items" as "i" on "i"."id" = "p"."id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  order by "p"."score" desc, "p"."id" desc;

select count(*) as "n"
  from (select 1 as "one"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $1 and "c"."flagged" = $2 and "c"."queue_original" = $3 and ("ci"."link" = $4 or ("ci"."case_id" is null and jsonb_array_length(c.case_matches) > 0))
  limit $5) as "t";

-- complaints
select "i"."id", "i"."source_id", "s"."name" as "source_name", "s"."kind" as "source_kind", "i"."title", left(i.text, 280) as "excerpt", "i"."url", "i"."author", coalesce(i.published_at, i.fetched_at) as "seen_at", (extract(epoch
  from coalesce(i.published_at, i.fetched_at)) * 1000000)::bigint::text as "seen_us", "c"."priority" as "score", "c"."hoax_score", "c"."topics", "c"."police_units", "c"."reasons", "c"."signals", "ci"."link", "k"."id" as "case_id", "k"."complaint_route", "k"."verdict", coalesce(k.priority, (case when c.priority >= $1 then 'tinggi' when c.priority >= $2 then 'sedang' else 'rendah' end)) as "case_priority", "u"."display_name" as "assignee_name"
  from (select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", coalesce(i.published_at, i.fetched_at) as "seen"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $3 and "i"."duplicate_of" is null and ((coalesce((c.police_flags->'kritik_keluhan'->>'flagged')::boolean, false) and not coalesce((c.police_flags->'hoaks_tentang_polisi'->>'flagged')::boolean, false)) or "k"."complaint_route" is not null or exists (select 1
  from item_labels l
  where l.item_id = c.item_id and l.current and l.kind = 'class' and l.value in ($4))) and "k"."priority" = $5
  order by "c"."priority" desc, "c"."item_id" desc
  limit $6) as "a"
  union all select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", coalesce(i.published_at, i.fetched_at) as "seen"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $7 and "i"."duplicate_of" is null and ((coalesce((c.police_flags->'kritik_keluhan'->>'flagged')::boolean, false) and not coalesce((c.police_flags->'hoaks_tentang_polisi'->>'flagged')::boolean, false)) or "k"."complaint_route" is not null or exists (select 1
  from item_labels l
  where l.item_id = c.item_id and l.current and l.kind = 'class' and l.value in ($8))) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "c"."item_id" and true)) and "c"."priority" >= $9
  order by "c"."priority" desc, "c"."item_id" desc
  limit $10) as "b"
  order by "score" desc, "id" desc
  limit $11
  offset $12) as "p"
  inner join "classifications" as "c" on "c"."item_id" = "p"."id" and "c"."model_version" = $13
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
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $3 and "i"."duplicate_of" is null and ((coalesce((c.police_flags->'kritik_keluhan'->>'flagged')::boolean, false) and not coalesce((c.police_flags->'hoaks_tentang_polisi'->>'flagged')::boolean, false)) or "k"."complaint_route" is not null or exists (select 1
  from item_labels l
  where l.item_id = c.item_id and l.current and l.kind = 'class' and l.value in ($4))) and "k"."priority" = $5
  order by "c"."priority" desc, "c"."item_id" desc
  limit $6) as "a"
  union all select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", coalesce(i.published_at, i.fetched_at) as "seen"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $7 and "i"."duplicate_of" is null and ((coalesce((c.police_flags->'kritik_keluhan'->>'flagged')::boolean, false) and not coalesce((c.police_flags->'hoaks_tentang_polisi'->>'flagged')::boolean, false)) or "k"."complaint_route" is not null or exists (select 1
  from item_labels l
  where l.item_id = c.item_id and l.current and l.kind = 'class' and l.value in ($8))) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "c"."item_id" and true)) and "c"."priority" >= $9 and "c"."priority" < $10
  order by "c"."priority" desc, "c"."item_id" desc
  limit $11) as "b"
  order by "score" desc, "id" desc
  limit $12
  offset $13) as "p"
  inner join "classifications" as "c" on "c"."item_id" = "p"."id" and "c"."model_version" = $14
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
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $3 and "i"."duplicate_of" is null and ((coalesce((c.police_flags->'kritik_keluhan'->>'flagged')::boolean, false) and not coalesce((c.police_flags->'hoaks_tentang_polisi'->>'flagged')::boolean, false)) or "k"."complaint_route" is not null or exists (select 1
  from item_labels l
  where l.item_id = c.item_id and l.current and l.kind = 'class' and l.value in ($4))) and "k"."priority" = $5
  order by "c"."priority" desc, "c"."item_id" desc
  limit $6) as "a"
  union all select *
  from (select "c"."item_id" as "id", "c"."priority" as "score", coalesce(i.published_at, i.fetched_at) as "seen"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $7 and "i"."duplicate_of" is null and ((coalesce((c.police_flags->'kritik_keluhan'->>'flagged')::boolean, false) and not coalesce((c.police_flags->'hoaks_tentang_polisi'->>'flagged')::boolean, false)) or "k"."complaint_route" is not null or exists (select 1
  from item_labels l
  where l.item_id = c.item_id and l.current and l.kind = 'class' and l.value in ($8))) and not exists ((select 1 as "one"
  from "case_items" as "ci2"
  inner join "cases" as "k2" on "k2"."id" = "ci2"."case_id"
  where "ci2"."item_id" = "c"."item_id" and true)) and "c"."priority" < $9
  order by "c"."priority" desc, "c"."item_id" desc
  limit $10) as "b"
  order by "score" desc, "id" desc
  limit $11
  offset $12) as "p"
  inner join "classifications" as "c" on "c"."item_id" = "p"."id" and "c"."model_version" = $13
  inner join "items" as "i" on "i"."id" = "p"."id"
  left join "case_items" as "ci" on "ci"."item_id" = "i"."id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  left join "users" as "u" on "u"."id" = "k"."assignee_id"
  inner join "sources" as "s" on "s"."id" = "i"."source_id"
  order by "p"."score" desc, "p"."id" desc;

select count(*) as "n"
  from (select 1 as "one"
  from "classifications" as "c"
  left join "items" as "i" on "i"."id" = "c"."item_id"
  left join "case_items" as "ci" on "ci"."item_id" = "c"."item_id"
  left join "cases" as "k" on "k"."id" = "ci"."case_id"
  where "c"."model_version" = $1 and "i"."duplicate_of" is null and ((coalesce((c.police_flags->'kritik_keluhan'->>'flagged')::boolean, false) and not coalesce((c.police_flags->'hoaks_tentang_polisi'->>'flagged')::boolean, false)) or "k"."complaint_route" is not null or exists (select 1
  from item_labels l
  where l.item_id = c.item_id and l.current and l.kind = 'class' and l.value in ($2)))
  limit $3) as "t";
