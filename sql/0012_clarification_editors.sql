-- 0012: four eyes over every hand on a clarification, not only its author. An account holding both
-- humas and pimpinan could rewrite another humas's draft, submit it and approve its own words, because
-- only author_id was compared with the approver. Every account that wrote the text (the drafter and
-- each editor) gets a row here, and the service refuses a decision by anyone listed.
create table clarification_editors (
  clarification_id bigint not null references clarifications (id) on delete cascade,
  user_id bigint not null references users (id),
  first_edited_at timestamptz not null default now(),
  primary key (clarification_id, user_id)
);

-- Drafts written before this migration: their authors, and whoever the audit log saw editing them.
insert into clarification_editors (clarification_id, user_id, first_edited_at)
select id, author_id, created_at from clarifications
on conflict do nothing;
insert into clarification_editors (clarification_id, user_id, first_edited_at)
select c.id, a.user_id, min(a.at)
from audit_log a
join clarifications c on c.id::text = a.entity_id
where a.entity = 'clarification' and a.action = 'clarification.edited' and a.user_id is not null
group by c.id, a.user_id
on conflict do nothing;
