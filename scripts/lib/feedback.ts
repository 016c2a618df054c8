import { loadConfig } from '../../src/config.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openDb } from '../../src/runtime.ts';
import { splitOf, type LabelledDoc } from './datasets.ts';

/**
 * Analysts' decided verdicts (the `verdict_labels` view) as training documents, from the database the
 * environment points at (DATABASE_URL, or the embedded one in SARING_DATA_DIR). Split by the same text
 * hash as the shared sets, so a verdict on a text never trains and tests at once.
 */
export async function loadFeedback(): Promise<LabelledDoc[]> {
  const sdb = await openDb(loadConfig());
  try {
    await migrate(sdb);
    const rows = await sdb.db.selectFrom('verdict_labels').select(['title', 'text', 'label']).execute();
    return rows.flatMap((r) => {
      const text = `${r.title ? `${r.title}. ` : ''}${r.text}`.replace(/\s+/g, ' ').trim();
      return text.length >= 10 ? [{ dataset: 'feedback' as const, text, label: r.label, split: splitOf(text) }] : [];
    });
  } finally {
    await sdb.close();
  }
}
