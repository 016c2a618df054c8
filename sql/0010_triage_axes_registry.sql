-- 0010: police-aware triage, part two.
-- 1. Three label axes on a case: verdict (now also benar, belum terbukti and klarifikasi), the First
--    Draft type of mis- and disinformation, and the team's topic.
-- 2. Complaint handling: criticism of the police goes to Dumas or Propam, never to a hoax verdict.
-- 3. Old hoaxes coming back (HLBK): items linked to a decided case automatically, and the case marked.
-- 4. The official-accounts registry each pipeline matches "from the police" claims against.
-- 5. The yes/no signals shown on every flag.

alter table cases drop constraint cases_verdict_check;
alter table cases add constraint cases_verdict_check
  check (verdict in ('hoaks', 'disinformasi', 'misinformasi', 'benar', 'belum_terbukti', 'klarifikasi', 'bukan_hoaks', 'perlu_verifikasi'));
alter table reviews drop constraint reviews_verdict_check;
alter table reviews add constraint reviews_verdict_check
  check (verdict in ('hoaks', 'disinformasi', 'misinformasi', 'benar', 'belum_terbukti', 'klarifikasi', 'bukan_hoaks', 'perlu_verifikasi'));

-- The seven types of First Draft (Wardle 2017), as TurnBackHoax names them in Indonesian.
alter table cases add column content_type text
  check (content_type in ('satire_parodi', 'koneksi_salah', 'konten_menyesatkan', 'konteks_keliru', 'konten_tiruan', 'konten_manipulasi', 'konten_palsu'));
-- One of the classifier's topics (src/classify/topics.ts), checked by the app: the list grows with the team.
alter table cases add column topic text check (length(topic) between 1 and 60);

alter table cases add column complaint_route text check (complaint_route in ('dumas', 'propam'));
alter table cases add column complaint_routed_at timestamptz;
create index cases_complaints on cases (complaint_routed_at) where complaint_route is not null;

-- How an item came into its case: an analyst, or the HLBK matcher above its automatic threshold.
alter table case_items add column link text not null default 'manual' check (link in ('manual', 'hlbk'));
alter table case_items add column link_score real;
-- The last time a decided case's claim was seen circulating again, and how many items brought it back.
alter table cases add column resurfaced_at timestamptz;
alter table cases add column resurfaced_count integer not null default 0;

-- Decided cases an item resembles: [{case_id, score, auto}], best first.
alter table classifications add column case_matches jsonb not null default '[]';
-- The fixed yes/no signals (src/classify/signals.ts): {mengajak_menyebarkan: {present, evidence}, …}.
alter table classifications add column signals jsonb;

-- The Polres's and Polseks' official accounts, websites, numbers and spokespeople. One row per
-- identifier; an edit bumps `version`, and the audit log keeps every version before and after.
-- Retired rows stay (active = false), so an old registry can be read back.
create table official_accounts (
  id bigserial primary key,
  pipeline text not null,
  kind text not null check (kind in ('akun', 'situs', 'telepon', 'pejabat')),
  -- akun: x, instagram, facebook, tiktok, youtube, telegram, threads; telepon: telepon or whatsapp
  platform text,
  -- normalised: a handle lower-case without "@", a domain lower-case, a number as 62…, a person's name
  value text not null check (length(value) between 2 and 200),
  -- "Polres Belitung Timur", "Polsek Manggar"
  unit text not null check (length(unit) between 2 and 120),
  -- pejabat only: rank as written (AKBP, IPTU) and position (Kapolres, Kasi Humas)
  rank text,
  position text,
  note text,
  active boolean not null default true,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  updated_by bigint references users (id)
);
create unique index official_accounts_active on official_accounts (pipeline, kind, value) where active;

-- Training labels: benar and klarifikasi are true statements like bukan_hoaks; belum_terbukti is no label.
create or replace view verdict_labels as
select i.id as item_id, i.title, i.text, c.verdict, case when c.verdict in ('bukan_hoaks', 'benar', 'klarifikasi') then 0 else 1 end as label, c.decided_at
from case_items ci
join cases c on c.id = ci.case_id
join items i on i.id = ci.item_id
where c.verdict in ('hoaks', 'disinformasi', 'misinformasi', 'bukan_hoaks', 'benar', 'klarifikasi');
