import "server-only";
import OpenAI, { APIError } from "openai";
import type { ChatCompletionChunk, ChatCompletionCreateParams } from "openai/resources/chat/completions";
import type { ToolCall } from "@/lib/schemas/playground";
import { UpstreamError, streamEventError } from "../upstream/errors";

/**
 * One call to one provider through the official SDK (its timeout, retries with backoff and
 * `Retry-After`, typed errors), streamed or not. Yields each content delta the moment it
 * arrives (no buffering) and returns what the reply amounted to. Failures are thrown for
 * the caller to classify, which knows whether anything had reached the browser yet.
 */

/** What one call produced. */
export type CallResult = {
  content: string;
  toolCalls: ToolCall[];
  finishReason: string | null;
  usage: { promptTokens: number; completionTokens: number; totalTokens: number } | null;
  /** Content deltas received (the token count when the server reports no usage). */
  deltas: number;
};

type Usage = { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | null | undefined;

function toUsage(u: Usage): CallResult["usage"] {
  if (!u || typeof u.completion_tokens !== "number") return null;
  const prompt = u.prompt_tokens ?? 0;
  return {
    promptTokens: prompt,
    completionTokens: u.completion_tokens,
    totalTokens: u.total_tokens ?? prompt + u.completion_tokens,
  };
}

/** The SDK throws an `{"error": …}` stream event as an APIError without a status. */
function streamErrorFrame(err: unknown): UpstreamError | undefined {
  if (!(err instanceof APIError) || typeof err.status === "number") return undefined;
  return streamEventError(err.error);
}

/** Calls once; `body.stream` decides how. */
export async function* callProvider(
  client: OpenAI,
  body: ChatCompletionCreateParams,
  signal: AbortSignal,
): AsyncGenerator<string, CallResult> {
  if (!body.stream) {
    const res = await client.chat.completions.create({ ...body, stream: false }, { signal });
    const choice = res.choices?.[0];
    const content = choice?.message?.content ?? "";
    if (content) yield content;
    return {
      content,
      toolCalls: (choice?.message?.tool_calls ?? []).flatMap((c) =>
        c.type === "function" ? [{ id: c.id ?? "", name: c.function.name, arguments: c.function.arguments ?? "" }] : [],
      ),
      finishReason: choice?.finish_reason ?? null,
      usage: toUsage(res.usage),
      deltas: content ? 1 : 0,
    };
  }
  const stream = await client.chat.completions.create({ ...body, stream: true }, { signal });
  const result: CallResult = { content: "", toolCalls: [], finishReason: null, usage: null, deltas: 0 };
  const calls = new Map<number, ToolCall>();
  try {
    for await (const chunk of stream as AsyncIterable<ChatCompletionChunk>) {
      if (chunk.usage) result.usage = toUsage(chunk.usage);
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      for (const d of choice.delta?.tool_calls ?? []) {
        const call = calls.get(d.index) ?? { id: "", name: "", arguments: "" };
        if (d.id) call.id = d.id;
        if (d.function?.name) call.name += d.function.name;
        if (d.function?.arguments) call.arguments += d.function.arguments;
        calls.set(d.index, call);
      }
      const text = choice.delta?.content;
      if (typeof text === "string" && text !== "") {
        result.content += text;
        result.deltas++;
        yield text;
      }
      if (choice.finish_reason) result.finishReason = choice.finish_reason;
    }
  } catch (err) {
    throw streamErrorFrame(err) ?? err;
  }
  result.toolCalls = [...calls.entries()].sort(([a], [b]) => a - b).map(([, c]) => c);
  if (result.finishReason === null) {
    throw new UpstreamError("invalid_response", "the stream ended before the reply finished (no finish_reason)");
  }
  return result;
}

/**
 * Cuts a reply that goes quiet: the SDK's timeout covers the wait for response headers
 * only, so from a 2xx response on, every delta must come within the provider's timeout.
 */
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

/** {@link callProvider} under an {@link IdleWatchdog}; deltas go to `onDelta` as they arrive. */
export async function callWatched(
  client: OpenAI,
  body: ChatCompletionCreateParams,
  watchdog: IdleWatchdog,
  signal: AbortSignal,
  onDelta: (text: string) => void,
): Promise<CallResult> {
  try {
    const calls = callProvider(client, body, AbortSignal.any([signal, watchdog.signal]));
    let step = await calls.next();
    while (!step.done) {
      onDelta(step.value);
      watchdog.arm();
      step = await calls.next();
    }
    return step.value;
  } catch (err) {
    if (watchdog.fired && !signal.aborted) {
      throw new UpstreamError("timeout", `the reply went quiet for ${watchdog.ms} ms`);
    }
    throw err;
  } finally {
    watchdog.clear();
  }
}
