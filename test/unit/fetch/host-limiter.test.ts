import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HostLimiter } from '../../../src/fetch/host-limiter.ts';

// On a fake clock: the spacing is exact and independent of how busy the machine is.
beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('HostLimiter', () => {
  it('starts requests to one host at least the interval apart, and other hosts at once', async () => {
    const limiter = new HostLimiter({ concurrency: 2, minIntervalMs: 150 });
    const starts: Array<[string, number]> = [];
    const task = (host: string) => limiter.run(host, async () => void starts.push([host, Date.now()]));
    const all = Promise.all([task('tempo.co'), task('tempo.co'), task('tempo.co'), task('antaranews.com')]);
    await vi.runAllTimersAsync();
    await all;
    expect(starts).toEqual([
      ['tempo.co', 0],
      ['antaranews.com', 0],
      ['tempo.co', 150],
      ['tempo.co', 300],
    ]);
  });

  it('keeps at most `concurrency` requests to one host in flight, handing a freed slot to the next in line', async () => {
    const limiter = new HostLimiter({ concurrency: 1, minIntervalMs: 0 });
    const order: string[] = [];
    let finishFirst!: () => void;
    const first = limiter.run('tempo.co', () => {
      order.push('first starts');
      return new Promise<void>((resolve) => (finishFirst = resolve));
    });
    const second = limiter.run('tempo.co', async () => void order.push('second starts'));
    await vi.runAllTimersAsync();
    expect(order).toEqual(['first starts']);
    order.push('first ends');
    finishFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['first starts', 'first ends', 'second starts']);
  });
});
