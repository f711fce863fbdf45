import { isRecord } from "../json";
import { textOf } from "./to-chat";
import { type ResponseEnd, type ResponseEvent, ResponseWriter } from "./writer";

/**
 * What feeds a {@link ResponseWriter}: a chat completion or its chunks (the bridge), or another
 * server's Responses body or events (the gateway's native pass-through, re-written so the
 * client's events are complete whatever that server leaves out).
 */

/** Feeds one chat completion chunk's first choice to `writer`; returns the events and any finish reason. */
export function writeChatChunk(
  writer: ResponseWriter,
  chunk: unknown,
): { events: ResponseEvent[]; finishReason: string | null } {
  const events: ResponseEvent[] = [];
  const choice = isRecord(chunk) && Array.isArray(chunk.choices) ? chunk.choices.find(isRecord) : undefined;
  if (!choice) return { events, finishReason: null };
  const delta = isRecord(choice.delta) ? choice.delta : {};
  if (typeof delta.content === "string") events.push(...writer.text(delta.content));
  if (typeof delta.refusal === "string") events.push(...writer.text(delta.refusal));
  if (Array.isArray(delta.tool_calls)) {
    for (const [i, tc] of delta.tool_calls.entries()) {
      if (!isRecord(tc)) continue;
      const fn = isRecord(tc.function) ? tc.function : {};
      events.push(
        ...writer.toolCall(
          String(typeof tc.index === "number" ? tc.index : i),
          callPiece(tc.id, fn.name, fn.arguments, null),
        ),
      );
    }
  }
  return { events, finishReason: typeof choice.finish_reason === "string" ? choice.finish_reason : null };
}

/** How a chat finish reason ends a response. */
export function endOfChat(finishReason: string | null, usage: unknown): ResponseEnd {
  if (finishReason === "length") return { status: "incomplete", reason: "max_output_tokens", usage };
  if (finishReason === "content_filter") return { status: "incomplete", reason: "content_filter", usage };
  return { status: "completed", usage };
}

/** A whole chat completion fed to `writer` (the non-streamed bridge); returns how it ends. */
export function writeChatCompletion(writer: ResponseWriter, completion: unknown): ResponseEnd {
  const c = isRecord(completion) ? completion : {};
  const choice = Array.isArray(c.choices) ? c.choices.find(isRecord) : undefined;
  const message = choice && isRecord(choice.message) ? choice.message : {};
  const text =
    typeof message.content === "string" ? message.content : typeof message.refusal === "string" ? message.refusal : "";
  writer.text(text);
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls.filter(isRecord) : [];
  calls.forEach((tc, i) => {
    const fn = isRecord(tc.function) ? tc.function : {};
    writer.toolCall(String(i), callPiece(tc.id, fn.name, fn.arguments, ""));
  });
  return endOfChat(typeof choice?.finish_reason === "string" ? choice.finish_reason : null, c.usage);
}

/** A tool-call piece from another server's fields (`args`: what a missing `arguments` counts as). */
function callPiece(callId: unknown, name: unknown, args: unknown, missingArgs: string | null) {
  return {
    callId: typeof callId === "string" ? callId : null,
    name: typeof name === "string" ? name : null,
    args: typeof args === "string" ? args : missingArgs,
  };
}

/**
 * The final event of another server's response: any output it sent only there (a server that
 * streams nothing before it), and how the response ended.
 */
function writeFinalEvent(
  writer: ResponseWriter,
  type: "response.completed" | "response.incomplete",
  response: Record<string, unknown>,
): { events: ResponseEvent[]; end: ResponseEnd } {
  const events: ResponseEvent[] = [];
  if (!writer.hasOutput) {
    const output = Array.isArray(response.output) ? response.output.filter(isRecord) : [];
    for (const o of output) {
      if (o.type === "message")
        events.push(...writer.text(textOf(Array.isArray(o.content) ? (o.content as unknown[]) : [])));
      else if (o.type === "function_call")
        events.push(...writer.toolCall(String(o.id ?? o.call_id), callPiece(o.call_id, o.name, o.arguments, "")));
    }
  }
  const details = isRecord(response.incomplete_details) ? response.incomplete_details : {};
  const end: ResponseEnd =
    type === "response.incomplete"
      ? {
          status: "incomplete",
          usage: response.usage,
          reason: details.reason === "content_filter" ? "content_filter" : "max_output_tokens",
        }
      : { status: "completed", usage: response.usage };
  return { events, end };
}

/**
 * Feeds one event of another server's Responses stream to `writer` (the gateway's native
 * pass-through): text and function-call pieces only, so whatever that server's events lack
 * (sequence numbers, `logprobs`, item ids — llama.cpp#19720) the client's are complete.
 * Returns the end when the event ends the response.
 */
export function writeResponsesEvent(
  writer: ResponseWriter,
  event: unknown,
): { events: ResponseEvent[]; end?: ResponseEnd } {
  const e = isRecord(event) ? event : {};
  const type = typeof e.type === "string" ? e.type : "";
  const item = isRecord(e.item) ? e.item : {};
  const key =
    typeof e.item_id === "string" ? e.item_id : typeof item.id === "string" ? item.id : String(e.output_index);
  switch (type) {
    case "response.output_text.delta":
    case "response.refusal.delta":
      return { events: writer.text(typeof e.delta === "string" ? e.delta : "") };
    case "response.output_item.added":
      if (item.type !== "function_call") return { events: [] };
      return { events: writer.toolCall(key, callPiece(item.call_id, item.name, item.arguments, null)) };
    case "response.function_call_arguments.delta":
      return { events: writer.toolCall(key, { args: typeof e.delta === "string" ? e.delta : null }) };
    case "response.completed":
    case "response.incomplete":
      return writeFinalEvent(writer, type, isRecord(e.response) ? e.response : {});
    case "response.failed": {
      const response = isRecord(e.response) ? e.response : {};
      const error = isRecord(response.error) ? response.error : {};
      return {
        events: [],
        end: { status: "failed", message: typeof error.message === "string" ? error.message : "the response failed" },
      };
    }
    case "error":
      return {
        events: [],
        end: {
          status: "failed",
          message: typeof e.message === "string" ? e.message : "the server sent an error event",
        },
      };
    default:
      return { events: [] };
  }
}

/** A whole Responses body from another server, through `writer` (the non-streamed pass-through). */
export function writeResponsesBody(writer: ResponseWriter, body: unknown): ResponseEnd {
  const r = isRecord(body) ? body : {};
  const type =
    r.status === "incomplete"
      ? "response.incomplete"
      : r.status === "failed"
        ? "response.failed"
        : "response.completed";
  return writeResponsesEvent(writer, { type, response: r }).end!;
}
