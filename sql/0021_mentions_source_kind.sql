-- A source kind for public posts that mention or tag the Polres's registered accounts (src/sources/mentions.ts).
alter table sources drop constraint sources_kind_check;
alter table sources add constraint sources_kind_check check (kind in ('rss', 'html', 'telegram', 'tip', 'import', 'mentions'));
