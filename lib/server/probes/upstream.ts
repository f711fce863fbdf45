import "server-only";
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from "openai/resources/chat/completions";
import type { Completion, CompletionCreateParamsNonStreaming } from "openai/resources/completions";
import type { CreateEmbeddingResponse, EmbeddingCreateParams } from "openai/resources/embeddings";
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
  redirectError,
  scrubSecrets,
} from "../upstream/errors";
import { MODEL_MISSING } from "../calls/outcome";
import { type ShapeKind, specDeviations } from "./conformance";
import { redactBody, responseExcerpt } from "./evidence";
import { type StreamCapture, isResponsesContent, readChatStream } from "./sse";
import type { Loose, ProbeProvider } from "./types";
import { linkSignals } from "@/lib/abort";

/**
 * The probes' view of a provider: every call they make, each recorded as a redacted
 * exchange (request excerpt, status, response excerpt — failures included —, time on the
 * wire) for the evidence, and every body and stream chunk checked against OpenAI's schemas
 * (deviations become warnings beside the verdict).
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

/** The outcome of {@link ProbeUpstream.capture}: the value, or the classified failure. */
export type Captured<T> = { ok: true; value: T } | { ok: false; failure: RequestFailureInfo };

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

/** Whether a failed answer is worth sending again to see if it repeats (see the class comment). */
function isRepeatable(f: UpstreamFailure): boolean {
  if (f.kind !== "http" || f.status === undefined) return false;
  if ([401, 403, 429].includes(f.status)) return false;
  return !(f.status === 404 && MODEL_MISSING.test(f.message));
}

/** A 2xx answer and when its request was sent (for time to first token). */
type Sent = { res: Response; startedAt: number };

export class ProbeUpstream {
  /** Every exchange so far, in order (retries are exchanges of their own). */
  readonly exchanges: ExchangeView[] = [];
  /** Spec deviations and other observations worth showing beside the verdict. */
  readonly warnings: string[] = [];
  private readonly secrets: string[];
  private readonly fetch: typeof fetch;

  /**
   * `controlModel`: after a repeated 5xx, a plain chat with this model is sent at once — a
   * 5xx that also happens without the feature is the server failing, not a refusal.
   */
  constructor(
    private readonly provider: ProbeProvider,
    private readonly signal: AbortSignal,
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
  private async once(
    method: "GET" | "POST",
    path: string,
    body: unknown,
    opts: { stream: boolean; native: boolean },
    read: (exchange: ExchangeView, sent: Sent) => Promise<unknown>,
  ): Promise<unknown> {
    const started = performance.now();
    const exchange: ExchangeView = {
      request: { method, path, ...(body === undefined ? {} : { body: redactBody(body) }) },
      ms: 0,
    };
    this.exchanges.push(exchange);
    const timeout = AbortSignal.timeout(this.provider.timeoutMs);
    const linked = linkSignals(this.signal, timeout);
    let answered = false;
    try {
      const res = await this.fetch(this.url(path, opts.native), {
        method,
        headers: this.headers(opts.stream, body !== undefined),
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: linked.signal,
      });
      answered = true;
      const contentType = res.headers.get("content-type") ?? "";
      if (isRedirectStatus(res.status)) {
        exchange.response = { status: res.status, contentType, excerpt: "" };
        await res.body?.cancel();
        throw redirectError(res.status, res.headers.get("location"));
      }
      if (!res.ok) {
        const text = await res.text();
        exchange.response = { status: res.status, contentType, excerpt: this.excerpt(text) };
        const said = looksLikeHtml(text, contentType)
          ? `an HTML page (${messageFromErrorText(text) ?? "no title"})`
          : (messageFromErrorText(text) ?? `HTTP ${res.status} with no error message`);
        const error = new UpstreamError("http", said, res.status);
        (error as UpstreamError & { retryAfterMs?: number }).retryAfterMs = retryWaitMs(res.headers);
        throw error;
      }
      return await read(exchange, { res, startedAt: started });
    } catch (err) {
      let failure: UpstreamFailure =
        timeout.aborted && !this.signal.aborted
          ? { kind: "timeout" as const, message: `no answer within ${this.provider.timeoutMs} ms` }
          : classifyUpstreamError(err, this.secrets);
      // The server answered, then the body broke off or stalled: a broken answer, not an unreachable server.
      if (answered && ["network", "timeout", "refused"].includes(failure.kind) && !this.signal.aborted) {
        failure = {
          kind: "invalid_response",
          message: `the answer broke off after the headers (${failure.message})`,
          ...(exchange.response ? { status: exchange.response.status } : {}),
        };
      }
      exchange.error = failure;
      throw Object.assign(err instanceof UpstreamError ? err : new UpstreamError(failure.kind, failure.message), {
        classified: failure,
      });
    } finally {
      exchange.ms = Math.round(performance.now() - started);
      linked.dispose();
    }
  }

  private excerpt(text: string): string {
    return scrubSecrets(responseExcerpt(text), this.secrets);
  }

  /** {@link once} with the retry rules of the class comment. */
  private async send(
    method: "GET" | "POST",
    path: string,
    body: unknown,
    opts: { stream: boolean; native: boolean },
    read: (exchange: ExchangeView, sent: Sent) => Promise<unknown>,
  ): Promise<unknown> {
    let rateLimited = 0;
    let failedBefore = false;
    for (;;) {
      try {
        return await this.once(method, path, body, opts, read);
      } catch (err) {
        const failure =
          (err as { classified?: UpstreamFailure }).classified ?? classifyUpstreamError(err, this.secrets);
        if (failure.kind === "http" && failure.status === 429 && rateLimited < this.provider.maxRetries) {
          const wait = (err as { retryAfterMs?: number }).retryAfterMs ?? 1000;
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
          { ...failure, repeated, requestBody: body, ...(alsoWithoutFeature ? { alsoWithoutFeature } : {}) },
          { cause: err },
        );
      }
    }
  }

  /** The control of a repeated 5xx: does a plain chat fail right now too? */
  private async plainChatFails(): Promise<boolean> {
    if (!this.controlModel || this.signal.aborted) return false;
    const messages = [{ role: "user", content: "Say hello in one short sentence." }];
    try {
      await this.once(
        "POST",
        "/chat/completions",
        { model: this.controlModel, messages },
        { stream: false, native: false },
        (_e, { res }) => res.text(),
      );
      return false;
    } catch {
      return true;
    }
  }

  private async json<T>(
    method: "GET" | "POST",
    path: string,
    body: unknown,
    shape: ShapeKind | null,
  ): Promise<Loose<T>> {
    return (await this.send(method, path, body, { stream: false, native: false }, async (exchange, { res }) => {
      const text = await res.text();
      const contentType = res.headers.get("content-type") ?? "";
      exchange.response = { status: res.status, contentType, excerpt: this.excerpt(text) };
      if (looksLikeHtml(text, contentType)) throw new UpstreamError("invalid_response", "answered with an HTML page");
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new UpstreamError("invalid_response", "the response is not valid JSON");
      }
      if (shape) for (const d of specDeviations(shape, parsed)) this.warn(`${path}: ${d}`);
      return parsed;
    })) as Loose<T>;
  }

