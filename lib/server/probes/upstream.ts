import "server-only";
import type OpenAI from "openai";
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from "openai/resources/chat/completions";
import type { Completion, CompletionCreateParamsNonStreaming } from "openai/resources/completions";
import type { CreateEmbeddingResponse, EmbeddingCreateParams } from "openai/resources/embeddings";
import type { ExchangeView } from "@/lib/schemas/probes";
import { createUpstreamClient, createUpstreamFetch } from "../upstream/client";
import {
  type UpstreamFailure,
  UpstreamError,
  classifyUpstreamError,
  isRedirectStatus,
  messageFromErrorText,
  providerSecrets,
  redirectError,
} from "../upstream/errors";
import { redactBody, responseExcerpt } from "./evidence";
import { type StreamCapture, readChatStream } from "./sse";
import type { Loose, ProbeTarget } from "./types";

/** The outcome of {@link ProbeUpstream.attempt}: the value, or the classified failure. */
export type Attempt<T> = { ok: true; value: T } | { ok: false; failure: UpstreamFailure };

/**
 * The probes' view of a provider: the calls they make, each recorded as a redacted
 * exchange (request excerpt, status, response excerpt, time) for the evidence. JSON calls
 * go through the official SDK (the provider's timeout, retries, headers, proxy, URL
 * policy); streams are read raw (see sse.ts). Failures are thrown as the SDK / upstream
 * errors for the runner to classify, after being recorded.
 */
export class ProbeUpstream {
  /** Every exchange so far, in order. */
  readonly exchanges: ExchangeView[] = [];
  private readonly secrets: string[];

  constructor(
    private readonly target: ProbeTarget,
    private readonly client: OpenAI,
    private readonly signal: AbortSignal,
  ) {
    this.secrets = providerSecrets(target);
  }

  /** A client per run: the SDK client is shared by every probe of the run. */
  static clientFor(target: ProbeTarget): OpenAI {
    return createUpstreamClient(target);
  }

  private async json<T>(method: "GET" | "POST", path: string, body?: object): Promise<Loose<T>> {
    const started = performance.now();
    const exchange: ExchangeView = { request: { method, path, ...(body ? { body: redactBody(body) } : {}) }, ms: 0 };
    this.exchanges.push(exchange);
    try {
      const promise =
        method === "GET"
          ? this.client.get<unknown>(path, { signal: this.signal })
          : this.client.post<unknown>(path, { body, signal: this.signal });
      const { data, response } = await promise.withResponse();
      exchange.response = {
        status: response.status,
        contentType: response.headers.get("content-type") ?? "",
        excerpt: responseExcerpt(data),
      };
      return data as Loose<T>;
    } catch (err) {
      exchange.error = classifyUpstreamError(err, this.secrets);
      throw err;
    } finally {
      exchange.ms = Math.round(performance.now() - started);
    }
  }

  /** `POST /chat/completions` (non-streaming). */
  chat(body: ChatCompletionCreateParamsNonStreaming): Promise<Loose<ChatCompletion>> {
    return this.json<ChatCompletion>("POST", "/chat/completions", body);
  }

  /** `POST /completions` (legacy). */
  completions(body: CompletionCreateParamsNonStreaming): Promise<Loose<Completion>> {
    return this.json<Completion>("POST", "/completions", body);
  }

  /** `POST /embeddings`. */
  embeddings(body: EmbeddingCreateParams): Promise<Loose<CreateEmbeddingResponse>> {
    return this.json<CreateEmbeddingResponse>("POST", "/embeddings", body);
  }

  /** `GET /models`, the raw body. */
  models(): Promise<unknown> {
    return this.json<unknown>("GET", "/models");
  }

  /**
   * `POST /chat/completions` with `stream: true`, read raw (no retries: a stream is not
   * replayed). Non-2xx answers throw an `http` {@link UpstreamError} with the server's own message.
   */
  async stream(body: ChatCompletionCreateParamsStreaming): Promise<StreamCapture> {
    const started = performance.now();
    const path = "/chat/completions";
    const exchange: ExchangeView = { request: { method: "POST", path, body: redactBody(body) }, ms: 0 };
    this.exchanges.push(exchange);
    const timeout = AbortSignal.timeout(this.target.timeoutMs);
    try {
      const res = await createUpstreamFetch(this.target.proxyUrl)(`${this.target.baseUrl.replace(/\/+$/, "")}${path}`, {
        method: "POST",
        headers: {
          ...this.target.headers,
          authorization: `Bearer ${this.target.apiKey ?? "no-key"}`,
          "content-type": "application/json",
          accept: "text/event-stream",
        },
        body: JSON.stringify(body),
        signal: AbortSignal.any([this.signal, timeout]),
      });
      if (isRedirectStatus(res.status)) {
        exchange.response = { status: res.status, contentType: res.headers.get("content-type") ?? "", excerpt: "" };
        await res.body?.cancel();
        throw redirectError(res.status, res.headers.get("location"));
      }
      if (!res.ok) {
        const text = await res.text();
        exchange.response = {
          status: res.status,
          contentType: res.headers.get("content-type") ?? "",
          excerpt: responseExcerpt(text),
        };
        throw new UpstreamError(
          "http",
          messageFromErrorText(text) ?? `HTTP ${res.status} with no error message`,
          res.status,
        );
      }
      const capture = await readChatStream(res, started);
      exchange.response = {
        status: res.status,
        contentType: capture.contentType,
        excerpt: responseExcerpt(capture.head),
      };
      return capture;
    } catch (err) {
      const failure =
        timeout.aborted && !this.signal.aborted
          ? { kind: "timeout" as const, message: `the stream did not finish within ${this.target.timeoutMs} ms` }
          : classifyUpstreamError(err, this.secrets);
      exchange.error = failure;
      throw failure.kind === "timeout" ? new UpstreamError("timeout", failure.message) : err;
    } finally {
      exchange.ms = Math.round(performance.now() - started);
    }
  }

  /**
   * Runs `call` and returns its failure instead of throwing, for probes that judge several
   * sub-cases (e.g. `tool_choice`: `required` and a named function).
   */
  async attempt<T>(call: () => Promise<T>): Promise<Attempt<T>> {
    try {
      return { ok: true, value: await call() };
    } catch (err) {
      return { ok: false, failure: classifyUpstreamError(err, this.secrets) };
    }
  }
}
