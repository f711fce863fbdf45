import "server-only";
import dns from "node:dns";
import net from "node:net";
import OpenAI from "openai";
import { Readable } from "node:stream";
import {
  Agent,
  buildConnector,
  type Dispatcher,
  ProxyAgent,
  fetch as undiciFetch,
  request as undiciRequest,
} from "undici";
import type { ResolvedProvider } from "../providers/service";
import {
  OutboundPolicyError,
  UpstreamError,
  isRedirectStatus,
  looksLikeHtml,
  messageFromErrorText,
  providerSecrets,
  redirectError,
  scrubSecrets,
} from "./errors";
import { assertOutboundUrlAllowed, isAddressAllowed } from "./url-policy";
import { linkSignals } from "@/lib/abort";

/**
 * THE module for talking to providers: probes, the playground, the gateway, the connection
 * test and discovery all go through it. Every request uses the provider's timeout, retries
 * and extra headers, goes through its proxy when set, and is checked against the outbound
 * URL policy on the address actually dialled (after DNS resolution), so a name that resolves
 * to a cloud-metadata address later (DNS rebinding) is still refused.
 */

/** What the client needs from a provider (a {@link ResolvedProvider} fits). */
export type UpstreamProvider = Pick<
  ResolvedProvider,
  "baseUrl" | "apiKey" | "headers" | "timeoutMs" | "maxRetries" | "proxyUrl"
>;

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

/**
 * An OpenAI SDK client for a provider: its base URL, key (`"no-key"` when none — the SDK
 * insists on one, and Ollama/vLLM ignore it), timeout, retries and extra headers.
 * `overrides` lets a caller trade retries for a quick answer (connection test, reachability)
 * or observe each HTTP request (`observe`).
 * Per-request `{ signal, timeout, maxRetries }` options of the SDK still apply.
 */
export function createUpstreamClient(
  p: UpstreamProvider,
  overrides: { timeoutMs?: number; maxRetries?: number; observe?: UpstreamObserver; maxRetryWaitMs?: number } = {},
): OpenAI {
  const upstreamFetch = createUpstreamFetch(p.proxyUrl);
  const { observe } = overrides;
  const maxWait = overrides.maxRetryWaitMs ?? MAX_RETRY_WAIT_MS;
  return new OpenAI({
    baseURL: p.baseUrl,
    apiKey: p.apiKey ?? "no-key",
    timeout: overrides.timeoutMs ?? p.timeoutMs,
    maxRetries: overrides.maxRetries ?? p.maxRetries,
    defaultHeaders: p.headers,
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      observe?.onRequest?.();
      const res = capRetryWait(await upstreamFetch(input, init), maxWait);
      observe?.onResponse?.(res);
      return res;
    }) as typeof fetch,
  });
}

/**
 * Hooks into every HTTP request a client makes, retries included (the SDK retries inside
 * one call): the playground counts requests and starts its idle timer on the response.
 */
export type UpstreamObserver = { onRequest?: () => void; onResponse?: (res: Response) => void };

/** The longest `Retry-After` the SDK is allowed to wait for before retrying. */
export const MAX_RETRY_WAIT_MS = 10_000;

/** The wait a response asks for (`retry-after-ms`, `Retry-After` in seconds or as a date), in ms. */
export function retryWaitMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = parseFloat(headers.get("retry-after-ms") ?? "");
  if (!Number.isNaN(ms)) return ms;
  const after = headers.get("retry-after");
  if (!after) return undefined;
  const seconds = parseFloat(after);
  if (!Number.isNaN(seconds)) return seconds * 1000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : date - now;
}

/**
 * openai-node obeys any `Retry-After`, however long (and its sleep ignores the abort
 * signal): a 429 saying "retry in 10 minutes" would hold a probe or a playground reply for
 * that long instead of reporting it (and falling back). Above `maxWaitMs` the response is
 * marked `x-should-retry: false`, which the SDK obeys, so the failure surfaces at once.
 */
function capRetryWait(res: Response, maxWaitMs: number): Response {
  if (res.ok) return res;
  const wait = retryWaitMs(res.headers);
  if (wait === undefined || wait <= maxWaitMs) return res;
  const headers = new Headers(res.headers);
  headers.set("x-should-retry", "false");
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}

/** The server root: the base URL without its trailing `/v1` (`http://h:11434/v1` → `http://h:11434`). */
export function serverRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, "").replace(/\/v1$/, "");
}

/** Options of {@link fetchServerJson}. */
export type ServerRequestOptions = {
  method?: "GET" | "POST";
  body?: unknown;
  signal?: AbortSignal;
  /** Default: the provider's timeout. */
  timeoutMs?: number;
};

/**
 * Calls one of a server's own (non-OpenAI) endpoints, e.g. Ollama's `/api/tags`, with the
 * provider's key, headers, proxy, policy and timeout (no retries: these are best-effort
 * reads). `path` is relative to {@link serverRoot}. Resolves with the parsed JSON of a 2xx
 * answer; throws an {@link UpstreamError} otherwise (`http` with the server's own message,
 * `invalid_response` for HTML or non-JSON, `timeout`, `aborted`, or a transport kind).
 */
export async function fetchServerJson(
  p: UpstreamProvider,
  path: string,
  opts: ServerRequestOptions = {},
): Promise<unknown> {
  const deadline = AbortSignal.timeout(opts.timeoutMs ?? p.timeoutMs);
  const linked = linkSignals(opts.signal, deadline);
  const signal = linked.signal;
  const headers: Record<string, string> = { accept: "application/json", ...p.headers };
  if (p.apiKey) headers.authorization = `Bearer ${p.apiKey}`;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  try {
    const res = await createUpstreamFetch(p.proxyUrl)(`${serverRoot(p.baseUrl)}${path}`, {
      method: opts.method ?? "GET",
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal,
    });
    if (isRedirectStatus(res.status)) {
      await res.body?.cancel();
      throw redirectError(res.status, res.headers.get("location"));
    }
    const text = await res.text();
    if (!res.ok) {
      const said = messageFromErrorText(text) ?? `HTTP ${res.status} with no error message`;
      throw new UpstreamError("http", scrubSecrets(said, providerSecrets(p)).slice(0, 400), res.status);
    }
    if (looksLikeHtml(text, res.headers.get("content-type") ?? "")) {
      throw new UpstreamError("invalid_response", `${path} answered with an HTML page, not JSON`);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new UpstreamError("invalid_response", `${path} answered with a body that is not valid JSON`);
    }
  } catch (err) {
    if (err instanceof UpstreamError) throw err;
    if (deadline.aborted)
      throw new UpstreamError("timeout", `${path} did not answer within ${opts.timeoutMs ?? p.timeoutMs} ms`);
    if (opts.signal?.aborted) throw new UpstreamError("aborted", `${path}: the request was aborted`);
    throw err;
  } finally {
    linked.dispose();
  }
}
