import { isRecord } from "../json";
import type { ResponsesBody, ResponsesInputItem } from "./request";

/**
 * The Responses API over chat completions, for servers that lack `/v1/responses` (the
 * gateway's bridge) and for the simulator's servers that have it (llama.cpp, LM Studio and
 * vLLM implement theirs the same way: convert to a chat request, convert the result back).
 * This file is the way there — a Responses request (plus the turns before it) → a chat body;
 * writer.ts builds the way back (the Response and its events), feed.ts feeds it.
 */

type Json = Record<string, unknown>;

/** A chat message (the shape sent to `/v1/chat/completions`). */
export type ChatMessage = Json & { role: string };

function partsToChat(parts: readonly unknown[]): Json[] {
  return parts.filter(isRecord).map((p) => {
    if (p.type === "input_image")
      return {
        type: "image_url",
        image_url: { url: String(p.image_url), ...(p.detail ? { detail: p.detail } : {}) },
      };
    if (p.type === "refusal") return { type: "text", text: String(p.refusal ?? "") };
    return { type: "text", text: String(p.text ?? "") };
  });
}

/** The text of content parts (output_text, input_text, refusal). */
export function textOf(parts: readonly unknown[]): string {
  return parts
    .filter(isRecord)
    .map((p) => (typeof p.text === "string" ? p.text : typeof p.refusal === "string" ? p.refusal : ""))
    .join("");
}

/** Input items as chat messages: consecutive function calls become one assistant message with tool_calls. */
export function itemsToMessages(items: readonly ResponsesInputItem[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const item of items) {
    const type = item.type ?? "message";
    if (type === "function_call") {
      const call = {
        id: String(item.call_id),
        type: "function",
        function: { name: item.name, arguments: item.arguments },
      };
      const last = out.at(-1);
      if (last && last.role === "assistant" && Array.isArray(last.tool_calls)) (last.tool_calls as Json[]).push(call);
      else out.push({ role: "assistant", content: "", tool_calls: [call] });
      continue;
    }
    if (type === "function_call_output") {
      const output = item.output;
      out.push({
        role: "tool",
        tool_call_id: String(item.call_id),
        content: typeof output === "string" ? output : textOf(output as unknown[]),
      });
      continue;
    }
    const role = String(item.role);
    const content = item.content as string | unknown[];
    if (typeof content === "string") out.push({ role, content });
    else if (role === "assistant" || role === "system" || role === "developer")
      out.push({ role, content: textOf(content) });
    else {
      const parts = partsToChat(content);
      const onlyText = parts.every((p) => p.type === "text");
      out.push({ role, content: onlyText ? parts.map((p) => p.text).join("") : parts });
    }
  }
  return out;
}

/** The input of a request as items (a string is one user message). */
export function inputItems(input: ResponsesBody["input"]): ResponsesInputItem[] {
  return typeof input === "string" ? [{ type: "message", role: "user", content: input }] : [...input];
}

/**
 * The chat body a Responses request becomes. `history`: the items of the turns before it
 * (`previous_response_id`), without their instructions — OpenAI does not carry those over.
 */
export function chatRequestOf(
  body: ResponsesBody,
  history: readonly ResponsesInputItem[],
  model: string,
): Json & { model: string; messages: ChatMessage[]; stream?: true } {
  const messages: ChatMessage[] = [
    ...(body.instructions ? [{ role: "system", content: body.instructions }] : []),
    ...itemsToMessages([...history, ...inputItems(body.input)]),
  ];
  const tools = (body.tools ?? [])
    .filter((t) => t.type === "function")
    .map((t) => ({
      type: "function",
      function: {
        name: t.name,
        ...(t.description ? { description: t.description } : {}),
        ...(t.parameters ? { parameters: t.parameters } : {}),
        ...(t.strict != null ? { strict: t.strict } : {}),
      },
    }));
  const choice = body.tool_choice;
  const format = body.text?.format;
  const responseFormat =
    !format || format.type === "text"
      ? undefined
      : format.type === "json_object"
        ? { type: "json_object" }
        : {
            type: "json_schema",
            json_schema: {
              name: format.name,
              schema: format.schema,
              ...(format.description ? { description: format.description } : {}),
              ...(format.strict != null ? { strict: format.strict } : {}),
            },
          };
  return {
    model,
    messages,
    ...(tools.length ? { tools } : {}),
    ...(choice == null || !tools.length
      ? {}
      : { tool_choice: typeof choice === "string" ? choice : { type: "function", function: { name: choice.name } } }),
    ...(body.parallel_tool_calls != null && tools.length ? { parallel_tool_calls: body.parallel_tool_calls } : {}),
    ...(responseFormat ? { response_format: responseFormat } : {}),
    ...(body.max_output_tokens != null ? { max_tokens: body.max_output_tokens } : {}),
    ...(body.temperature != null ? { temperature: body.temperature } : {}),
    ...(body.top_p != null ? { top_p: body.top_p } : {}),
    ...(body.reasoning?.effort ? { reasoning_effort: body.reasoning.effort } : {}),
    ...(body.user ? { user: body.user } : {}),
    ...(body.stream ? { stream: true as const } : {}),
  };
}
