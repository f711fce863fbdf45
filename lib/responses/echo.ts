import { isRecord } from "../json";
import type { ResponsesBody } from "./request";

/** What a Response carries over from the server (usage) and from the request (tools). */

type Json = Record<string, unknown>;

/** Chat usage (or a Responses server's usage) in Responses' shape. */
export function responsesUsage(raw: unknown): Json | null {
  if (!isRecord(raw)) return null;
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? Math.max(0, Math.round(v)) : 0);
  const input = num(raw.input_tokens ?? raw.prompt_tokens);
  const output = num(raw.output_tokens ?? raw.completion_tokens);
  const inDetails = isRecord(raw.input_tokens_details)
    ? raw.input_tokens_details
    : isRecord(raw.prompt_tokens_details)
      ? raw.prompt_tokens_details
      : {};
  const outDetails = isRecord(raw.output_tokens_details)
    ? raw.output_tokens_details
    : isRecord(raw.completion_tokens_details)
      ? raw.completion_tokens_details
      : {};
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: num(inDetails.cached_tokens), cache_write_tokens: 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: num(outDetails.reasoning_tokens) },
    total_tokens: input + output,
  };
}

/** The tools of the request as a Response echoes them. */
export function echoedTools(body: ResponsesBody): Json[] {
  return (body.tools ?? [])
    .filter((t) => t.type === "function")
    .map((t) => ({
      type: "function",
      name: t.name,
      description: t.description ?? null,
      parameters: t.parameters ?? null,
      strict: t.strict ?? null,
    }));
}
