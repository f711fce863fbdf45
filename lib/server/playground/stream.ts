import "server-only";
import { AppError } from "@/lib/errors";
import type { ChatEvent, ParsedChatRequest } from "@/lib/schemas/playground";
import type { SessionUser } from "../session";
import { type PreparedTarget, prepareTarget } from "./attempt";
import { runPlaygroundChat } from "./chat";
import { ownsPlaygroundSession } from "./sessions";
import { schemaProblem } from "./request-body";

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
async function prepareCall(req: ParsedChatRequest, user: SessionUser): Promise<PreparedTarget> {
  if (req.responseFormat.type === "json_schema") {
    const problem = schemaProblem(req.responseFormat.schema);
    if (problem) {
      throw new AppError("validation_failed", `responseFormat.schema is not a usable JSON Schema: ${problem}`, [
        { path: "responseFormat.schema", message: `is not a usable JSON Schema: ${problem}` },
      ]);
    }
  }
  // The request log links a call to a session only when it is the caller's own.
  if (req.sessionId && !(await ownsPlaygroundSession(req.sessionId, user.id))) delete req.sessionId;
  const first = await prepareTarget(req, req.target);
  if ("skip" in first && first.skip === "missing") {
    throw new AppError("not_found", "target.providerId names no provider: it may have been deleted.");
  }
  if ("skip" in first) {
    throw new AppError("validation_failed", "target.providerId names a disabled provider; enable it first.", [
      { path: "target.providerId", message: "names a disabled provider" },
    ]);
  }
  return first;
}

/** Serialises one event (`event: <type>`, `data: <json>`). */
export function formatChatEvent(event: ChatEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** Validates, then starts the call; resolves with the stream of its events. */
export async function openPlaygroundChat(
  req: ParsedChatRequest,
  user: SessionUser,
  requestSignal: AbortSignal,
): Promise<ReadableStream<Uint8Array>> {
  const first = await prepareCall(req, user);
  const stop = new AbortController();
  const signal = AbortSignal.any([requestSignal, stop.signal]);
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
          controller.enqueue(encoder.encode(formatChatEvent(event)));
        } catch {
          open = false;
        }
      };
      signal.addEventListener("abort", close, { once: true });
      runPlaygroundChat(req, { user, emit, signal }, first)
        .catch((err: unknown) => {
          const id = crypto.randomUUID();
          console.error(
            `[error ${id}] playground call failed:`,
            err instanceof Error ? (err.stack ?? err.message) : err,
          );
          emit({
            type: "error",
            message: `Something went wrong on the server (error id ${id}).`,
            kind: "stream",
            content: "",
            attempts: [],
            degradations: [],
            metrics: { ttftMs: null, totalMs: 0, tokensPerSecond: null, usage: null },
            logId: null,
          });
        })
        .finally(close);
    },
    cancel() {
      stop.abort();
    },
  });
}