  /** `POST /chat/completions` (non-streaming). */
  chat(body: ChatCompletionCreateParamsNonStreaming | Record<string, unknown>): Promise<Loose<ChatCompletion>> {
    return this.json<ChatCompletion>("POST", "/chat/completions", body, "chat");
  }

  /** `POST /completions` (legacy). */
  completions(body: CompletionCreateParamsNonStreaming): Promise<Loose<Completion>> {
    return this.json<Completion>("POST", "/completions", body, "completion");
  }

  /** `POST /embeddings`. */
  embeddings(body: EmbeddingCreateParams): Promise<Loose<CreateEmbeddingResponse>> {
    return this.json<CreateEmbeddingResponse>("POST", "/embeddings", body, "embeddings");
  }

  /** `POST /responses` (non-streaming), checked against OpenAI's `Response` schema. */
  responses(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.json<Record<string, unknown>>("POST", "/responses", body, "response") as Promise<
      Record<string, unknown>
    >;
  }

  /** `POST /responses` with `stream: true`, read raw; each event checked against `ResponseStreamEvent`. */
  responsesStream(body: Record<string, unknown>): Promise<StreamCapture> {
    return this.captureStream("/responses", body, "response_event", "stream event");
  }

  /** `GET /models`, the raw body. */
  models(): Promise<unknown> {
    return this.json<unknown>("GET", "/models", undefined, "models");
  }

  /** A server's own (non-OpenAI) endpoint under its root, e.g. Ollama's `POST /api/chat`. */
  native(method: "GET" | "POST", path: string, body?: unknown): Promise<unknown> {
    return this.send(method, path, body, { stream: false, native: true }, async (exchange, { res }) => {
      const text = await res.text();
      exchange.response = {
        status: res.status,
        contentType: res.headers.get("content-type") ?? "",
        excerpt: this.excerpt(text),
      };
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new UpstreamError("invalid_response", `${path} did not answer with JSON`);
      }
    });
  }

  /**
   * `POST /chat/completions` with `stream: true`, read raw (see sse.ts): the content type,
   * `[DONE]`, each chunk (checked against the chunk schema), time to first delta.
   */
  stream(body: ChatCompletionCreateParamsStreaming | Record<string, unknown>): Promise<StreamCapture> {
    return this.captureStream("/chat/completions", body, "chunk", "stream chunk");
  }

  /** A `stream: true` request read raw; every event checked against `shape`. */
  private async captureStream(
    path: string,
    body: unknown,
    shape: "chunk" | "response_event",
    what: string,
  ): Promise<StreamCapture> {
    return (await this.send(
      "POST",
      path,
      body,
      { stream: true, native: false },
      async (exchange, { res, startedAt }) => {
        const capture = await readChatStream(res, startedAt, shape === "chunk" ? undefined : isResponsesContent);
        exchange.response = {
          status: res.status,
          contentType: capture.contentType,
          excerpt: this.excerpt(capture.head),
        };
        capture.chunks.forEach((event, i) => {
          for (const d of specDeviations(shape, event)) this.warn(`${what} ${i + 1}: ${d}`);
        });
        return capture;
      },
    )) as StreamCapture;
  }

  /**
   * Runs `call` and returns its failure instead of throwing, for probes that judge several
   * sub-cases (e.g. `tool_choice`: `required` and a named function).
   */
  async capture<T>(call: () => Promise<T>): Promise<Captured<T>> {
    try {
      return { ok: true, value: await call() };
    } catch (err) {
      if (err instanceof RequestFailure) return { ok: false, failure: err.info };
      return { ok: false, failure: { ...classifyUpstreamError(err, this.secrets), repeated: false } };
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
