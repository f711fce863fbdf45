import "server-only";
import { ask } from "../helpers";
import { contentDeltas, finishReason } from "../sse";
import { defineProbe, partial, supported } from "../types";

/** `streaming`: SSE with several content deltas, a final finish_reason and `[DONE]`; TTFT recorded. */
export const streamingProbe = defineProbe({
  feature: "streaming",
  title: "Streaming",
  group: "core",
  description: "stream: true answers text/event-stream with ≥ 2 content deltas, a finish_reason and [DONE].",
  fields: ["stream"],
  async run({ upstream, model }) {
    const capture = await upstream.stream({
      model,
      stream: true,
      messages: ask("Write two sentences about lighthouses."),
    });
    const base = { ttftMs: capture.ttftMs, contentType: capture.contentType };
    if (capture.json !== undefined) {
      return partial(`stream: true was answered with one JSON body (${capture.contentType}), not a stream.`, base);
    }
    const deltas = contentDeltas(capture);
    const finish = finishReason(capture);
    const details = { ...base, chunks: capture.chunks.length, contentDeltas: deltas.length, finishReason: finish };
    if (deltas.length < 2) return partial(`Streamed, but only ${deltas.length} content delta(s).`, details);
    if (!finish) return partial("Streamed, but no chunk carried a finish_reason.", details);
    if (!capture.done) return partial("Streamed, but the stream ended without data: [DONE].", details);
    return supported(`Streamed ${deltas.length} content deltas, finish_reason "${finish}", then [DONE].`, details);
  },
});
