import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { crontab } from '../../../src/jobs/crontab.ts';
import { jobSpec, TASK_NAMES } from '../../../src/jobs/tasks.ts';

describe('crontab (one for both runners)', () => {
  const sources = [
    { id: 'antara', schedule: '*/30 * * * *', enabled: true },
    { id: 'mati', schedule: '*/30 * * * *', enabled: false },
    { id: 'manual', schedule: null, enabled: true },
  ];

  it('fires each scheduled source, the weekly report, the classify and images sweeps; alerts only when there are rules', () => {
    const without = crontab({ sources, alerts: false });
    expect(without.map((e) => [e.name, e.task, e.payload])).toEqual([
      ['ingest:antara', 'ingest:source', { sourceId: 'antara' }],
      ['report:weekly', 'report:weekly', {}],
      ['classify:sweep', 'classify:items', {}],
      ['images:sweep', 'images:process', {}],
    ]);
    expect(crontab({ sources, alerts: true }).map((e) => e.task)).toContain('alerts:evaluate');
  });

  it('trains a candidate model only when the pipeline names a schedule for it', () => {
    expect(crontab({ sources, alerts: false, train: null }).map((e) => e.task)).not.toContain('model:train');
    expect(crontab({ sources, alerts: false, train: '0 2 * * 0' }).find((e) => e.task === 'model:train')).toMatchObject({
      name: 'model:train',
      cron: '0 2 * * 0',
    });
  });

  it("schedules the embedded database's nightly upkeep only for the runner that asks (PGlite's, which has no autovacuum)", () => {
    expect(crontab({ sources, alerts: false }).map((e) => e.task)).not.toContain('db:maintain');
    expect(crontab({ sources, alerts: false, maintain: true }).find((e) => e.task === 'db:maintain')).toMatchObject({
      name: 'db:maintain',
      cron: '30 3 * * *',
    });
  });

  it('holds only valid cron lines and payloads its tasks accept', () => {
    for (const e of crontab({ sources, alerts: true, train: '0 2 * * 0', maintain: true })) {
      expect(cron.validate(e.cron), e.name).toBe(true);
      expect(TASK_NAMES).toContain(e.task);
      expect(() => jobSpec(e.task, e.payload)).not.toThrow();
    }
  });
});
