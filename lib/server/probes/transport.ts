import "server-only";
import type { ExchangeView } from "@/lib/schemas/probes";
import { MAX_RETRY_WAIT_MS, createUpstreamFetch, retryWaitMs, serverRoot } from "../upstream/client";
import {
  type UpstreamFailure,
  UpstreamError,
  classifyUpstreamError,
  isRedirectStatus,
  looksLikeHtml,
  messageFromErrorText,
  providerSecrets,
  refuseRedirect,
  scrubSecrets,
  statedMessage,
} from "../upstream/errors";
import { classifyOutcome } from "../calls/outcome";
import { redactBody, responseExcerpt } from "./evidence";
import type { ProbeProvider } from "./types";
import { linkSignals } from "@/lib/abort";

/**
 * How the probes' requests are sent (upstream.ts builds the endpoints on it): each one recorded
 * as a redacted exchange (request excerpt, status, response excerpt — failures included —, time
 * on the wire) for the evidence.
 *
 * Requests go through the upstream module's fetch (the provider's headers, proxy, URL policy,
 * never a redirect), read raw: a probe must see the exact status, body and stream a client
 * would. Retries are deliberate, not the SDK's:
 * - a 4xx/5xx answer (other than 401/403/429 and "no such model") is sent once more: a
 *   failure that repeats is a {@link RequestFailure} with `repeated`, the runner's ground for
 *   calling the feature refused when the run's plain-chat baseline worked; one that does
 *   not repeat was a glitch, and the second answer is what the probe judges;
 * - a 429 is retried up to the provider's max retries, waiting what `Retry-After` asks (up
 *   to 10 s);
 * - transport failures (timeout, refused…) are not retried: they decide nothing anyway.
 */

/** A failed request as the runner and the probes classify it. */
export type RequestFailureInfo = UpstreamFailure & {
  /** A 4xx/5xx that came back twice in a row for the same request. */
  repeated: boolean;
  /** A repeated 5xx after which a plain chat failed too: the failure is not the feature's. */
  alsoWithoutFeature?: boolean;
  /** The request body, to keep its echo out of keyword searches of the message. */
  requestBody?: unknown;
};

