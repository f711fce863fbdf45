import "server-only";
import { ask } from "../helpers";
import { defineProbe, partial, supported } from "../types";

/** `stream_usage`: `stream_options.include_usage` adds a final chunk with usage. */
export const streamUsageProbe = defineProbe({
  feature: "stream_usage",
  title: "Usage in streams",
  group: "core",
  description: "stream_options.include_usage ends the stream with a chunk carrying usage token counts.",
  sends: "`stream_options: {include_usage: true}`",
  fields: ["stream_options", "include_usage"],
  async run({ upstream, model }) {
    const capture = await upstream.stream({
      model,
      stream: true,
      stream_options: { include_usage: true },
      messages: ask("Tell me about owls in one sentence."),
    });
    if (capture.json !== undefined) return partial("stream: true was answered with one JSON body, not a stream.");
    const withUsage = capture.chunks.filter((c) => {
      const usage = c.usage as { completion_tokens?: unknown } | null | undefined;
      return typeof usage?.completion_tokens === "number";
    });
    const last = withUsage.at(-1);
    if (!last)
      return partial("stream_options accepted, but no chunk carried usage.", { chunks: capture.chunks.length });
    const usage = last.usage as { completion_tokens: number; prompt_tokens?: number };
    const emptyChoices = Array.isArray(last.choices) && last.choices.length === 0;
    return supported(
      `The stream ended with usage (${usage.completion_tokens} completion tokens)${emptyChoices ? " in its own chunk" : ""}.`,
      { usage },
    );
  },
});
