import { describe, expect, it } from 'vitest';
import type { SaringDb } from '../../../src/db/connect.ts';
import { cachedRead, READ_CACHE_ENTRIES } from '../../../src/db/read-cache.ts';

/** A database stand-in: only dataVersion is read. */
function fakeDb(versioned: boolean) {
  let version = 0;
  const sdb = (versioned ? { dataVersion: () => version } : {}) as SaringDb;
  return { sdb, write: () => version++ };
}

function counter() {
  let calls = 0;
  return { load: async () => ++calls, calls: () => calls };
}

describe('cachedRead', () => {
  it('reuses a result until the data version moves, then loads again', async () => {
    const { sdb, write } = fakeDb(true);
    const c = counter();
    expect(await cachedRead(sdb, 'k', c.load)).toBe(1);
    expect(await cachedRead(sdb, 'k', c.load)).toBe(1);
    write();
    expect(await cachedRead(sdb, 'k', c.load)).toBe(2);
    expect(c.calls()).toBe(2);
  });

  it('keeps results apart by key', async () => {
    const { sdb } = fakeDb(true);
    expect(await cachedRead(sdb, 'a', async () => 'a')).toBe('a');
    expect(await cachedRead(sdb, 'b', async () => 'b')).toBe('b');
    expect(await cachedRead(sdb, 'a', async () => 'other')).toBe('a');
  });

  it('always loads without a data version (PostgreSQL)', async () => {
    const { sdb } = fakeDb(false);
    const c = counter();
    await cachedRead(sdb, 'k', c.load);
    await cachedRead(sdb, 'k', c.load);
    expect(c.calls()).toBe(2);
  });

  it('does not keep a result whose load was overtaken by a write', async () => {
    const { sdb, write } = fakeDb(true);
    const c = counter();
    const first = cachedRead(sdb, 'k', c.load);
    write();
    await first;
    expect(await cachedRead(sdb, 'k', c.load)).toBe(2);
  });

  it('does not keep a failure', async () => {
    const { sdb } = fakeDb(true);
    await expect(cachedRead(sdb, 'k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await Promise.resolve();
    expect(await cachedRead(sdb, 'k', async () => 'ok')).toBe('ok');
  });

  it('holds at most READ_CACHE_ENTRIES results, dropping the least recently used', async () => {
    const { sdb } = fakeDb(true);
    const c = counter();
    await cachedRead(sdb, 'kept', c.load);
    for (let i = 0; i < READ_CACHE_ENTRIES; i++) {
      await cachedRead(sdb, `k${i}`, async () => i);
      if (i === READ_CACHE_ENTRIES / 2) await cachedRead(sdb, 'kept', c.load); // used again: moves to the back
    }
    expect(await cachedRead(sdb, 'kept', c.load)).toBe(1);
    expect(await cachedRead(sdb, 'k0', async () => 'reloaded')).toBe('reloaded');
  });
});
