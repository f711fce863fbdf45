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
const METADATA_HOSTNAMES = new Set(["metadata.google.internal", "metadata.goog", "metadata"]);

/** True for 169.254.0.0/16, fe80::/10, AWS's fd00:ec2::254 and their IPv4-mapped forms. */
export function isBlockedAddress(address: string): boolean {
  const ip = address.toLowerCase().replace(/^\[|\]$/g, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip)?.[1];
  const v4 = mapped ?? (net.isIPv4(ip) ? ip : null);
  if (v4) return v4.startsWith("169.254.");
  if (!net.isIPv6(ip)) return false;
  if (/^fe[89ab][0-9a-f]:/.test(ip)) return true;
  return ip === "fd00:ec2::254";
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
  if (METADATA_HOSTNAMES.has(host.toLowerCase()) || isBlockedAddress(host)) refuse(field, url, host);
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
