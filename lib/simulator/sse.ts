/**
 * Server-sent events: a `ReadableStream` fed one frame at a time by an async generator,
 * never buffered. Generation stops as soon as the client goes away (request signal
 * aborts or the body is cancelled) and the simulator records an `aborted` event.
 */
import type { HandlerContext } from "./context";
import { FAULT_CANCEL_REASON } from "./fault-output";
import { AbortedError } from "./http";
import { linkSignals } from "../abort";

/** One `data:` frame. */
export function sseFrame(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

/** The terminating frame of OpenAI streams. */
export const SSE_DONE = "data: [DONE]\n\n";

/** Progress the generator reports, for the `aborted`/`stream-end` events. */
export interface StreamProgress {
  tokensSent: number;
}

/** Builds frames; must await its sleeps with `signal` so an abort interrupts it. */
export type FrameGenerator = (signal: AbortSignal, progress: StreamProgress) => AsyncGenerator<string, void, undefined>;

/** The head of every simulated stream. */
const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  connection: "keep-alive",
};

/** A `text/event-stream` response whose frames come from `generate`. */
export function sseResponse(ctx: HandlerContext, generate: FrameGenerator): Response {
  const stream = new ReadableStream<Uint8Array>(frameSource(ctx, generate), { highWaterMark: 0 });
  return new Response(stream, { status: 200, headers: SSE_HEADERS });
}

/**
 * The body's source: one frame per pull, a `stream-end` event after the last, an `aborted`
 * event (once) when the client goes away first, and the generator stopped either way. A
 * cancel by a fault (`+cut`, `+malformed`) is not the client leaving, so it is not recorded.
 */
function frameSource(ctx: HandlerContext, generate: FrameGenerator): UnderlyingDefaultSource<Uint8Array> {
  const encoder = new TextEncoder();
  const local = new AbortController();
  const linked = linkSignals(ctx.signal, local.signal);
  const signal = linked.signal;
  const progress: StreamProgress = { tokensSent: 0 };
  const frames = generate(signal, progress);
  let finished = false;

  const abort = (): void => {
    if (finished) return;
    finished = true;
    ctx.emit({
      type: "aborted",
      requestId: ctx.requestId,
      profile: ctx.profile.name,
      path: ctx.path,
      stage: "streaming",
      tokensSent: progress.tokensSent,
    });
  };
  ctx.signal.addEventListener("abort", abort, { once: true });

  return {
    async pull(controller) {
      try {
        if (signal.aborted) throw new AbortedError();
        const next = await frames.next();
        if (next.done) {
          finished = true;
          linked.dispose();
          ctx.emit({ type: "stream-end", requestId: ctx.requestId, tokens: progress.tokensSent });
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        if (error instanceof AbortedError) abort();
        controller.error(error);
      }
    },
    async cancel(reason) {
      if (reason !== FAULT_CANCEL_REASON) abort();
      else finished = true;
      local.abort();
      linked.dispose();
      await frames.return(undefined);
    },
  };
}
