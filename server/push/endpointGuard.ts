import dns from 'node:dns';
import https from 'node:https';
import net from 'node:net';

/**
 * Push endpoints come from browsers, i.e. from users: the outbox worker must
 * only ever connect to public https hosts, never to this machine, the private
 * network or a cloud metadata service (SSRF). Checked when a subscription is
 * saved, again before each send (DNS can change), and a third time inside the
 * connection's own DNS lookup, so a rebinding between check and connect
 * still lands nowhere.
 */

const blocked = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT (Alibaba's metadata lives here)
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, 169.254.169.254 metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  blocked.addSubnet(prefix, bits, 'ipv4');
// IPv4-mapped IPv6 (::ffff:a.b.c.d) is checked against the IPv4 rules by BlockList itself.
for (const [prefix, bits] of [
  ['::', 128], // unspecified
  ['::1', 128],
  ['64:ff9b::', 96], // NAT64 can reach any IPv4, private ones too
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7], // unique local (fd00:ec2::254 metadata)
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const)
  blocked.addSubnet(prefix, bits, 'ipv6');

/** Names that are this machine or a metadata service whatever they resolve to. */
const BLOCKED_NAMES = [
  /^localhost$/,
  /\.localhost$/,
  /^metadata(\.google)?\.internal$/,
  /^metadata$/,
  /\.internal$/,
  /^instance-data/,
];

/** Whether an IP address (v4 or v6, no brackets) is one a push may go to. */
export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  return !blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Why an endpoint was refused (safe to show: it names no address). */
export class EndpointRefused extends Error {
  override name = 'EndpointRefused';
}

/** The URL's host as a bare name or address, after the shape checks. */
function hostOf(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new EndpointRefused('must be a URL');
  }
  if (url.protocol !== 'https:') throw new EndpointRefused('must be an https URL');
  if (url.username || url.password) throw new EndpointRefused('must not carry credentials');
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
  if (BLOCKED_NAMES.some((re) => re.test(host))) throw new EndpointRefused('must be a public host');
  return host;
}

/** Resolves `host` (every address) and refuses it if any address is not public. */
async function assertResolvesPublic(host: string): Promise<void> {
  if (net.isIP(host)) {
    if (!isPublicAddress(host)) throw new EndpointRefused('must be a public address');
    return;
  }
  let addresses: dns.LookupAddress[];
  try {
    addresses = await dns.promises.lookup(host, { all: true, verbatim: true });
  } catch {
    throw new EndpointRefused('host does not resolve');
  }
  if (addresses.length === 0 || addresses.some((a) => !isPublicAddress(a.address)))
    throw new EndpointRefused('must be a public address');
}

/**
 * The rules in force: `allowPrivate` (PUSH_ALLOW_PRIVATE_HOSTS, refused in
 * production by config.ts) lets tests reach the push-service double on
 * 127.0.0.1; the https and no-credentials rules hold regardless.
 */
export function createEndpointGuard(options: { allowPrivate: boolean }) {
  return {
    /** @throws EndpointRefused naming the rule broken. */
    async check(endpoint: string): Promise<void> {
      const host = hostOf(endpoint);
      if (!options.allowPrivate) await assertResolvesPublic(host);
    },
  };
}

export type EndpointGuard = ReturnType<typeof createEndpointGuard>;

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for sockets that only ever yields public addresses: the check
 * happens on the very answer the connection uses (no DNS-rebinding window).
 */
function publicOnlyLookup(
  hostname: string,
  options: dns.LookupOptions,
  callback: LookupCallback,
): void {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    if (addresses.length === 0 || addresses.some((a) => !isPublicAddress(a.address))) {
      const refused: NodeJS.ErrnoException = new Error(
        'push host resolves to a non-public address',
      );
      refused.code = 'EPUSHBLOCKED';
      return callback(refused, []);
    }
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

/** The https agent pushes use in production: keep-alive, public addresses only. */
export function publicOnlyAgent(): https.Agent {
  return new https.Agent({ keepAlive: true, lookup: publicOnlyLookup });
}
