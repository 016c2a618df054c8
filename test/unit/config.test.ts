import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

describe('loadConfig', () => {
  it('reads the trusted proxies as a list of addresses, and none when unset or empty', () => {
    expect(loadConfig({ SARING_TRUSTED_PROXIES: '127.0.0.1, ::1' }).trustedProxies).toEqual(['127.0.0.1', '::1']);
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ SARING_TRUSTED_PROXIES: '' }).trustedProxies).toEqual([]);
  });

  it('names the variable and the entry that is not an address', () => {
    expect(() => loadConfig({ SARING_TRUSTED_PROXIES: '127.0.0.1,nginx' })).toThrow(/SARING_TRUSTED_PROXIES.*"nginx" is not an IP address/);
  });

  it('reads the job heartbeat settings, refusing non-numbers by name', () => {
    expect(loadConfig({ SARING_HEARTBEAT_MS: '500', SARING_DEAD_AFTER_MS: '2000' })).toMatchObject({ heartbeatMs: 500, deadAfterMs: 2000 });
    expect(() => loadConfig({ SARING_HEARTBEAT_MS: 'often' })).toThrow(/SARING_HEARTBEAT_MS/);
  });
});