/** A request that failed (after the retries above). */
export class RequestFailure extends UpstreamError {
  override name = "RequestFailure";
  constructor(
    readonly info: RequestFailureInfo,
    options?: { cause?: unknown },
  ) {
    super(info.kind, info.message, info.status);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/**
 * Whether a failed answer is worth sending again to see if it repeats (see the module comment):
 * an HTTP answer, except a 429 and what the shared rule (calls/outcome.ts) calls `auth` (401/403)
 * or `model_missing`.
 */
function isRepeatable(f: UpstreamFailure): boolean {
  if (f.kind !== "http" || f.status === undefined || f.status === 429) return false;
  const outcome = classifyOutcome(f).class;
  return outcome !== "auth" && outcome !== "model_missing";
}

/** One request as the probes send it: `native` paths are under the server root, others under the base URL. */
export type ProbeRequest = { method: "GET" | "POST"; path: string; body: unknown; stream: boolean; native: boolean };

/** A 2xx answer and when its request was sent (for time to first token). */
export type Sent = { res: Response; startedAt: number };

/** Reads a 2xx answer into what the call returns, recording the response on its exchange. */
export type ReadAnswer = (exchange: ExchangeView, sent: Sent) => Promise<unknown>;

/** An error of {@link ProbeTransport.once}, with its classified failure and the wait a 429 asked for. */
type SendError = { classified?: UpstreamFailure; retryAfterMs?: number };

export class ProbeTransport {
  /** Every exchange so far, in order (retries are exchanges of their own). */
  readonly exchanges: ExchangeView[] = [];
  /** Spec deviations and other observations worth showing beside the verdict. */
  readonly warnings: string[] = [];
  protected readonly secrets: string[];
  private readonly fetch: typeof fetch;

  /**
   * `controlModel`: after a repeated 5xx, a plain chat with this model is sent at once — a
   * 5xx that also happens without the feature is the server failing, not a refusal.
   */
  constructor(
    private readonly provider: ProbeProvider,
    protected readonly signal: AbortSignal,
    private readonly controlModel?: string,
  ) {
    this.secrets = providerSecrets(provider);
    this.fetch = createUpstreamFetch(provider.proxyUrl);
  }

  /** Adds a warning once. */
  warn(text: string): void {
    if (!this.warnings.includes(text) && this.warnings.length < 12) this.warnings.push(text);
  }

  /** Milliseconds our requests were on the wire (what a probe's latency is). */
  get wireMs(): number {
    return this.exchanges.reduce((sum, e) => sum + e.ms, 0);
  }

  private url(path: string, native: boolean): string {
    return native
      ? `${serverRoot(this.provider.baseUrl)}${path}`
      : `${this.provider.baseUrl.replace(/\/+$/, "")}${path}`;
  }

  private headers(stream: boolean, hasBody: boolean): Record<string, string> {
    return {
      ...this.provider.headers,
      authorization: `Bearer ${this.provider.apiKey ?? "no-key"}`,
      accept: stream ? "text/event-stream" : "application/json",
      ...(hasBody ? { "content-type": "application/json" } : {}),
    };
  }

  /** One HTTP request, recorded. Resolves with a 2xx answer; rejects with a classified failure otherwise. */
  private async once(req: ProbeRequest, read: ReadAnswer): Promise<unknown> {
    const started = performance.now();
    const exchange: ExchangeView = {
      request: {
        method: req.method,
        path: req.path,
        ...(req.body === undefined ? {} : { body: redactBody(req.body) }),
      },
      ms: 0,
    };
    this.exchanges.push(exchange);
    const timeout = AbortSignal.timeout(this.provider.timeoutMs);
    const linked = linkSignals(this.signal, timeout);
    let answered = false;
    try {
      const res = await this.fetch(this.url(req.path, req.native), {
        method: req.method,
        headers: this.headers(req.stream, req.body !== undefined),
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: linked.signal,
      });
      answered = true;
      await this.refuseFailedAnswer(res, exchange);
      return await read(exchange, { res, startedAt: started });
    } catch (err) {
      const failure = this.failureOf(err, timeout, answered, exchange);
      exchange.error = failure;
      throw Object.assign(err instanceof UpstreamError ? err : new UpstreamError(failure.kind, failure.message), {
        classified: failure,
      });
    } finally {
      exchange.ms = Math.round(performance.now() - started);
      linked.dispose();
    }
  }

  /** Throws for a redirect or a 4xx/5xx answer, with its status and excerpt recorded on the exchange. */
  private async refuseFailedAnswer(res: Response, exchange: ExchangeView): Promise<void> {
    const contentType = res.headers.get("content-type") ?? "";
    if (isRedirectStatus(res.status)) exchange.response = { status: res.status, contentType, excerpt: "" };
    await refuseRedirect(res);
    if (res.ok) return;
    const text = await res.text();
    exchange.response = { status: res.status, contentType, excerpt: this.excerpt(text) };
    const said = looksLikeHtml(text, contentType)
      ? `an HTML page (${messageFromErrorText(text) ?? "no title"})`
      : statedMessage(text, res.status);
    const error = new UpstreamError("http", said, res.status);
    (error as UpstreamError & SendError).retryAfterMs = retryWaitMs(res.headers);
    throw error;
  }

  /** A request's failure, classified: its own timeout, or what the error says. */
  private failureOf(err: unknown, timeout: AbortSignal, answered: boolean, exchange: ExchangeView): UpstreamFailure {
    const failure: UpstreamFailure =
      timeout.aborted && !this.signal.aborted
        ? { kind: "timeout" as const, message: `no answer within ${this.provider.timeoutMs} ms` }
        : classifyUpstreamError(err, this.secrets);
    // The server answered, then the body broke off or stalled: a broken answer, not an unreachable server.
    if (answered && ["network", "timeout", "refused"].includes(failure.kind) && !this.signal.aborted) {
      return {
        kind: "invalid_response",
        message: `the answer broke off after the headers (${failure.message})`,
        ...(exchange.response ? { status: exchange.response.status } : {}),
      };
    }
    return failure;
  }

  /** A response excerpt for the evidence, the provider's secrets scrubbed. */
  protected excerpt(text: string): string {
    return scrubSecrets(responseExcerpt(text), this.secrets);
  }

  /** {@link once} with the retry rules of the module comment. */
  protected async send(req: ProbeRequest, read: ReadAnswer): Promise<unknown> {
    let rateLimited = 0;
    let failedBefore = false;
    for (;;) {
      try {
        return await this.once(req, read);
      } catch (err) {
        const failure = (err as SendError).classified ?? classifyUpstreamError(err, this.secrets);
        if (failure.kind === "http" && failure.status === 429 && rateLimited < this.provider.maxRetries) {
          const wait = (err as SendError).retryAfterMs ?? 1000;
          if (wait <= MAX_RETRY_WAIT_MS) {
            rateLimited++;
            await sleep(Math.max(0, wait), this.signal);
            continue;
          }
        }
        if (!failedBefore && isRepeatable(failure) && !this.signal.aborted) {
          failedBefore = true;
          continue;
        }
        const repeated = failedBefore && isRepeatable(failure);
        const serverError = (failure.status ?? 0) >= 500 && failure.status !== 501;
        const alsoWithoutFeature = repeated && serverError && (await this.plainChatFails());
        throw new RequestFailure(
          { ...failure, repeated, requestBody: req.body, ...(alsoWithoutFeature ? { alsoWithoutFeature } : {}) },
          { cause: err },
        );
      }
    }
  }

  /** The control of a repeated 5xx: does a plain chat fail right now too? */
  private async plainChatFails(): Promise<boolean> {
    if (!this.controlModel || this.signal.aborted) return false;
    const messages = [{ role: "user", content: "Say hello in one short sentence." }];
    const body = { model: this.controlModel, messages };
    try {
      await this.once(
        { method: "POST", path: "/chat/completions", body, stream: false, native: false },
        (_e, { res }) => res.text(),
      );
      return false;
    } catch {
      return true;
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
