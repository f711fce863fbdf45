import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type OpenAI from "openai";
import { APIError } from "openai";
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParams,
} from "openai/resources/chat/completions";
import { UpstreamError, streamEventError } from "../upstream/errors";
import type { UpstreamObserver } from "../upstream/client";
import { type Envelope, completionAsChunks, normalizeChunk, normalizeCompletion } from "./normalize";
import { type AssembledToolCall, addToolCallPiece } from "./tool-call-deltas";
import { linkSignals } from "@/lib/abort";

/**
 * One call to one provider through the official SDK (its timeout, retries with backoff and
 * `Retry-After`, typed errors), streamed or not, as OpenAI-shaped chunks the moment they
 * arrive, assembled into the completion they amount to. A reply that goes quiet for the
 * provider's timeout is cut (the SDK's timeout covers the response headers only).
 */

/**
 * The observer of the call in progress: the cached SDK client of a provider is shared by
 * every call, so what one call wants to hear (its request count, the watchdog to arm) rides
 * along in async context instead of a client per call.
 */
export const callObserver = new AsyncLocalStorage<UpstreamObserver>();

/** The observer hooks of a cached client: they forward to the current call's observer. */
export const contextObserver: UpstreamObserver = {
  onRequest: () => callObserver.getStore()?.onRequest?.(),
  onResponse: (res) => callObserver.getStore()?.onResponse?.(res),
};

/** Cuts a reply that goes quiet for `ms` once a response started. */
export class IdleWatchdog {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  constructor(readonly ms: number) {}
  get signal(): AbortSignal {
    return this.controller.signal;
  }
  get fired(): boolean {
    return this.controller.signal.aborted;
  }
  arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.controller.abort(), this.ms);
  }
  clear(): void {
    clearTimeout(this.timer);
  }
}

/** Assembles chunks into the completion they amount to (every choice, tool calls, usage). */
export class ChunkAssembler {
  private readonly choices = new Map<
    number,
    {
      content: string;
      sawContent: boolean;
      calls: Map<number, AssembledToolCall>;
      finish: ChatCompletion.Choice["finish_reason"] | null;
      logprobs: NonNullable<ChatCompletionChunk.Choice["logprobs"]>["content"];
    }
  >();
  private usage: ChatCompletion["usage"] | undefined;
  /** Content and tool-call pieces seen (the token count when the server reports no usage). */
  deltas = 0;

  constructor(private readonly env: Envelope) {}

  add(chunk: ChatCompletionChunk): void {
    if (chunk.usage) this.usage = chunk.usage;
    for (const c of chunk.choices) {
      let choice = this.choices.get(c.index);
      if (!choice) {
        choice = { content: "", sawContent: false, calls: new Map(), finish: null, logprobs: null };
        this.choices.set(c.index, choice);
      }
      if (typeof c.delta.content === "string") {
        choice.sawContent = true;
        if (c.delta.content !== "") {
          choice.content += c.delta.content;
          this.deltas++;
        }
      }
      for (const d of c.delta.tool_calls ?? []) {
        addToolCallPiece(choice.calls, d.index, d);
        this.deltas++;
      }
      if (c.logprobs?.content) choice.logprobs = [...(choice.logprobs ?? []), ...c.logprobs.content];
      if (c.finish_reason) choice.finish = c.finish_reason;
    }
  }

  /** Whether every choice carried a finish reason (a stream that ended early did not). */
  get finished(): boolean {
    return this.choices.size > 0 && [...this.choices.values()].every((c) => c.finish !== null);
  }

  completion(): ChatCompletion {
    const choices = [...this.choices.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, c]) => {
        const calls = [...c.calls.entries()]
          .sort(([a], [b]) => a - b)
          .map(([i, t]) => ({
            id: t.id || `call_${index}_${i}`,
            type: "function" as const,
            function: { name: t.name, arguments: t.arguments },
          }));
        return {
          index,
          message: {
            role: "assistant" as const,
            content: c.sawContent || calls.length === 0 ? c.content : null,
            refusal: null,
            ...(calls.length ? { tool_calls: calls } : {}),
          },
          logprobs: c.logprobs ? { content: c.logprobs, refusal: null } : null,
          finish_reason: c.finish ?? (calls.length ? "tool_calls" : "stop"),
        };
      });
    return {
      id: this.env.id,
      object: "chat.completion",
      created: this.env.created,
      model: this.env.model,
      choices,
      ...(this.usage ? { usage: this.usage } : {}),
    } as ChatCompletion;
  }
}

/** The SDK throws an `{"error": …}` stream event as an APIError without a status. */
function streamErrorFrame(err: unknown): UpstreamError | undefined {
  if (!(err instanceof APIError) || typeof err.status === "number") return undefined;
  return streamEventError(err.error);
}

/**
 * Calls once; `body.stream` decides how. Yields OpenAI-shaped chunks as they arrive (a
 * reply that was not streamed is yielded as the chunks it amounts to) and returns the
 * assembled completion. Throws for the caller to classify; a stream that ends without a
 * finish reason is an `invalid_response`.
 */
export async function* callUpstream(
  client: OpenAI,
  body: ChatCompletionCreateParams,
  env: Envelope,
  signal: AbortSignal,
): AsyncGenerator<ChatCompletionChunk, ChatCompletion> {
  if (!body.stream) {
    const raw = await client.chat.completions.create({ ...body, stream: false }, { signal });
    const completion = normalizeCompletion(raw, env);
    for (const chunk of completionAsChunks(completion)) yield chunk;
    return completion;
  }
  const stream = await client.chat.completions.create({ ...body, stream: true }, { signal });
  const assembler = new ChunkAssembler(env);
  try {
    for await (const raw of stream as AsyncIterable<unknown>) {
      const chunk = normalizeChunk(raw, env);
      assembler.add(chunk);
      yield chunk;
    }
  } catch (err) {
    throw streamErrorFrame(err) ?? err;
  }
  if (!assembler.finished) {
    throw new UpstreamError("invalid_response", "the stream ended before the reply finished (no finish_reason)");
  }
  return assembler.completion();
}

/**
 * {@link callUpstream} under an {@link IdleWatchdog} and the call's observer; each chunk goes
 * to `onChunk` as it arrives.
 */
export async function callWatched(
  client: OpenAI,
  body: ChatCompletionCreateParams,
  env: Envelope,
  opts: { watchdog: IdleWatchdog; signal: AbortSignal; observer: UpstreamObserver },
  onChunk: (chunk: ChatCompletionChunk) => void,
): Promise<ChatCompletion> {
  const { watchdog, signal } = opts;
  return callObserver.run(opts.observer, async () => {
    const linked = linkSignals(signal, watchdog.signal);
    try {
      const chunks = callUpstream(client, body, env, linked.signal);
      let step = await chunks.next();
      while (!step.done) {
        onChunk(step.value);
        watchdog.arm();
        step = await chunks.next();
      }
      return step.value;
    } catch (err) {
      if (watchdog.fired && !signal.aborted) {
        throw new UpstreamError("timeout", `the reply went quiet for ${watchdog.ms} ms`);
      }
      throw err;
    } finally {
      watchdog.clear();
      linked.dispose();
    }
  });
}
