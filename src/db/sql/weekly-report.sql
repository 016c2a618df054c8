
    with first_seen as (
      select ci.case_id, min(i.fetched_at) as at
  from case_items ci join items i on i.id = ci.item_id
  group by ci.case_id
    )
    select
      (select count(*)::int
  from items
  where fetched_at >= $1 and fetched_at < $2) as monitored,
      (select count(*)::int
  from items i join classifications c on c.item_id = i.id
       
  where c.model_version = $3 and c.flagged and i.fetched_at >= $4 and i.fetched_at < $5) as flagged,
      count(*) filter (where k.verdict = 'hoaks' and (k.verdict in ($6, $7, $8) and not (k.complaint_route is not null or exists (
  select 1
  from case_items cil join item_labels l on l.item_id = cil.item_id
 
  where cil.case_id = k.id and l.current and l.kind = 'class' and l.value in ($9)))))::int as hoaks,
      count(*) filter (where k.verdict = 'disinformasi' and (k.verdict in ($10, $11, $12) and not (k.complaint_route is not null or exists (
  select 1
  from case_items cil join item_labels l on l.item_id = cil.item_id
 
  where cil.case_id = k.id and l.current and l.kind = 'class' and l.value in ($13)))))::int as disinformasi,
      count(*) filter (where k.verdict = 'misinformasi' and (k.verdict in ($14, $15, $16) and not (k.complaint_route is not null or exists (
  select 1
  from case_items cil join item_labels l on l.item_id = cil.item_id
 
  where cil.case_id = k.id and l.current and l.kind = 'class' and l.value in ($17)))))::int as misinformasi,
      count(*) filter (where k.verdict = 'bukan_hoaks')::int as bukan_hoaks,
      count(*) filter (where k.verdict = 'benar')::int as benar,
      count(*) filter (where k.verdict = 'belum_terbukti')::int as belum_terbukti,
      count(*) filter (where k.verdict = 'klarifikasi')::int as klarifikasi,
      -- Criticism: what the desk labelled so, plus what the classifier flagged so and the desk did not
      -- label with a police class ("bukan hoaks" names none).
      (select count(distinct i.id)::int
  from item_labels l join items i on i.id = l.item_id
       
  where l.current and l.kind = 'class' and l.value in ($18) and i.fetched_at >= $19 and i.fetched_at < $20)
      + (select count(*)::int
  from items i join classifications c on c.item_id = i.id
         
  where c.model_version = $21 and i.fetched_at >= $22 and i.fetched_at < $23
            and criticism_only(c.police_flags) and not exists (select 1
  from item_labels l
  where l.item_id = i.id and l.current and l.kind = 'class' and l.value in ($24, $25, $26, $27)))
        as criticism_items,
      (select count(*)::int
  from cases
  where complaint_routed_at >= $28 and complaint_routed_at < $29)
        -- Items labelled "Kritik → pengaduan" in the period are sent to complaint handling too; one that
        -- belongs to a routed case is already counted as that case.
        + (select count(distinct l.item_id)::int
  from item_labels l
           
  where l.current and l.kind = 'class' and l.value in ($30) and l.created_at >= $31 and l.created_at < $32
              and not exists (select 1
  from case_items cir join cases kr on kr.id = cir.case_id
  where cir.item_id = l.item_id and kr.complaint_route is not null))
        as complaints_routed,
      -- Impersonation, the same way; an impersonation is a hoax, so "bukan hoaks" overrules the flag too.
      (select count(distinct i.id)::int
  from item_labels l join items i on i.id = l.item_id
       
  where l.current and l.kind = 'class' and l.value in ($33) and i.fetched_at >= $34 and i.fetched_at < $35)
      + (select count(*)::int
  from items i join classifications c on c.item_id = i.id
         
  where c.model_version = $36 and i.fetched_at >= $37 and i.fetched_at < $38
            and coalesce((c.police_flags->'mengatasnamakan_polisi'->>'flagged')::boolean, false) and not exists (select 1
  from item_labels l
  where l.item_id = i.id and l.current and l.kind = 'class' and l.value in ($39, $40, $41, $42, $43)))
        as impersonation_items,
      (select count(*)::int
  from case_items
  where link = 'hlbk' and added_at >= $44 and added_at < $45) as hlbk_linked,
      (select count(*)::int
  from clarifications
  where published_at >= $46 and published_at < $47) as clarifications_published,
      percentile_cont(0.5) within group (order by extract(epoch
  from k.decided_at - f.at)) filter (where k.decided_at >= f.at) as median_to_verdict_s,
      (select percentile_cont(0.5) within group (order by extract(epoch
  from l.published_at - f2.at)) filter (where l.published_at >= f2.at)
       
  from clarifications l join first_seen f2 on f2.case_id = l.case_id
       
  where l.published_at >= $48 and l.published_at < $49) as median_to_clarification_s,
      (count(*) filter (where k.decided_at < f.at))::int
        + (select count(*)::int
  from clarifications l join first_seen f2 on f2.case_id = l.case_id
           
  where l.published_at >= $50 and l.published_at < $51 and l.published_at < f2.at) as impossible_durations
   
  from cases k
  left join first_seen f on f.case_id = k.id
   
  where k.decided_at >= $52 and k.decided_at < $53;


    with agg as (
      select ci.case_id, min(i.fetched_at) as first_seen, count(*)::int as items, count(distinct i.source_id)::int as sources,
             coalesce(sum(coalesce(i.views, 0) + coalesce(i.likes, 0) + coalesce(i.shares, 0) + coalesce(i.replies, 0)), 0)::float8 as engagement,
             bool_or(i.fetched_at >= $1 and i.fetched_at < $2) as seen_in_period,
             array_agg(i.id) as ids
     
  from case_items ci join items i on i.id = ci.item_id
  group by ci.case_id
    )
    select k.id, k.title, k.verdict, k.content_type, k.topic, k.priority, a.first_seen, k.decided_at, a.items, a.sources, a.engagement,
           (select count(*)::int
  from items d
  where d.duplicate_of = any(a.ids) and not d.id = any(a.ids)) as reposts,
           l.status as clarification_status, l.url as clarification_url
   
  from cases k join agg a on a.case_id = k.id
   
  left join lateral (
      select cl.status, (select pb.url
  from clarification_publications pb
  where pb.clarification_id = cl.id
  order by pb.published_at
  limit 1) as url
     
  from clarifications cl
  where cl.case_id = k.id
  order by (cl.status = 'published') desc, cl.updated_at desc
  limit 1
    ) l on true
   
  where (a.seen_in_period or (k.decided_at >= $3 and k.decided_at < $4)) and not (k.complaint_route is not null or exists (
  select 1
  from case_items cil join item_labels l on l.item_id = cil.item_id
 
  where cil.case_id = k.id and l.current and l.kind = 'class' and l.value in ($5)))
   
  order by case k.priority when 'tinggi' then 0 when 'sedang' then 1 else 2 end, a.items + a.sources desc, a.engagement desc, k.id
   
  limit $6;


    with agg as (
      select ci.case_id, min(i.fetched_at) as first_seen, count(*)::int as items, count(distinct i.source_id)::int as sources,
             coalesce(sum(coalesce(i.views, 0) + coalesce(i.likes, 0) + coalesce(i.shares, 0) + coalesce(i.replies, 0)), 0)::float8 as engagement,
             bool_or(i.fetched_at >= $1 and i.fetched_at < $2) as seen_in_period,
             array_agg(i.id) as ids
     
  from case_items ci join items i on i.id = ci.item_id
  group by ci.case_id
    )
    select k.id, k.title, k.verdict, k.content_type, k.topic, k.priority, a.first_seen, k.decided_at, a.items, a.sources, a.engagement,
           (select count(*)::int
  from items d
  where d.duplicate_of = any(a.ids) and not d.id = any(a.ids)) as reposts,
           l.status as clarification_status, l.url as clarification_url
   
  from cases k join agg a on a.case_id = k.id
   
  left join lateral (
      select cl.status, (select pb.url
  from clarification_publications pb
  where pb.clarification_id = cl.id
  order by pb.published_at
  limit 1) as url
     
  from clarifications cl
  where cl.case_id = k.id
  order by (cl.status = 'published') desc, cl.updated_at desc
  limit 1
    ) l on true
   
  where k.decided_at >= $3 and k.decided_at < $4 and (k.verdict in ($5, $6, $7) and not (k.complaint_route is not null or exists (
  select 1
  from case_items cil join item_labels l on l.item_id = cil.item_id
 
  where cil.case_id = k.id and l.current and l.kind = 'class' and l.value in ($8))))
   
  order by k.decided_at, k.id
   
  limit $9;
