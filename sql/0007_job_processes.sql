-- 0007: scale-out. Workers on several machines share one PostgreSQL through graphile-worker (its own
-- schema, its own migrations); these tables are what graphile-worker leaves to us.
--
-- job_processes: every `saring start` / `saring worker` process, with a heartbeat. graphile-worker
-- unlocks a crashed worker's jobs only after 4 hours; a process whose heartbeat stops is declared dead
-- by its peers within a minute, and its jobs and fetch runs are released at once.
create table job_processes (
  id text primary key,
  host text not null,
  pid integer not null,
  role text not null check (role in ('scheduler', 'worker')),
  -- graphile-worker's ids of this process's workers: what force_unlock_workers needs
  worker_ids text[] not null default '{}',
  started_at timestamptz not null default now(),
  seen_at timestamptz not null default now(),
  stopped_at timestamptz,
  stop_reason text
);
create index job_processes_live on job_processes (seen_at) where stopped_at is null;

-- schedule_ticks: one row per cron tick that was enqueued. Every scheduler fires on every tick; the
-- primary key lets exactly one of them enqueue it, so two `saring start` never double-schedule.
create table schedule_ticks (
  job text not null,
  tick_at timestamptz not null,
  claimed_by text not null,
  claimed_at timestamptz not null default now(),
  primary key (job, tick_at)
);

-- Which process ran a fetch, so a dead process's unfinished runs can be marked abandoned.
alter table fetch_runs add column process_id text;
