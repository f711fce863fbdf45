import "server-only";
import { UpstreamError, streamEventError } from "../upstream/errors";

/**
 * Reads a chat completion stream off the wire. The SDK hides exactly what the `streaming`
 * probe must check (the content type, the `[DONE]` terminator, whether the server streamed
 * at all), so streams are read raw here.
 */

/** What a stream looked like. */
export type StreamCapture = {
  status: number;
  contentType: string;
  /** Parsed `data:` events in order (empty when the server answered with one JSON body). */
  chunks: Record<string, unknown>[];
  /** The body when the server ignored `stream: true` and answered with plain JSON. */
  json?: unknown;
  /** Whether `data: [DONE]` arrived. */
  done: boolean;
  /** Milliseconds from the request to the first content or tool-call delta. */
  ttftMs: number | null;
  /** The first part of the raw body, for evidence. */
  head: string;
};

const HEAD_CHARS = 1200;

function hasDelta(chunk: Record<string, unknown>): boolean {
  const choices = Array.isArray(chunk.choices) ? (chunk.choices as Record<string, unknown>[]) : [];
  return choices.some((c) => {
    const delta = (c?.delta ?? {}) as Record<string, unknown>;
    return (typeof delta.content === "string" && delta.content !== "") || Array.isArray(delta.tool_calls);
  });
}

/** Parses one SSE event's `data` (several `data:` lines join with newlines). */
function eventData(block: string): string | undefined {
  const lines = block.split(/\r?\n/).filter((l) => l.startsWith("data:"));
  if (lines.length === 0) return undefined;
  return lines.map((l) => l.slice(5).replace(/^ /, "")).join("\n");
}

/** An answer to `stream: true` that is not SSE: the server ignored the flag and sent one JSON body. */
async function readJsonAnswer(res: Response, capture: StreamCapture): Promise<StreamCapture> {
  const text = await res.text();
  capture.head = text.slice(0, HEAD_CHARS);
  try {
    capture.json = JSON.parse(text) as unknown;
  } catch {
    throw new UpstreamError("invalid_response", "the stream request was answered with a body that is not JSON or SSE");
  }
  return capture;
}

/** Takes one SSE event into `capture` (the chunk, `[DONE]`, the time to first content). Throws on a bad or error frame. */
function takeEvent(
  block: string,
  capture: StreamCapture,
  startedAt: number,
  isContent: (event: Record<string, unknown>) => boolean,
): void {
  const data = eventData(block);
  if (data === undefined || capture.done) return;
  if (data.trim() === "[DONE]") {
    capture.done = true;
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    throw new UpstreamError("invalid_response", "a stream event is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null) {
    throw new UpstreamError("invalid_response", "a stream event is not a JSON object");
  }
  const chunk = parsed as Record<string, unknown>;
  if (chunk.error !== undefined && chunk.choices === undefined) throw streamEventError(chunk.error);
  if (capture.ttftMs === null && isContent(chunk)) capture.ttftMs = Math.round(performance.now() - startedAt);
  capture.chunks.push(chunk);
}

/**
 * Consumes `res` (a 2xx answer to a `stream: true` request). A frame that is not JSON is an
 * `invalid_response`; an `{"error": …}` frame mid-stream is the server refusing or failing
 * after the headers were sent (kind `http`, status from the error when it has one, else 500).
 */
export async function readChatStream(
  res: Response,
  startedAt: number,
  /** Whether an event carries content (for the time to first token); chat deltas by default. */
  isContent: (event: Record<string, unknown>) => boolean = hasDelta,
): Promise<StreamCapture> {
  const contentType = res.headers.get("content-type") ?? "";
  const capture: StreamCapture = { status: res.status, contentType, chunks: [], done: false, ttftMs: null, head: "" };
  if (!contentType.includes("text/event-stream")) return readJsonAnswer(res, capture);
  const reader = res.body?.getReader();
  if (!reader) return capture;
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const text = decoder.decode(value, { stream: true });
    if (capture.head.length < HEAD_CHARS) capture.head += text.slice(0, HEAD_CHARS - capture.head.length);
    buffer += text;
    let cut: RegExpExecArray | null;
    while ((cut = /\r?\n\r?\n/.exec(buffer))) {
      takeEvent(buffer.slice(0, cut.index), capture, startedAt, isContent);
      buffer = buffer.slice(cut.index + cut[0].length);
    }
  }
  if (buffer.trim()) takeEvent(buffer, capture, startedAt, isContent);
  return capture;
}

/** Content deltas of choice 0, in order. */
export function contentDeltas(capture: StreamCapture): string[] {
  return capture.chunks.flatMap((chunk) => {
    const choice = (Array.isArray(chunk.choices) ? chunk.choices[0] : undefined) as
      { delta?: { content?: unknown } } | undefined;
    const content = choice?.delta?.content;
    return typeof content === "string" && content !== "" ? [content] : [];
  });
}

/** The last `finish_reason` seen on choice 0, or null. */
export function finishReason(capture: StreamCapture): string | null {
  let reason: string | null = null;
  for (const chunk of capture.chunks) {
    const choice = (Array.isArray(chunk.choices) ? chunk.choices[0] : undefined) as
      { finish_reason?: unknown } | undefined;
    if (typeof choice?.finish_reason === "string") reason = choice.finish_reason;
  }
  return reason;
}

/** A Responses stream event that carries output (text or function-call arguments). */
export function isResponsesContent(event: Record<string, unknown>): boolean {
  return (
    (event.type === "response.output_text.delta" || event.type === "response.function_call_arguments.delta") &&
    typeof event.delta === "string" &&
    event.delta !== ""
  );
}
