import { describe, expect, it } from 'vitest';
import { privateAddressReason } from '../../../src/fetch/address-guard.ts';

describe('privateAddressReason', () => {
  it('refuses loopback, private, link-local, CGNAT, reserved and IPv4-in-IPv6 forms', () => {
    for (const ip of [
      '127.0.0.1',
      '10.0.0.5',
      '172.16.3.4',
      '172.31.255.255',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '::1',
      '::',
      'fe80::1',
      'fd12:3456::1',
      '::ffff:10.0.0.1',
      '::ffff:7f00:1',
      '64:ff9b::a00:1',
      '::7f00:1',
      '::a00:1',
      '::8.8.8.8',
      '::127.0.0.1',
      '64:ff9b:1::a00:1',
    ]) {
      expect(privateAddressReason(ip), ip).toMatch(/alamat privat, loopback/);
    }
  });

  it('lets public addresses through', () => {
    for (const ip of ['103.10.64.1', '8.8.8.8', '172.32.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8']) {
      expect(privateAddressReason(ip), ip).toBeNull();
    }
  });
});
