import "server-only";
import net from "node:net";
import type { TrustedProxy } from "@/lib/env";

/**
 * The address of the client a request came from, for per-address limits (failed sign-ins,
 * gateway rate limits). The socket's address, unless the socket is one of TRUSTED_PROXIES:
 * then X-Forwarded-For is read from the right, skipping trusted hops, and the right-most
 * entry no trusted proxy vouches for is the client (left-most entries are whatever the
 * client wrote itself, so they are never believed).
 */

/** The header the front door sets (overwriting whatever a client sent) for the app to read. */
export const CLIENT_ADDRESS_HEADER = "x-switchyard-client-address";

/** `::ffff:10.0.0.1` → `10.0.0.1`; brackets and a port dropped (`[::1]:443`, `10.0.0.1:80`). */
export function normaliseAddress(raw: string): string | null {
  let value = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed?.[1]) value = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(value);
  if (mapped?.[1]) value = mapped[1];
  return net.isIP(value) ? value.toLowerCase() : null;
}

/** A matcher for TRUSTED_PROXIES. */
export function trustedProxyList(proxies: readonly TrustedProxy[]): (address: string) => boolean {
  const list = new net.BlockList();
  for (const p of proxies) list.addSubnet(p.address, p.prefix, p.family);
  return (address) => {
    const family = net.isIP(address);
    return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
  };
}

/** The client's address; null only when the socket has none (already closed). */
export function resolveClientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  isTrusted: (address: string) => boolean,
): string | null {
  const remote = socketAddress ? normaliseAddress(socketAddress) : null;
  if (!remote || !isTrusted(remote)) return remote;
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  let client = remote;
  for (let i = entries.length - 1; i >= 0; i--) {
    const hop = normaliseAddress(entries[i]!);
    // A malformed hop is not an address a trusted proxy wrote: stop at the last one we trust.
    if (!hop) break;
    client = hop;
    if (!isTrusted(hop)) break;
  }
  return client;
}
