-- 0009: police-aware triage. The three police flags of a classified item (hoaks tentang polisi,
-- mengatasnamakan polisi, kritik / keluhan), each with its score and reasons; null when the item names
-- no Indonesian police. Rows classified before this migration keep null until `saring reclassify`.
alter table classifications add column police_flags jsonb;
