import "server-only";
import OpenAI from "openai";
import type { ResolvedProvider } from "../providers/service";
import { UpstreamError, looksLikeHtml, providerSecrets, refuseRedirect, scrubSecrets, statedMessage } from "./errors";
import { createUpstreamFetch } from "./fetch";
import { linkSignals } from "@/lib/abort";

export { type LookupFunction, createPolicyDispatcher, createPolicyLookup, createUpstreamFetch } from "./fetch";

/**
 * THE module for talking to providers: probes, the playground, the gateway, the connection
 * test and discovery all go through it. Every request uses the provider's timeout, retries
 * and extra headers, goes through its proxy when set, and is checked against the outbound
 * URL policy on the address actually dialled (fetch.ts).
 */

/** What the client needs from a provider (a {@link ResolvedProvider} fits). */
export type UpstreamProvider = Pick<
  ResolvedProvider,
  "baseUrl" | "apiKey" | "headers" | "timeoutMs" | "maxRetries" | "proxyUrl"
>;

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

/**
 * Answers of a server's own endpoints shared by the reads of one probe run, by path (GET reads
 * only): llama.cpp's `/props` holds its build, its model's modalities and its slots, and
 * KoboldCpp's `/api/extra/version` its version and flags, so each is read once a run, not
 * once per fact. A failed read is shared too (best-effort reads are not retried).
 */
export type ServerReadCache = Map<string, Promise<unknown>>;

/** Options of {@link fetchServerJson}. */
export type ServerRequestOptions = {
  method?: "GET" | "POST";
  body?: unknown;
  signal?: AbortSignal;
  /** Default: the provider's timeout. */
  timeoutMs?: number;
  /** Shares GET answers with the other reads of one run (the first read's signal and timeout apply). */
  cache?: ServerReadCache;
};

/**
 * Calls one of a server's own (non-OpenAI) endpoints, e.g. Ollama's `/api/tags`, with the
 * provider's key, headers, proxy, policy and timeout (no retries: these are best-effort
 * reads). `path` is relative to {@link serverRoot}. Resolves with the parsed JSON of a 2xx
 * answer; throws an {@link UpstreamError} otherwise (`http` with the server's own message,
 * `invalid_response` for HTML or non-JSON, `timeout`, `aborted`, or a transport kind).
 */
export function fetchServerJson(p: UpstreamProvider, path: string, opts: ServerRequestOptions = {}): Promise<unknown> {
  const { cache } = opts;
  if (!cache || (opts.method ?? "GET") !== "GET" || opts.body !== undefined) return readServerJson(p, path, opts);
  let answer = cache.get(path);
  if (!answer) cache.set(path, (answer = readServerJson(p, path, opts)));
  return answer;
}

/** One request of {@link fetchServerJson}. */
async function readServerJson(p: UpstreamProvider, path: string, opts: ServerRequestOptions): Promise<unknown> {
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
    await refuseRedirect(res);
    const text = await res.text();
    if (!res.ok) {
      throw new UpstreamError(
        "http",
        scrubSecrets(statedMessage(text, res.status), providerSecrets(p)).slice(0, 400),
        res.status,
      );
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
