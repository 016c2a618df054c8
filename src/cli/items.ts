import { searchItems } from '../db/items.repo.ts';
import { migrate } from '../db/migrate.ts';
import { truncate } from '../ingest/text.ts';
import { migrateQueue } from '../jobs/graphile.ts';
import { openDb } from '../runtime.ts';
import type { CliContext } from './context.ts';

/** `saring items search <query> [--count]`: full-text search; an empty query matches everything. */
export async function itemsSearchCommand(
  ctx: CliContext,
  query: string,
  opts: { count?: boolean; limit?: number; source?: string; json?: boolean },
): Promise<void> {
  const sdb = await openDb(ctx.config);
  try {
    await migrate(sdb);
    const search = searchItems(sdb.db, query, { limit: opts.limit ?? 20, ...(opts.source ? { sourceId: opts.source } : {}) });
    if (opts.count) {
      ctx.out(String(await search.count()));
      return;
    }
    const items = await search.list();
    for (const i of items) {
      if (opts.json) {
        ctx.out(JSON.stringify(i));
        continue;
      }
      const when = (i.published_at ?? i.fetched_at).toISOString().slice(0, 16).replace('T', ' ');
      const dup = i.duplicate_of ? ` [duplicate of #${i.duplicate_of}]` : '';
      ctx.out(`#${i.id} ${when} ${i.source_id}${dup}\n  ${truncate(i.title ?? i.text.replace(/\s+/g, ' '), 160)}${i.url ? `\n  ${i.url}` : ''}`);
    }
  } finally {
    await sdb.close();
  }
}

/** `saring migrate`: applies pending migrations and says which. */
export async function migrateCommand(ctx: CliContext): Promise<void> {
  const sdb = await openDb(ctx.config);
  try {
    const { applied } = await migrate(sdb);
    ctx.out(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    // PostgreSQL mode: graphile-worker's own schema too, so a DBA can migrate before any worker starts.
    if (sdb.dialect === 'postgres' && ctx.config.databaseUrl) {
      await migrateQueue(ctx.config.databaseUrl, ctx.log);
      ctx.out('job queue (graphile_worker) is up to date');
    }
  } finally {
    await sdb.close();
  }
}
