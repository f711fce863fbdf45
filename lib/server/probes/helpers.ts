import "server-only";
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
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

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

/** What is wrong with one tool call, or undefined: known name, arguments valid against its schema, non-empty id. */
export function toolCallProblem(call: LooseToolCall, tools: readonly ChatCompletionTool[] = TOOLS): string | undefined {
  const name = call.function?.name ?? "";
  const tool = tools.find((t) => t.type === "function" && t.function.name === name);
  if (!tool || tool.type !== "function") return `called an unknown function ${quote(name)}`;
  const args = parseJson(call.function?.arguments ?? "");
  if (!isJsonObject(args))
    return `the arguments of ${name} are not a JSON object: ${quote(call.function?.arguments ?? "")}`;
  const errors = schemaErrors(tool.function.parameters ?? {}, args);
  if (errors) return `the arguments of ${name} do not match its parameters (${errors})`;
  // Clients need the id to send the tool result back (tool_call_id).
  if (!call.id) return `the call to ${name} has an empty id, so a client cannot send its result back`;
  return undefined;
}

/** The tool calls of a message as loosely typed function calls (custom tools are not probed). */
export function toolCallsOf(message: { tool_calls?: unknown } | null | undefined): LooseToolCall[] {
  const calls = message?.tool_calls;
  return Array.isArray(calls) ? (calls as LooseToolCall[]) : [];
}
