import "server-only";
import dns from "node:dns";
import net from "node:net";
import OpenAI from "openai";
import { Agent, buildConnector, type Dispatcher, ProxyAgent, fetch as undiciFetch } from "undici";
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

/**
 * `fetch` through the policy-checked dispatcher (undici's own fetch: a dispatcher from the
 * undici package does not work with Node's bundled global fetch, and Next.js patches that one).
 */
export function createUpstreamFetch(proxyUrl: string | null = null): typeof fetch {
  const dispatcher = dispatcherFor(proxyUrl);
  return (async (input: string | URL | Request, init?: RequestInit) => {
    if (proxyUrl) {
      const url = input instanceof Request ? input.url : String(input);
      await assertOutboundUrlAllowed(url).catch(() => {
        throw new OutboundPolicyError(new URL(url).hostname);
      });
    }
    // The SDK only passes strings/URLs, plain bodies and signals, which both fetches accept.
    // `redirect: "manual"`: a 3xx comes back as it is and is never followed (see redirectError);
    // the SDK then fails it as an APIError with that status, which is not retried.
    return undiciFetch(input as never, { ...(init as object), redirect: "manual", dispatcher } as never);
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
  const signal = opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline;
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
  }
}
