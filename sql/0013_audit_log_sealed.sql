-- 0013: the audit log sealed. Row triggers (0004) refused UPDATE and DELETE, but TRUNCATE emptied the
-- log, an INSERT could backdate `at`, and nothing showed a row changed by someone able to disable the
-- triggers. Now: TRUNCATE is refused by a statement trigger; the database sets `at` (a given value is
-- overwritten with now()); and every row carries `seq` and `hash`, a SHA-256 chain over the rows in
-- seq order, so `saring audit verify` finds any row changed, removed or inserted out of turn.
-- (Refusing is only as strong as the role: the app must not own audit_log, README "Database roles".)

alter table audit_log add column seq bigint, add column hash text;

-- What a row's hash covers, in one text form both PostgreSQL 15 and PGlite print the same way:
-- jsonb's canonical output, and the timestamp in UTC to the microsecond. `saring audit verify`
-- (src/db/audit.repo.ts) writes the same expression out, rather than trusting this function.
create function audit_log_payload(seq bigint, at timestamptz, user_id bigint, action text, entity text, entity_id text, before jsonb, after jsonb)
returns text language sql stable as $$
  select jsonb_build_array(seq, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), user_id, action, entity, entity_id, before, after)::text
$$;

-- The rows written before this migration are chained in id order: the only UPDATE the log ever gets.
alter table audit_log disable trigger audit_log_append_only;
do $$
declare
  r record;
  prev text := '';
  n bigint := 0;
begin
  for r in select * from audit_log order by id loop
    n := n + 1;
    prev := encode(sha256(convert_to(prev || audit_log_payload(n, r.at, r.user_id, r.action, r.entity, r.entity_id, r.before, r.after), 'UTF8')), 'hex');
    update audit_log set seq = n, hash = prev where id = r.id;
  end loop;
end
$$;
alter table audit_log enable trigger audit_log_append_only;

alter table audit_log alter column seq set not null, alter column hash set not null;
-- Unique: two writers can never both extend the chain from the same link (a fork fails instead).
create unique index audit_log_seq on audit_log (seq);

-- Every insert: the database's own time, the next seq and the hash over the previous link. The
-- transaction-scoped advisory lock makes writers take turns until they commit, so each one reads the
-- link the previous one committed (a fresh snapshot per statement under READ COMMITTED); values given
-- for at, seq or hash are overwritten.
create function audit_log_seal() returns trigger language plpgsql as $$
declare
  last_seq bigint;
  last_hash text;
begin
  perform pg_advisory_xact_lock(1396790596); -- "SAUD": any constant shared by every Saring process
  select a.seq, a.hash into last_seq, last_hash from audit_log a order by a.seq desc limit 1;
  new.at := now();
  new.seq := coalesce(last_seq, 0) + 1;
  new.hash := encode(sha256(convert_to(coalesce(last_hash, '') || audit_log_payload(new.seq, new.at, new.user_id, new.action, new.entity, new.entity_id, new.before, new.after), 'UTF8')), 'hex');
  return new;
end;
$$;
create trigger audit_log_seal before insert on audit_log for each row execute function audit_log_seal();

create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();
