import "server-only";
import { AppError } from "@/lib/errors";
import type { ChatEvent, ParsedChatRequest } from "@/lib/schemas/playground";
import type { SessionUser } from "../session";
import { type Prepared, prepareTarget } from "../calls/engine";
import { runPlaygroundChat } from "./chat";
import { schemaProblem } from "../json-schema";
import { linkSignals } from "@/lib/abort";
import { sseTypedEvent } from "@/lib/sse-frame";

/**
 * The playground call as a `text/event-stream` body. Everything that can be refused is
 * checked before the stream opens (so it is a plain JSON error); from then on each event
 * is written the moment it happens, and the browser going away (request signal or stream
 * cancel) aborts the upstream request.
 */

/**
 * Checks that cannot be expressed in the zod schema, and prepares the first target (its
 * provider and verdicts, loaded once). Throws AppError; writes nothing.
 */
async function prepareCall(req: ParsedChatRequest): Promise<Prepared> {
  if (req.responseFormat.type === "json_schema") {
    const problem = schemaProblem(req.responseFormat.schema);
    if (problem) {
      throw new AppError("validation_failed", `responseFormat.schema is not a usable JSON Schema: ${problem}`, [
        { path: "responseFormat.schema", message: `is not a usable JSON Schema: ${problem}` },
      ]);
    }
  }
  const first = await prepareTarget(req.target);
  if ("skip" in first && first.missing) {
    throw new AppError("not_found", "target.providerId names no provider: it may have been deleted.");
  }
  if ("skip" in first) {
    throw new AppError("validation_failed", "target.providerId names a disabled provider; enable it first.", [
      { path: "target.providerId", message: "names a disabled provider" },
    ]);
  }
  return first;
}

/** Validates, then starts the call; resolves with the stream of its events. */
export async function openPlaygroundChat(
  req: ParsedChatRequest,
  user: SessionUser,
  requestSignal: AbortSignal,
): Promise<ReadableStream<Uint8Array>> {
  const first = await prepareCall(req);
  const stop = new AbortController();
  const linked = linkSignals(requestSignal, stop.signal);
  const signal = linked.signal;
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const close = () => {
        if (!open) return;
        open = false;
        try {
          controller.close();
        } catch {
          // already closed by a cancel
        }
      };
      const emit = (event: ChatEvent) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(sseTypedEvent(event)));
        } catch {
          open = false;
        }
      };
      signal.addEventListener("abort", close, { once: true });
      // Never rejects: failures end as an `error` event and a request-log row.
      void runPlaygroundChat(req, { user, emit, signal }, first).finally(() => {
        close();
        linked.dispose();
      });
    },
    cancel() {
      stop.abort();
    },
  });
}
