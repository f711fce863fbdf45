import "server-only";
import type { RunEvent } from "@/lib/schemas/probes";
import { sseEvent, sseTypedEvent } from "@/lib/sse-frame";
import { getProbeRun, waitForChange } from "./service";

/**
 * Live progress of a run, read from the database (so a follower on any instance sees a run
 * executing on another), woken early by this process's own results.
 */

/** How long a follower waits between database reads when nothing happens here. */
const POLL_MS = 500;
/** An SSE comment this often keeps proxies from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;

/**
 * The events of run `id`: `progress` (the run as it is now), then one `result` per stored
 * result ("n of m" in `done`/`total`) as they arrive, then `end` with the final run.
 */
export async function* followProbeRun(id: string, signal: AbortSignal): AsyncGenerator<RunEvent> {
  const sent = new Set<string>();
  let first = true;
  while (!signal.aborted) {
    const { results, ...run } = await getProbeRun(id);
    if (first) yield { type: "progress", run };
    first = false;
    for (const result of results) {
      if (sent.has(result.id)) continue;
      sent.add(result.id);
      yield { type: "result", result, done: sent.size, total: run.total };
    }
    if (run.status !== "running") {
      yield { type: "end", run };
      return;
    }
    await waitForChange(id, POLL_MS, signal);
  }
}

/** {@link followProbeRun} as a `text/event-stream` body (`event: <type>`, `data: <json>`). */
export function runEventStream(id: string, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const stop = new AbortController();
  const both = AbortSignal.any([signal, stop.signal]);
  const events = followProbeRun(id, both);
  let last = Date.now();
  // The pending next() survives a keep-alive tick: calling next() again would queue a
  // second request and drop the first one's event.
  let pending: Promise<IteratorResult<RunEvent>> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        pending ??= events.next();
        const next = await Promise.race([
          pending,
          new Promise<"keepalive">((resolve) => (timer = setTimeout(() => resolve("keepalive"), KEEPALIVE_MS))),
        ]);
        if (next === "keepalive") {
          if (Date.now() - last >= KEEPALIVE_MS) controller.enqueue(encoder.encode(": keep-alive\n\n"));
          return;
        }
        pending = undefined;
        if (next.done) return controller.close();
        last = Date.now();
        controller.enqueue(encoder.encode(sseTypedEvent(next.value)));
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        controller.enqueue(encoder.encode(sseEvent("error", { message })));
        controller.close();
      } finally {
        clearTimeout(timer);
      }
    },
    cancel() {
      stop.abort();
    },
  });
}
