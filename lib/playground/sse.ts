import { createParser } from "eventsource-parser";
import type { ChatEvent } from "@/lib/schemas/playground";

/**
 * Reads the Server-Sent Events of `POST /api/playground/chat` (`event: <type>`,
 * `data: <JSON of the ChatEvent>`) as they arrive, one callback per event.
 */

/** The event types this client understands (a Record, so a new type in the contract must be added here). */
const KNOWN_TYPES: Record<ChatEvent["type"], true> = {
  attempt: true,
  degradation: true,
  delta: true,
  reset: true,
  done: true,
  error: true,
};

/** The stream carried something that is not a ChatEvent. */
export class MalformedStreamError extends Error {
  override name = "MalformedStreamError";
}

/** One event's data as a ChatEvent; null for event types this client does not know (newer servers). */
function parseChatEvent(data: string): ChatEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    throw new MalformedStreamError(`an event was not JSON: ${data.slice(0, 80)}`);
  }
  if (typeof value !== "object" || value === null || typeof (value as { type?: unknown }).type !== "string") {
    throw new MalformedStreamError("an event had no type");
  }
  const event = value as ChatEvent;
  if (!Object.hasOwn(KNOWN_TYPES, event.type)) return null;
  if (event.type === "delta" && typeof event.content !== "string") {
    throw new MalformedStreamError("a delta event had no content");
  }
  return event;
}

/**
 * Feeds `body` through the SSE parser until it ends. Resolves when the stream closes
 * (whether or not a final event came: the caller decides); rejects on a read failure,
 * an abort, or a malformed event (the body is cancelled first).
 */
export async function readChatEvents(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: ChatEvent) => void,
): Promise<void> {
  const parser = createParser({
    onEvent(message) {
      const event = parseChatEvent(message.data);
      if (event) onEvent(event);
    },
  });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
    }
    parser.feed(decoder.decode());
  } catch (err) {
    await reader.cancel().catch(() => undefined);
    throw err;
  } finally {
    reader.releaseLock();
  }
}
