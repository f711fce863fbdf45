import "server-only";
import type { ChatCompletionCreateParams, ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { ChatMessage, ParsedChatRequest, ReplyValidation } from "@/lib/schemas/playground";
import { schemaErrors, schemaProblem } from "../json-schema";
import type { CallPlan } from "./degradation";

/** The OpenAI request for one call of the playground, shaped by its {@link CallPlan}. */

/** The instruction that stands in for JSON mode (the simulator and real models follow it). */
export const JSON_INSTRUCTION = "Respond with only a valid JSON object: no prose, no code fences.";

function schemaInstruction(schema: unknown): string {
  return `Respond with only a JSON object that validates against this JSON Schema: no prose, no code fences.\n\`\`\`json\n${JSON.stringify(schema, null, 2)}\n\`\`\``;
}

function toUpstreamMessage(m: ChatMessage): ChatCompletionMessageParam {
  if (m.role === "tool") return { role: "tool", tool_call_id: m.toolCallId, content: m.content };
  if (m.role === "assistant") {
    return {
      role: "assistant",
      content: m.content,
      ...(m.toolCalls && m.toolCalls.length > 0
        ? {
            tool_calls: m.toolCalls.map((c) => ({
              id: c.id,
              type: "function" as const,
              function: { name: c.name, arguments: c.arguments },
            })),
          }
        : {}),
    };
  }
  if (!m.images || m.images.length === 0) return { role: "user", content: m.content };
  return {
    role: "user",
    content: [
      ...(m.content ? [{ type: "text" as const, text: m.content }] : []),
      ...m.images.map((url) => ({ type: "image_url" as const, image_url: { url } })),
    ],
  };
}

/** The system messages: the user's prompt, then any instruction a degradation adds. */
function systemMessages(req: ParsedChatRequest, plan: CallPlan): ChatCompletionMessageParam[] {
  const parts: string[] = [];
  if (req.system?.trim()) parts.push(req.system.trim());
  if (plan.format === "instructed_json") parts.push(JSON_INSTRUCTION);
  if (
    (plan.format === "json_mode_schema" || plan.format === "instructed_schema") &&
    req.responseFormat.type === "json_schema"
  ) {
    parts.push(schemaInstruction(req.responseFormat.schema));
  }
  return parts.length === 0 ? [] : [{ role: "system", content: parts.join("\n\n") }];
}

/** The tools as sent: with a description filled in (the name) where the server requires one. */
function toolsFor(
  tools: NonNullable<ParsedChatRequest["tools"]>,
  plan: CallPlan,
): NonNullable<ParsedChatRequest["tools"]> {
  if (!plan.fillToolDescriptions) return tools;
  return tools.map((t) =>
    t.function.description ? t : { ...t, function: { ...t.function, description: t.function.name } },
  );
}

/** The chat completion body for `model` under `plan` (extra messages: a repair turn). */
export function buildUpstreamBody(
  req: ParsedChatRequest,
  plan: CallPlan,
  model: string,
  extra: ChatCompletionMessageParam[] = [],
): ChatCompletionCreateParams {
  const { params } = req;
  const body: ChatCompletionCreateParams = {
    model,
    messages: [...systemMessages(req, plan), ...req.messages.map(toUpstreamMessage), ...extra],
    ...(params.temperature === undefined ? {} : { temperature: params.temperature }),
    ...(params.topP === undefined ? {} : { top_p: params.topP }),
    ...(params.seed === undefined ? {} : { seed: params.seed }),
    ...(params.stop && params.stop.length > 0 ? { stop: params.stop } : {}),
    ...(params.maxTokens === undefined ? {} : { [plan.tokenParam]: params.maxTokens }),
    ...(req.tools && req.tools.length > 0 ? { tools: toolsFor(req.tools, plan) } : {}),
  };
  if (plan.format === "native_object_schema" && req.responseFormat.type === "json_schema") {
    // llama.cpp's own form: a json_object response_format carrying the schema (not in OpenAI's types).
    (body as unknown as { response_format: unknown }).response_format = {
      type: "json_object",
      schema: req.responseFormat.schema,
    };
  } else if (plan.format === "native_json" || plan.format === "json_mode_schema") {
    body.response_format = { type: "json_object" };
  } else if (plan.format === "native_schema" && req.responseFormat.type === "json_schema") {
    body.response_format = {
      type: "json_schema",
      json_schema: { name: req.responseFormat.name, schema: req.responseFormat.schema, strict: true },
    };
  }
  if (!plan.stream) return body;
  return { ...body, stream: true, ...(plan.includeUsage ? { stream_options: { include_usage: true } } : {}) };
}

/** Parses a JSON reply, tolerating one code fence around it (models add them despite being told). */
function parseJsonReply(content: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const trimmed = content.trim();
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/.exec(trimmed)?.[1];
  try {
    return { ok: true, value: JSON.parse(fenced ?? trimmed) };
  } catch (err) {
    return { ok: false, error: `not valid JSON (${(err as Error).message})` };
  }
}

/**
 * Checks a reply against what was asked: JSON mode wants a JSON object, structured output
 * an instance of the schema. Null when the request asked for text (or made tool calls).
 */
export function validateReply(req: ParsedChatRequest, content: string): ReplyValidation | null {
  const format = req.responseFormat;
  if (format.type === "text") return null;
  const parsed = parseJsonReply(content);
  const kind = format.type === "json_object" ? "json" : "schema";
  if (!parsed.ok) return { kind, valid: false, error: parsed.error };
  if (typeof parsed.value !== "object" || parsed.value === null || Array.isArray(parsed.value)) {
    return { kind, valid: false, error: "valid JSON, but not a JSON object" };
  }
  if (format.type === "json_object") return { kind, valid: true };
  const problem = schemaProblem(format.schema);
  if (problem) return { kind, valid: false, error: `the schema does not compile (${problem})` };
  const errors = schemaErrors(format.schema, parsed.value);
  return errors === undefined ? { kind, valid: true } : { kind, valid: false, error: errors };
}

/** Whether a failed validation gets the one repair attempt (the schema strategies do). */
export function repairs(plan: CallPlan): boolean {
  return (
    plan.format === "json_mode_schema" ||
    plan.format === "instructed_schema" ||
    plan.format === "instructed_json" ||
    plan.format === "native_object_schema"
  );
}

/** The repair turn: the bad reply, then what was wrong with it. */
export function repairMessages(content: string, validation: ReplyValidation): ChatCompletionMessageParam[] {
  return [
    { role: "assistant", content },
    {
      role: "user",
      content: `That reply is invalid: ${validation.error ?? "it does not match"}. Reply again with only the corrected JSON object.`,
    },
  ];
}
