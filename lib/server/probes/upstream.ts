import "server-only";
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from "openai/resources/chat/completions";
import type { Completion, CompletionCreateParamsNonStreaming } from "openai/resources/completions";
import type { CreateEmbeddingResponse, EmbeddingCreateParams } from "openai/resources/embeddings";
import { UpstreamError, classifyUpstreamError, looksLikeHtml } from "../upstream/errors";
import { type ShapeKind, specDeviations } from "./conformance";
import { type StreamCapture, isResponsesContent, readChatStream } from "./sse";
import { ProbeTransport, RequestFailure, type RequestFailureInfo } from "./transport";
import type { Loose } from "./types";

export { RequestFailure, type RequestFailureInfo } from "./transport";

/**
 * The probes' view of a provider: every call they make, each recorded as a redacted
 * exchange for the evidence and sent by the retry rules of transport.ts, and every body and
 * stream chunk checked against OpenAI's schemas (deviations become warnings beside the verdict).
 */

/** The outcome of {@link ProbeUpstream.capture}: the value, or the classified failure. */
export type Captured<T> = { ok: true; value: T } | { ok: false; failure: RequestFailureInfo };

export class ProbeUpstream extends ProbeTransport {
  /** A JSON request under the base URL, its answer parsed and checked against `shape`. */
  private async json<T>(
    method: "GET" | "POST",
    path: string,
    body: unknown,
    shape: ShapeKind | null,
  ): Promise<Loose<T>> {
    return (await this.send({ method, path, body, stream: false, native: false }, async (exchange, { res }) => {
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
    return this.send({ method, path, body, stream: false, native: true }, async (exchange, { res }) => {
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
      { method: "POST", path, body, stream: true, native: false },
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
