import "server-only";
import { isRecord } from "@/lib/json";
import { schemaErrors } from "../json-schema";
import type { ChatCompletionMessageParam, ChatCompletionTool } from "openai/resources/chat/completions";

/** Shared pieces of the probes: prompts, tool definitions, JSON and schema checks. */

/** A user message. */
export function ask(text: string): ChatCompletionMessageParam[] {
  return [{ role: "user", content: text }];
}

/** JSON.parse that returns undefined instead of throwing. */
export function parseJson(text: unknown): unknown {
  if (typeof text !== "string") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A plain JSON object (not an array, not null). */
export const isJsonObject = isRecord;

/** Text cut for a reason sentence. */
export function quote(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return JSON.stringify(flat.length > max ? `${flat.slice(0, max)}…` : flat);
}

/** `get_weather`: required city and unit enum, bounded days, no extra properties. */
export const WEATHER_TOOL = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Get the current weather forecast for a city",
    parameters: {
      type: "object",
      properties: {
        city: { type: "string", minLength: 1 },
        unit: { type: "string", enum: ["celsius", "fahrenheit"] },
        days: { type: "integer", minimum: 1, maximum: 7 },
      },
      required: ["city", "unit"],
      additionalProperties: false,
    },
  },
} as const satisfies ChatCompletionTool;

/** `get_time`: a second tool, for named tool_choice and parallel calls. */
export const TIME_TOOL = {
  type: "function",
  function: {
    name: "get_time",
    description: "Look up the local clock time in a timezone",
    parameters: {
      type: "object",
      properties: { timezone: { type: "string" } },
      required: ["timezone"],
      additionalProperties: false,
    },
  },
} as const satisfies ChatCompletionTool;

/** `get_weather` as applications often send it: no `description` (optional in OpenAI's spec). */
export const MINIMAL_WEATHER_TOOL = {
  type: "function",
  function: { name: WEATHER_TOOL.function.name, parameters: WEATHER_TOOL.function.parameters },
} as const satisfies ChatCompletionTool;

/** Both tools. */
export const TOOLS = [WEATHER_TOOL, TIME_TOOL];
/** A prompt that calls for `get_weather`. */
export const WEATHER_PROMPT = "What's the weather in Paris today? Use celsius.";
/** A prompt that calls for both tools at once. */
export const BOTH_PROMPT = "What's the weather in Paris and the local time there?";
/** A prompt that calls for no tool, so a tool call shows a forced tool_choice was honoured. */
export const CHITCHAT_PROMPT = "Hello there";

/** A tool call as servers return it (every field may be missing). */
export type LooseToolCall = {
  id?: string | null;
  type?: string | null;
  function?: { name?: string | null; arguments?: string | null } | null;
};

/**
 * What is wrong with one tool call's *content*: a known function name and arguments valid
 * against its schema. Undefined when the call itself is right (see {@link toolCallIdProblem}
 * for the id, a protocol defect of its own: a call with an empty id was still made).
 */
export function toolCallProblem(call: LooseToolCall, tools: readonly ChatCompletionTool[] = TOOLS): string | undefined {
  const name = call.function?.name ?? "";
  const tool = tools.find((t) => t.type === "function" && t.function.name === name);
  if (!tool || tool.type !== "function") return `called an unknown function ${quote(name)}`;
  const args = parseJson(call.function?.arguments ?? "");
  if (!isJsonObject(args))
    return `the arguments of ${name} are not a JSON object: ${quote(call.function?.arguments ?? "")}`;
  const errors = schemaErrors(tool.function.parameters ?? {}, args);
  if (errors) return `the arguments of ${name} do not match its parameters (${errors})`;
  return undefined;
}

/** Clients need the id to send the tool result back (`tool_call_id`): an empty one is a defect of its own. */
export function toolCallIdProblem(calls: readonly LooseToolCall[]): string | undefined {
  const missing = calls.filter((c) => !c.id).length;
  if (missing === 0) return undefined;
  return `${missing === calls.length ? (calls.length === 1 ? "the call has" : "the calls have") : `${missing} of ${calls.length} calls have`} an empty id, so a client cannot send the result back`;
}

/**
 * A warning when `usage.completion_tokens` cannot be true for the reply it came with (one
 * real server reports 100 for every reply): judge by content and finish reason, flag this.
 */
export function implausibleUsage(content: string, completionTokens: unknown): string | undefined {
  if (typeof completionTokens !== "number") return undefined;
  const words = content.trim() === "" ? 0 : content.trim().split(/\s+/).length;
  const ceiling = 4 * Math.max(words, Math.ceil(content.length / 3)) + 8;
  if (completionTokens > ceiling) {
    return `usage says ${completionTokens} completion tokens for a reply of ${words} word(s): that cannot be true`;
  }
  if (completionTokens === 0 && words > 0) return `usage says 0 completion tokens for a reply of ${words} word(s)`;
  return undefined;
}

/** A rough token count of a reply (words and punctuation), for checks that must not trust `usage`. */
export function roughTokens(text: string): number {
  return (text.match(/[\p{L}\p{N}_']+|[^\s\p{L}\p{N}_']/gu) ?? []).length;
}

/** The tool calls of a message as loosely typed function calls (custom tools are not probed). */
export function toolCallsOf(message: { tool_calls?: unknown } | null | undefined): LooseToolCall[] {
  const calls = message?.tool_calls;
  return Array.isArray(calls) ? (calls as LooseToolCall[]) : [];
}
