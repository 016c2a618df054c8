-- 0015: one-shot commands that ingest (`saring import`, `saring tip add --fetch`, `saring run --once`)
-- register as job processes in PostgreSQL mode and heartbeat while they run, so that the fetch runs of
-- one killed mid-way are abandoned by the dead-peer recovery like a worker's, instead of staying
-- "running" forever.
alter table job_processes drop constraint job_processes_role_check;
alter table job_processes add constraint job_processes_role_check check (role in ('scheduler', 'worker', 'cli'));
