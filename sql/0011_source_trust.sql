-- 0011: who was speaking when an item was classified. The trust class of the item's source
-- (classify/source-trust.ts; set per source in the pipeline, tips are `tip`), an input of the
-- police-triage model and shown among the reasons. Null for rows classified before this migration
-- and for items classified without one.
alter table classifications add column source_trust text
  check (source_trust in ('official', 'media', 'factcheck', 'social', 'tip'));
