-- 0016: in-desk notifications. Each row tells one person that something of theirs changed: a case
-- assigned to them, their clarification returned or approved. They are written in the same transaction
-- as the change by the service that makes it, and read on the desk (an unread count in the nav, a list
-- to mark as read). case_id and clarification_id carry no foreign key on purpose: a merged-away case is
-- deleted, and its notification must still lead there (the case page redirects to the absorbing case).
create table desk_notifications (
  id bigserial primary key,
  user_id bigint not null references users (id) on delete cascade,
  kind text not null check (kind in ('case_assigned', 'clarification_returned', 'clarification_approved')),
  -- who caused it; null for the system
  actor_id bigint references users (id) on delete set null,
  case_id bigint,
  clarification_id bigint,
  -- the case's title as it was, so the list reads without joining (and survives a merge)
  title text not null check (length(title) between 1 and 500),
  -- the approver's comment on a returned or approved clarification
  comment text check (length(comment) <= 2000),
  created_at timestamptz not null default now(),
  read_at timestamptz
);
-- The list, newest first, per person; and the unread count, which every page's nav asks for.
create index desk_notifications_user on desk_notifications (user_id, created_at desc, id desc);
create index desk_notifications_unread on desk_notifications (user_id) where read_at is null;
