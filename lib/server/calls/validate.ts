import "server-only";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { ReplyValidation } from "@/lib/schemas/playground";
import { schemaErrors, schemaProblem } from "../json-schema";
import { type ChatBody, requestedSchema } from "./plan";

/** Checks of JSON replies (JSON mode and structured output), and the one repair turn. */

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
 * Checks a reply against what the request asked: JSON mode wants a JSON object, structured
 * output an instance of the schema. Null when the request asked for text.
 */
export function validateReply(body: ChatBody, content: string): ReplyValidation | null {
  const type = body.response_format?.type;
  if (type !== "json_object" && type !== "json_schema") return null;
  const parsed = parseJsonReply(content);
  const kind = type === "json_object" ? "json" : "schema";
  if (!parsed.ok) return { kind, valid: false, error: parsed.error };
  if (typeof parsed.value !== "object" || parsed.value === null || Array.isArray(parsed.value)) {
    return { kind, valid: false, error: "valid JSON, but not a JSON object" };
  }
  const schema = requestedSchema(body);
  if (type === "json_object" || !schema) return { kind, valid: true };
  const problem = schemaProblem(schema);
  if (problem) return { kind, valid: false, error: `the schema does not compile (${problem})` };
  const errors = schemaErrors(schema, parsed.value);
  return errors === undefined ? { kind, valid: true } : { kind, valid: false, error: errors };
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
