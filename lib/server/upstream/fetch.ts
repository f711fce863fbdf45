import "server-only";
import dns from "node:dns";
import net from "node:net";
import { Readable } from "node:stream";
import {
  Agent,
  buildConnector,
  type Dispatcher,
  ProxyAgent,
  fetch as undiciFetch,
  request as undiciRequest,
} from "undici";
import { OutboundPolicyError } from "./errors";
import { assertOutboundUrlAllowed, isAddressAllowed } from "./url-policy";

/**
 * The `fetch` every provider request goes through (client.ts builds on it): pooled undici
 * dispatchers, redirects never followed, and the outbound URL policy checked on the address
 * actually dialled — after DNS resolution, so a name that resolves to a cloud-metadata address
 * later (DNS rebinding) is still refused.
 */

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;
/** The shape of `net.connect`'s `lookup` option (all: true when happy-eyeballs is on). */
export type LookupFunction = (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => void;

/**
 * A `lookup` for `net.connect` that resolves with `resolve` (dns.lookup by default) and
 * refuses the connection when any resolved address is link-local / cloud metadata
 * (`isAddressAllowed` false): a name resolving to several addresses is refused as a whole.
 */
export function createPolicyLookup(resolve: typeof dns.lookup = dns.lookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options }, ((err: NodeJS.ErrnoException | null, address: unknown, family?: number) => {
      if (err) return callback(err, "");
      const list = Array.isArray(address)
        ? (address as dns.LookupAddress[])
        : [{ address: String(address), family: family ?? 4 }];
      const blocked = list.find((a) => !isAddressAllowed(a.address));
      if (blocked) return callback(new OutboundPolicyError(blocked.address) as NodeJS.ErrnoException, "");
      callback(null, address as string | dns.LookupAddress[], family);
    }) as never);
  };
}

/**
 * An undici Agent whose connector applies the policy: literal IP hosts are checked before
 * dialling (net.connect skips `lookup` for them), names through {@link createPolicyLookup}.
 * Exported for tests, which pass a fake resolver.
 */
export function createPolicyDispatcher(lookup: LookupFunction = createPolicyLookup()): Agent {
  const connect = buildConnector({ lookup } as buildConnector.BuildOptions);
  return new Agent({
    connect: (opts, callback) => {
      const host = opts.hostname.replace(/^\[|\]$/g, "");
      if (net.isIP(host) && !isAddressAllowed(host)) return callback(new OutboundPolicyError(host), null);
      connect(opts, callback);
    },
  });
}

let directDispatcher: Agent | undefined;
const proxyDispatchers = new Map<string, ProxyAgent>();

/** One pooled dispatcher per route (direct, or per proxy URL), shared by every client. */
function dispatcherFor(proxyUrl: string | null): Dispatcher {
  if (!proxyUrl) return (directDispatcher ??= createPolicyDispatcher());
  let agent = proxyDispatchers.get(proxyUrl);
  if (!agent) {
    // The connection to the proxy itself is policy-checked after DNS; the target's name is
    // resolved by the proxy, so it is checked on our side before each request instead.
    agent = new ProxyAgent({
      uri: proxyUrl,
      proxyTls: { lookup: createPolicyLookup() } as buildConnector.BuildOptions,
    });
    proxyDispatchers.set(proxyUrl, agent);
  }
  return agent;
}

/** Whether a request body asks for a stream (`"stream":true` as JSON.stringify writes it, not inside a string). */
const ASKS_STREAM = /(^|[^\\])"stream":true/;

function headerRecord(headers: HeadersInit | undefined): Record<string, string> {
  if (!headers) return {};
  if (headers instanceof Headers) return Object.fromEntries(headers);
  if (Array.isArray(headers)) return Object.fromEntries(headers);
  return { ...(headers as Record<string, string>) };
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}

/**
 * `fetch` for the SDK over undici's `request` (its dispatcher API) rather than its WHATWG
 * `fetch`: the same pooled, policy-checked dispatcher, redirects never followed (3xx
 * answers come back as they are), the caller's signal — at a fraction of the cost (fetch's
 * stream machinery costs ≈ 1.5 ms of CPU per call here, the gateway's whole budget). A
 * streamed request (`"stream": true` in its body) gets its body as it arrives; any other
 * answer is read whole first. Failures look like fetch's (`TypeError("fetch failed")`
 * with the cause; the signal's reason when aborted), which the SDK and errors.ts expect.
 */
function requestFetch(dispatcher: Dispatcher): typeof fetch {
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const body = init.body;
    if (input instanceof Request || (body != null && typeof body !== "string" && !(body instanceof Uint8Array))) {
      // Not what the SDK sends for JSON calls (uploads, a Request object): undici's fetch.
      return undiciFetch(input as never, { ...(init as object), redirect: "manual", dispatcher } as never);
    }
    const signal = init.signal ?? undefined;
    if (signal?.aborted) throw abortReason(signal);
    try {
      const res = await undiciRequest(String(input), {
        method: (init.method ?? "GET") as Dispatcher.HttpMethod,
        headers: headerRecord(init.headers),
        body: body ?? null,
        signal,
        dispatcher,
      });
      const headers = new Headers();
      for (const [name, value] of Object.entries(res.headers)) {
        if (Array.isArray(value)) for (const v of value) headers.append(name, v);
        else if (value !== undefined) headers.set(name, value);
      }
      const init2 = { status: res.statusCode, headers };
      if ([101, 204, 205, 304].includes(res.statusCode)) {
        res.body.resume();
        return new Response(null, init2);
      }
      if (typeof body === "string" && ASKS_STREAM.test(body) && res.statusCode < 300) {
        return new Response(Readable.toWeb(res.body) as ReadableStream<Uint8Array>, init2);
      }
      try {
        return new Response(Buffer.from(await res.body.arrayBuffer()), init2);
      } catch (err) {
        // The server answered, then the body broke off (or the caller gave up on it): as with
        // fetch, the response arrives and reading its body fails.
        const reason = signal?.aborted ? abortReason(signal) : new TypeError("terminated", { cause: err });
        return new Response(new ReadableStream({ start: (c) => c.error(reason) }), init2);
      }
    } catch (err) {
      if (signal?.aborted) throw abortReason(signal);
      throw new TypeError("fetch failed", { cause: err });
    }
  }) as typeof fetch;
}

/**
 * `fetch` through the policy-checked dispatcher (undici's own: a dispatcher from the undici
 * package does not work with Node's bundled global fetch, and Next.js patches that one).
 */
export function createUpstreamFetch(proxyUrl: string | null = null): typeof fetch {
  const dispatcher = dispatcherFor(proxyUrl);
  const send = requestFetch(dispatcher);
  return (async (input: string | URL | Request, init?: RequestInit) => {
    if (proxyUrl) {
      const url = input instanceof Request ? input.url : String(input);
      await assertOutboundUrlAllowed(url).catch(() => {
        throw new OutboundPolicyError(new URL(url).hostname);
      });
    }
    return send(input, init);
  }) as typeof fetch;
}
