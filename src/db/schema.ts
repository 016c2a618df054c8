import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Row types mirroring sql/*.sql exactly (snake_case). A test compares them with the live schema,
 * so a migration without a matching change here fails CI.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string | T | undefined, string | T>;

export type SourceKind = 'rss' | 'html' | 'telegram' | 'tip' | 'import';
export type FetchRunStatus = 'running' | 'success' | 'not_modified' | 'partial' | 'failure' | 'abandoned';

export interface SourcesTable {
  id: string;
  pipeline: string;
  kind: SourceKind;
  name: string;
  schedule: string | null;
  config: Json<Record<string, unknown>>;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface Problem {
  ref: string;
  reason: string;
}

export interface FetchRunsTable {
  id: Generated<number>;
  source_id: string;
  started_at: Timestamp;
  finished_at: Date | null;
  status: ColumnType<FetchRunStatus, FetchRunStatus | undefined, FetchRunStatus>;
  items_fetched: Generated<number>;
  items_new: Generated<number>;
  items_updated: Generated<number>;
  items_duplicate: Generated<number>;
  items_rejected: Generated<number>;
  error_code: string | null;
  error: string | null;
  problems: Json<Problem[]>;
}

export interface ItemsTable {
  id: Generated<number>;
  source_id: string;
  item_key: string;
  external_id: string | null;
  url: string | null;
  author: string | null;
  title: string | null;
  text: ColumnType<string, string | undefined, string>;
  language: string | null;
  published_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  fetched_at: Timestamp;
  content_hash: string;
  minhash: number[] | null;
  duplicate_of: number | null;
  duplicate_kind: 'exact' | 'near' | null;
  views: BigIntCount;
  likes: BigIntCount;
  shares: BigIntCount;
  replies: BigIntCount;
  raw: Json<Record<string, unknown>>;
  search: ColumnType<string, never, never>;
}
/** int8 columns are numbers on both drivers (connect.ts refuses values beyond 2^53). */
type BigIntCount = ColumnType<number | null, number | null | undefined, number | null>;

export interface ItemBandsTable {
  key: number;
  item_id: number;
}

export interface ClassificationsTable {
  item_id: number;
  model_version: string;
  classified_at: Generated<Date>;
  hoax_score: number;
  hoax: boolean;
  police_mentions: Json<Array<{ start: number; end: number; text: string; unit: string }>>;
  police_units: string[];
  topics: string[];
  claim_matches: Json<Array<{ url: string | null; title: string | null; score: number }>>;
  priority: number;
  flagged: boolean;
  reasons: Json<Array<{ code: string; label: string; weight: number }>>;
}

export interface ItemEmbeddingsTable {
  item_id: number;
  model_id: string;
  vector: number[];
  created_at: Generated<Date>;
}

export interface HttpValidatorsTable {
  url: string;
  etag: string | null;
  last_modified: string | null;
  updated_at: Timestamp;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
}

export interface Database {
  sources: SourcesTable;
  fetch_runs: FetchRunsTable;
  items: ItemsTable;
  item_bands: ItemBandsTable;
  classifications: ClassificationsTable;
  item_embeddings: ItemEmbeddingsTable;
  http_validators: HttpValidatorsTable;
  schema_migrations: SchemaMigrationsTable;
}

export type Source = Selectable<SourcesTable>;
export type FetchRun = Selectable<FetchRunsTable>;
export type Item = Selectable<ItemsTable>;
export type NewItem = Insertable<ItemsTable>;
export type Classification = Selectable<ClassificationsTable>;
export type ItemUpdate = Updateable<ItemsTable>;
