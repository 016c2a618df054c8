import type { Kysely } from 'kysely';
import { sourceHistories } from '../db/health.repo.ts';
import type { Database, SourceKind } from '../db/schema.ts';
import type { Pipeline } from '../pipeline/define.ts';
import { byHealth, sourceHealth, type SourceHealth } from './source-health.ts';

export interface HealthRow {
  id: string;
  name: string;
  kind: SourceKind;
  schedule: string | null;
  health: SourceHealth;
}

/** Every source of the pipeline with its health as of `now`, worst first: the Sumber page, `saring sources health`, source alerts. */
export async function healthLedger(db: Kysely<Database>, pipeline: Pick<Pipeline, 'name' | 'timezone' | 'health'>, now = new Date()): Promise<HealthRow[]> {
  const rows = await sourceHistories(db, pipeline.name, { now, timezone: pipeline.timezone, historyDays: pipeline.health.historyDays });
  return rows
    .map(({ source, input }) => ({
      id: source.id,
      name: source.name,
      kind: source.kind,
      schedule: source.schedule,
      health: sourceHealth(input, { now, timezone: pipeline.timezone, ...pipeline.health }),
    }))
    .sort(byHealth);
}
