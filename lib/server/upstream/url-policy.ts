import "server-only";
import dns from "node:dns/promises";
import net from "node:net";
import { AppError } from "@/lib/errors";
import { getEnv } from "@/lib/env";

/**
 * Outbound URL policy. Provider URLs may point at localhost and private networks (that is
 * what local servers are), but not at link-local or cloud-metadata addresses, where a
 * provider URL could read the host's cloud credentials (SSRF). ALLOW_METADATA_HOSTS=1 lifts it.
 */
/**
 * Names of metadata services (compared in lower case, without a trailing dot: DNS treats
 * `METADATA.GOOGLE.INTERNAL.` as the same name). Listed in the README.
 */
export const METADATA_HOSTNAMES: readonly string[] = [
  "metadata.google.internal", // Google Cloud
  "metadata.goog", // Google Cloud
  "metadata", // Google Cloud's short name inside GCE
  "instance-data", // AWS EC2's name for the instance metadata service
  "instance-data.ec2.internal", // AWS EC2
  "metadata.tencentyun.com", // Tencent Cloud
];
const METADATA_NAMES = new Set(METADATA_HOSTNAMES);

/**
 * Link-local and cloud-metadata addresses (listed in the README). net.BlockList also
 * matches the IPv4-mapped IPv6 spellings of the IPv4 entries (`::ffff:169.254.169.254`,
 * `[::ffff:a9fe:a9fe]`), which the URL parser produces and Node dials as IPv4.
 */
const BLOCKED = new net.BlockList();
BLOCKED.addSubnet("169.254.0.0", 16, "ipv4"); // link-local: AWS, Azure, GCP, Oracle, DigitalOcean, OpenStack… metadata
BLOCKED.addSubnet("fe80::", 10, "ipv6"); // IPv6 link-local
BLOCKED.addAddress("fd00:ec2::254", "ipv6"); // AWS IMDS over IPv6
BLOCKED.addAddress("100.100.100.200", "ipv4"); // Alibaba Cloud metadata
BLOCKED.addAddress("192.0.0.192", "ipv4"); // Oracle Cloud (classic) metadata
BLOCKED.addSubnet("64:ff9b::a9fe:0", 112, "ipv6"); // 169.254.0.0/16 through NAT64
BLOCKED.addAddress("64:ff9b::6464:64c8", "ipv6"); // 100.100.100.200 through NAT64

/** A host name as DNS compares it: lower case, without the root's trailing dot(s). */
export function canonicalHostname(hostname: string): string {
  return hostname.toLowerCase().replace(/\.+$/, "");
}

/** True for link-local / cloud-metadata addresses in any spelling (see BLOCKED). */
export function isBlockedAddress(address: string): boolean {
  const ip = address.toLowerCase().replace(/^\[|\]$/g, "");
  const family = net.isIP(ip);
  if (family === 4) return BLOCKED.check(ip, "ipv4");
  if (family === 6) return BLOCKED.check(ip, "ipv6");
  return false;
}

function refuse(field: string, url: URL, address: string): never {
  throw new AppError(
    "validation_failed",
    `${field} points at ${address}, a link-local or cloud-metadata address; such URLs are refused unless ALLOW_METADATA_HOSTS=1.`,
    [{ path: field, message: `points at a link-local or cloud-metadata address (${url.hostname})` }],
  );
}

/**
 * Checks a URL against the policy: its literal host, and — when it resolves — every address
 * it resolves to. `strict` (before a request) also refuses names that do not resolve;
 * on save a name that does not resolve yet (a server not started, Docker-only DNS) is allowed.
 */
export async function assertOutboundUrlAllowed(
  raw: string,
  { field = "baseUrl", strict = false }: { field?: string; strict?: boolean } = {},
): Promise<void> {
  if (getEnv().allowMetadataHosts) return;
  const url = new URL(raw);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (METADATA_NAMES.has(canonicalHostname(host)) || isBlockedAddress(host)) refuse(field, url, host);
  if (net.isIP(host)) return;
  let addresses: { address: string }[];
  try {
    addresses = await dns.lookup(host, { all: true });
  } catch {
    if (strict) throw new AppError("bad_request", `${field} host ${host} could not be resolved.`);
    return;
  }
  const blocked = addresses.find((a) => isBlockedAddress(a.address));
  if (blocked) refuse(field, url, blocked.address);
}

/** For connect-time checks (after DNS resolution, on the address actually dialled). */
export function isAddressAllowed(address: string): boolean {
  return getEnv().allowMetadataHosts || !isBlockedAddress(address);
}
