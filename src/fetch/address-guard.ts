import dns from 'node:dns';
import net from 'node:net';

/**
 * Addresses a fetch of an outside URL must never reach: loopback, private networks, link-local
 * (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast and reserved ranges. A tip from the
 * public or a link inside a post must not turn Saring into a proxy into the Polres's own network.
 */
const BLOCKED = new net.BlockList();
for (const [net4, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(net4, prefix, 'ipv4');
}
for (const [net6, prefix] of [
  // IPv4-compatible addresses (::a.b.c.d, deprecated by RFC 4291), :: and ::1 with them: never a public host.
  ['::', 96],
  ['64:ff9b::', 96], // NAT64: an IPv4 address in disguise
  ['64:ff9b:1::', 48], // local-use NAT64 (RFC 8215)
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  BLOCKED.addSubnet(net6, prefix, 'ipv6');
}

/** Why an address is refused, or null when it is a public address. */
export function privateAddressReason(ip: string): string | null {
  const family = net.isIP(ip);
  if (family === 0) return `"${ip}" bukan alamat IP`;
  if (family === 6) {
    // ::ffff:10.0.0.1 reaches an IPv4 host: judge the IPv4 address inside. (::10.0.0.1, the deprecated
    // IPv4-compatible form, is refused whole by the ::/96 entry above.)
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
    if (mapped) return privateAddressReason(mapped[1]!);
    const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(ip);
    if (hex) {
      const n = (parseInt(hex[1]!, 16) << 16) | parseInt(hex[2]!, 16);
      return privateAddressReason([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.'));
    }
  }
  return BLOCKED.check(ip, family === 4 ? 'ipv4' : 'ipv6') ? `${ip} adalah alamat privat, loopback, link-local atau khusus` : null;
}

/** A host as the guard compares it: without IPv6 brackets, lower-cased (URL hosts and allow-list entries alike). */
export function bareHost(host: string): string {
  return host.replace(/^\[|\]$/g, '').toLowerCase();
}

export class BlockedAddressError extends Error {
  readonly code = 'EBLOCKEDADDRESS';
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `dns.lookup` for sockets that refuses private answers. Checking at connect time, on the address
 * actually dialled, also defeats DNS rebinding (a name that resolves publicly once, privately next).
 * Requests to an allowed origin go through another dispatcher with the plain lookup (HttpClient).
 */
export function guardedLookup() {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      for (const a of addresses) {
        const why = privateAddressReason(a.address);
        if (why) return callback(new BlockedAddressError(`${hostname} mengarah ke ${why}`), []);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} tidak punya alamat`), { code: 'ENOTFOUND' }), []);
      callback(null, first.address, first.family);
    });
  };
}

/**
 * An allowance entry as the origin it names (`http://10.0.0.5:8080` → itself, `https://intranet.polres/`
 * → `https://intranet.polres`), or a reason it is not one. An allowance is an origin, never a host:
 * allowing the demo's replay server must not allow every other service on 127.0.0.1.
 */
export function allowedOrigin(entry: string): { origin: string } | { error: string } {
  let u: URL;
  try {
    u = new URL(entry);
  } catch {
    return { error: `"${entry}" is not an origin: give scheme, host and port, e.g. http://10.0.0.5:8080` };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return { error: `"${entry}": only http and https origins can be allowed` };
  if (u.username || u.password || (u.pathname !== '/' && u.pathname !== '') || u.search || u.hash) {
    return { error: `"${entry}" is not an origin: leave out the path, query and credentials (${u.origin})` };
  }
  return { origin: u.origin };
}
