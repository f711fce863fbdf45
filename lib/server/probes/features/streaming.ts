import "server-only";
import { ask, roughTokens } from "../helpers";
import { contentDeltas, finishReason } from "../sse";
import { defineProbe, notExercised, partial, supported } from "../types";

/**
 * `streaming`: SSE with several content deltas, a final finish_reason and `[DONE]`; TTFT
 * recorded. A one-word reply can only come as one delta: that decides nothing (not
 * exercised); a long reply in one delta is a server that buffers (partial).
 */
export const streamingProbe = defineProbe({
  feature: "streaming",
  title: "Streaming",
  group: "core",
  description: "stream: true answers text/event-stream with ≥ 2 content deltas, a finish_reason and [DONE].",
  sends: "`stream: true`",
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
    if (deltas.length < 2) {
      const text = deltas.join("");
      if (roughTokens(text) <= 2 && finish !== "length") {
        return notExercised(`the model's whole reply was ${deltas.length === 0 ? "empty" : "one token"}.`, details);
      }
      return partial(`Streamed, but the whole reply (${roughTokens(text)} tokens) came in one delta.`, details);
    }
    if (!finish) return partial("Streamed, but no chunk carried a finish_reason.", details);
    if (!capture.done) return partial("Streamed, but the stream ended without data: [DONE].", details);
    return supported(`Streamed ${deltas.length} content deltas, finish_reason "${finish}", then [DONE].`, details);
  },
});
