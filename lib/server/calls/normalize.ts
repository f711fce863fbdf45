import "server-only";
import { isRecord } from "@/lib/json";
import type { ChatCompletion, ChatCompletionChunk } from "openai/resources/chat/completions";

/**
 * Providers' answers in OpenAI's exact shapes. Servers that copy the API leave out fields
 * the spec requires (`created`, `index`, `logprobs`, `refusal`), send `finish_reason` as
 * the string "null", or add their own (`timings`): what leaves the engine is rebuilt from
 * what a client needs, so every chunk and completion validates against OpenAI's schemas
 * whatever the upstream sent.
 */

const FINISH = new Set(["stop", "length", "tool_calls", "content_filter", "function_call"]);
type Finish = "stop" | "length" | "tool_calls" | "content_filter" | "function_call";

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const int = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isFinite(v) ? Math.trunc(v) : undefined;

/** A finish reason OpenAI knows, or null (the string "null", a missing one, anything else). */
export function finishReason(v: unknown): Finish | null {
  return typeof v === "string" && FINISH.has(v) ? (v as Finish) : null;
}

/** Usage with the three required counts, or undefined when the upstream sent none. */
export function normalizeUsage(v: unknown): ChatCompletion["usage"] | undefined {
  if (!isRecord(v)) return undefined;
  const completion = int(v.completion_tokens);
  if (completion === undefined) return undefined;
  const prompt = int(v.prompt_tokens) ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: int(v.total_tokens) ?? prompt + completion,
  };
}

/** The envelope every chunk of one reply shares. */
export type Envelope = { id: string; created: number; model: string };

/** A fresh envelope for a reply (the upstream's own id and model, where it sent them, win). */
export function envelope(model: string): Envelope {
  return {
    id: `chatcmpl-${crypto.randomUUID().replace(/-/g, "").slice(0, 24)}`,
    created: Math.floor(Date.now() / 1000),
    model,
  };
}

/** A reply's fields in OpenAI's order: the envelope, its `object`, the choices and the usage the upstream reported. */
function enveloped<O extends string, C>(object: O, env: Envelope, choices: C[], rawUsage: unknown) {
  const usage = normalizeUsage(rawUsage);
  return { id: env.id, object, created: env.created, model: env.model, choices, ...(usage ? { usage } : {}) };
}

function logprobsOf(v: unknown): ChatCompletionChunk.Choice["logprobs"] {
  if (!isRecord(v)) return null;
  const content = Array.isArray(v.content)
    ? (v.content as NonNullable<ChatCompletionChunk.Choice["logprobs"]>["content"])
    : null;
  return { content, refusal: Array.isArray(v.refusal) ? (v.refusal as []) : null };
}

function toolCallDeltas(v: unknown): ChatCompletionChunk.Choice.Delta.ToolCall[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out = v.filter(isRecord).map((d, i) => {
    const fn = isRecord(d.function) ? d.function : undefined;
    return {
      index: int(d.index) ?? i,
      ...(str(d.id) ? { id: str(d.id) } : {}),
      ...(fn || d.type ? { type: "function" as const } : {}),
      ...(fn
        ? {
            function: {
              ...(str(fn.name) !== undefined ? { name: str(fn.name) } : {}),
              ...(str(fn.arguments) !== undefined ? { arguments: str(fn.arguments) } : {}),
            },
          }
        : {}),
    };
  });
  return out.length ? out : undefined;
}

/** One upstream stream chunk in OpenAI's shape (choices keep their own index). */
export function normalizeChunk(raw: unknown, env: Envelope): ChatCompletionChunk {
  const r = isRecord(raw) ? raw : {};
  const choices = (Array.isArray(r.choices) ? r.choices.filter(isRecord) : []).map((c, i) => {
    const d = isRecord(c.delta) ? c.delta : {};
    const toolCalls = toolCallDeltas(d.tool_calls);
    const delta: ChatCompletionChunk.Choice.Delta = {
      ...(d.role === "assistant" ? { role: "assistant" as const } : {}),
      ...(typeof d.content === "string" ? { content: d.content } : {}),
      ...(toolCalls ? { tool_calls: toolCalls } : {}),
      ...(typeof d.refusal === "string" ? { refusal: d.refusal } : {}),
    };
    return {
      index: int(c.index) ?? i,
      delta,
      logprobs: logprobsOf(c.logprobs),
      finish_reason: finishReason(c.finish_reason),
    };
  });
  return enveloped("chat.completion.chunk", env, choices, r.usage);
}

/** One upstream completion in OpenAI's shape. */
export function normalizeCompletion(raw: unknown, env: Envelope): ChatCompletion {
  const r = isRecord(raw) ? raw : {};
  const choices = (Array.isArray(r.choices) ? r.choices.filter(isRecord) : []).map((c, i) => {
    const m = isRecord(c.message) ? c.message : {};
    const calls = Array.isArray(m.tool_calls)
      ? m.tool_calls.filter(isRecord).map((t, j) => {
          const fn = isRecord(t.function) ? t.function : {};
          return {
            id: str(t.id) || `call_${i}_${j}`,
            type: "function" as const,
            function: { name: str(fn.name) ?? "", arguments: str(fn.arguments) ?? "" },
          };
        })
      : [];
    return {
      index: int(c.index) ?? i,
      message: {
        role: "assistant" as const,
        content: typeof m.content === "string" ? m.content : null,
        refusal: typeof m.refusal === "string" ? m.refusal : null,
        ...(calls.length ? { tool_calls: calls } : {}),
      },
      logprobs: logprobsOf(c.logprobs),
      finish_reason: finishReason(c.finish_reason) ?? (calls.length ? "tool_calls" : "stop"),
    };
  });
  return enveloped("chat.completion", env, choices, r.usage) as ChatCompletion;
}

/** The chunks a stream client gets for a reply that was not streamed (a streaming degradation). */
export function completionAsChunks(c: ChatCompletion): ChatCompletionChunk[] {
  const base = { id: c.id, object: "chat.completion.chunk" as const, created: c.created, model: c.model };
  const out: ChatCompletionChunk[] = [];
  for (const choice of c.choices) {
    const calls = choice.message.tool_calls ?? [];
    out.push({
      ...base,
      choices: [
        {
          index: choice.index,
          delta: {
            role: "assistant",
            ...(choice.message.content !== null ? { content: choice.message.content } : {}),
            ...(calls.length
              ? {
                  tool_calls: calls.map((t, i) => ({
                    index: i,
                    id: t.id,
                    type: "function" as const,
                    function: t.type === "function" ? { name: t.function.name, arguments: t.function.arguments } : {},
                  })),
                }
              : {}),
          },
          logprobs: choice.logprobs,
          finish_reason: null,
        },
      ],
    });
    out.push({
      ...base,
      choices: [{ index: choice.index, delta: {}, logprobs: null, finish_reason: choice.finish_reason }],
    });
  }
  if (c.usage) out.push({ ...base, choices: [], usage: c.usage });
  return out;
}

/** Whether a chunk carries what a reader waits for: content or a tool-call piece (the commit point). */
export function hasContent(chunk: ChatCompletionChunk): boolean {
  return chunk.choices.some(
    (c) => (typeof c.delta.content === "string" && c.delta.content !== "") || (c.delta.tool_calls?.length ?? 0) > 0,
  );
}
