import { describe, expect, it } from 'vitest';
import { LocalQueue } from '../../../src/jobs/local-queue.ts';
import type { TaskFn, TaskName } from '../../../src/jobs/tasks.ts';
import { silentLogger } from '../../../src/log.ts';

/** Task functions that record what ran and wait until released, so a test decides when each job ends. */
function recorder() {
  const ran: Array<{ task: TaskName; payload: unknown }> = [];
  const gates: Array<() => void> = [];
  let active = 0;
  let maxActive = 0;
  const fn =
    (task: TaskName): TaskFn =>
    async (payload) => {
      ran.push({ task, payload });
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise<void>((r) => gates.push(r));
      active--;
      return payload;
    };
  const tasks = {
    'ingest:source': fn('ingest:source'),
    'classify:items': fn('classify:items'),
    'report:weekly': fn('report:weekly'),
    'alerts:evaluate': fn('alerts:evaluate'),
    'images:process': fn('images:process'),
    'model:train': fn('model:train'),
    'db:maintain': fn('db:maintain'),
  };
  const releaseAll = async () => {
    while (gates.length || (await tick(), gates.length)) gates.splice(0).forEach((r) => r());
  };
  return { tasks, ran, gates, releaseAll, maxActive: () => maxActive };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('LocalQueue (graphile-worker semantics in one process)', () => {
  it('merges a job into a waiting one with the same key, and runs a named queue one job at a time', async () => {
    const r = recorder();
    const q = new LocalQueue(r.tasks, { log: silentLogger, concurrency: 8 });
    const first = q.add('ingest:source', { sourceId: 'a' });
    await tick();
    // 'a' is running: its key is free again, so the next tick waits behind it; a third merges into the second.
    const second = q.add('ingest:source', { sourceId: 'a' });
    const third = q.add('ingest:source', { sourceId: 'a' });
    q.add('ingest:source', { sourceId: 'b' });
    await tick();
    expect(r.ran.map((x) => x.payload)).toEqual([{ sourceId: 'a' }, { sourceId: 'b' }]);
    expect(q.size).toEqual({ waiting: 1, running: 2 });
    await r.releaseAll();
    await q.idle();
    expect(r.ran.filter((x) => (x.payload as { sourceId: string }).sourceId === 'a')).toHaveLength(2);
    expect(second).toBe(third);
    expect(await first).toEqual({ sourceId: 'a' });
    expect(r.maxActive()).toBe(2); // never two runs of 'a' at once
  });

  it('runs unkeyed jobs side by side up to the concurrency', async () => {
    const r = recorder();
    const q = new LocalQueue(r.tasks, { log: silentLogger, concurrency: 3 });
    for (let i = 1; i <= 5; i++) void q.add('classify:items', { ids: [i] });
    await tick();
    expect(r.ran).toHaveLength(3);
    await r.releaseAll();
    await q.idle();
    expect(r.ran).toHaveLength(5);
    expect(r.maxActive()).toBe(3);
  });

  it('tries a failed job again until its attempts are used up, then reports the error to its waiters', async () => {
    let calls = 0;
    const fail: TaskFn = async () => {
      calls++;
      throw new Error(`boom ${calls}`);
    };
    const ok: TaskFn = async () => null;
    const q = new LocalQueue(
      { 'ingest:source': fail, 'classify:items': ok, 'report:weekly': ok, 'alerts:evaluate': fail, 'model:train': ok, 'images:process': ok, 'db:maintain': ok },
      { log: silentLogger, concurrency: 1, maxAttempts: 2 },
    );
    await expect(q.add('ingest:source', { sourceId: 'x' })).rejects.toThrow('boom 2'); // the second attempt, after e¹ s
    expect(calls).toBe(2);
    // alerts:evaluate has one attempt of its own, whatever the cap
    await expect(q.add('alerts:evaluate', {})).rejects.toThrow('boom 3');
    expect(calls).toBe(3);
  });

  it('refuses a payload its task does not accept, naming the job', () => {
    const r = recorder();
    const q = new LocalQueue(r.tasks, { log: silentLogger, concurrency: 1 });
    expect(() => q.add('ingest:source', { sourceId: '' })).toThrow(/job ingest:source: .*sourceId/);
  });

  it('drops waiting jobs on stop and cancels running ones after the grace period', async () => {
    let aborted = false;
    const hang: TaskFn = (_p, signal) => new Promise((resolve) => signal.addEventListener('abort', () => ((aborted = true), resolve('cancelled'))));
    const ok: TaskFn = async () => 'ran';
    const q = new LocalQueue(
      { 'ingest:source': hang, 'classify:items': ok, 'report:weekly': ok, 'alerts:evaluate': ok, 'model:train': ok, 'images:process': ok, 'db:maintain': ok },
      { log: silentLogger, concurrency: 1 },
    );
    const running = q.add('ingest:source', { sourceId: 'x' });
    const waiting = q.add('classify:items', {});
    await tick();
    await q.stop(20);
    expect(aborted).toBe(true);
    expect(await running).toBe('cancelled');
    expect(await waiting).toBeNull();
    expect(await q.add('classify:items', {})).toBeNull(); // stopped: nothing more runs
  });
});
