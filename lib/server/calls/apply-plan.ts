import "server-only";
import { isRecord } from "@/lib/json";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { CallPlan, ChatBody } from "./plan";

/**
 * A plan carried out on the body: what is sent upstream for one call (the instruction that
 * stands in for JSON mode or a schema, the token cap's name, tools and turns as the server
 * needs them), and which plans get the one repair attempt.
 */

/** The instruction that stands in for JSON mode (the simulator and real models follow it). */
export const JSON_INSTRUCTION = "Respond with only a valid JSON object: no prose, no code fences.";

function schemaInstruction(schema: unknown): string {
  return `Respond with only a JSON object that validates against this JSON Schema: no prose, no code fences.\n\`\`\`json\n${JSON.stringify(schema, null, 2)}\n\`\`\``;
}

/** The schema a request asks for (structured output), if any. */
export function requestedSchema(body: ChatBody): Record<string, unknown> | null {
  const f = body.response_format;
  return f?.type === "json_schema" && isRecord(f.json_schema?.schema) ? f.json_schema.schema : null;
}

/** The instruction a degradation adds to the system prompt, if any. */
function instructionOf(body: ChatBody, plan: CallPlan): string | null {
  if (plan.format === "instructed_json") return JSON_INSTRUCTION;
  if (plan.format === "json_mode_schema" || plan.format === "instructed_schema") {
    const schema = requestedSchema(body);
    return schema ? schemaInstruction(schema) : JSON_INSTRUCTION;
  }
  return null;
}

/** The messages with a degradation's instruction joined to the system prompt (or as one). */
function withInstruction(messages: ChatCompletionMessageParam[], instruction: string | null) {
  if (!instruction) return messages;
  const first = messages[0];
  if (first?.role === "system" && typeof first.content === "string") {
    return [{ ...first, content: `${first.content}\n\n${instruction}` }, ...messages.slice(1)];
  }
  return [{ role: "system" as const, content: instruction }, ...messages];
}

/** The body sent upstream for one call under `plan` (`extra`: a repair turn). */
export function applyPlan(body: ChatBody, plan: CallPlan, extra: ChatCompletionMessageParam[] = []): ChatBody {
  const {
    stream: _stream,
    stream_options: _streamOptions,
    response_format: _format,
    max_tokens: maxTokens,
    max_completion_tokens: maxCompletionTokens,
    parallel_tool_calls: parallel,
    n,
    ...rest
  } = body;
  const cap = maxTokens ?? maxCompletionTokens;
  let messages = withInstruction(body.messages, instructionOf(body, plan));
  if (plan.toolCallContentAsString) {
    messages = messages.map((m) =>
      m.role === "assistant" && (m.content === null || m.content === undefined) ? { ...m, content: "" } : m,
    );
  }
  const out: ChatBody = {
    ...rest,
    messages: [...messages, ...extra],
    ...(cap == null ? {} : { [plan.tokenParam]: cap }),
    ...(parallel === undefined || plan.dropParallelToolCalls ? {} : { parallel_tool_calls: parallel }),
    ...(n == null || plan.calls > 1 ? {} : { n }),
  };
  if (plan.fillToolDescriptions && out.tools) {
    out.tools = out.tools.map((t) =>
      t.type === "function" && !t.function.description
        ? { ...t, function: { ...t.function, description: t.function.name } }
        : t,
    );
  }
  const schema = requestedSchema(body);
  if (plan.format === "native_object_schema" && schema) {
    // llama.cpp's own form: a json_object response_format carrying the schema (not in OpenAI's types).
    (out as { response_format?: unknown }).response_format = { type: "json_object", schema };
  } else if (plan.format === "native_json" || plan.format === "json_mode_schema") {
    out.response_format = { type: "json_object" };
  } else if (plan.format === "native_schema" && body.response_format) {
    out.response_format = body.response_format;
  }
  if (!plan.stream) return out;
  const usage = plan.includeUsage && (body.stream_options?.include_usage ?? true);
  return { ...out, stream: true, ...(usage ? { stream_options: { include_usage: true } } : {}) };
}

/** Whether a failed validation gets the one repair attempt (the strategies that emulate). */
export function repairs(plan: CallPlan): boolean {
  return ["json_mode_schema", "instructed_schema", "instructed_json", "native_object_schema"].includes(plan.format);
}
