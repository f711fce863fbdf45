import "server-only";
import { type ResultFlag, defineProbe, partial, skipped, supported } from "../types";

const INPUTS = ["The quick brown fox jumps over the lazy dog.", "Lighthouses guide ships at night.", "hello"];

/**
 * `embeddings`: a batch of three inputs returns three finite float vectors of one
 * dimension. Uses the provider's embedding model (or the model under test when it is
 * declared an embedding model); skipped when there is none. vLLM answers 400 and
 * llama.cpp 501 without an embedding model / `--embeddings` (QUIRKS.md). Then `input` as a
 * single string (the spec's other form, what most applications send): a refusal of it is
 * recorded as a flag.
 */
export const embeddingsProbe = defineProbe({
  feature: "embeddings",
  title: "Embeddings",
  group: "embeddings",
  description: "POST /v1/embeddings with a batch: one finite float vector per input, all of one dimension.",
  sends: "a request to /v1/embeddings",
  fields: ["embeddings", "embedding"],
  capability: "embedding",
  needsChat: false,
  requests: 2,
  async run(ctx) {
    const { upstream, model, provider, declaredFor, recordModel } = ctx;
    const own = await declaredFor(model);
    const embeddingModel = provider.embeddingModel ?? (own?.capabilities.includes("embedding") ? model : null);
    if (!embeddingModel) return skipped("No embedding model is configured for this provider.");
    recordModel(embeddingModel);
    const res = await upstream.embeddings({ model: embeddingModel, input: INPUTS, encoding_format: "float" });
    const data = res.data ?? [];
    if (data.length !== INPUTS.length) {
      return partial(`Sent a batch of ${INPUTS.length} inputs, got ${data.length} vector(s).`);
    }
    const vectors = data.map((d) => d?.embedding);
    if (!vectors.every((v): v is number[] => Array.isArray(v) && v.every((x) => typeof x === "number"))) {
      return partial("Answered, but not every embedding is an array of numbers.");
    }
    const dims = [...new Set(vectors.map((v) => v.length))];
    if (dims.length !== 1 || dims[0] === 0)
      return partial(`The vectors' dimensions differ: ${dims.join(", ")}.`, { dims });
    if (!vectors.every((v) => v.every(Number.isFinite))) return partial("Some embedding values are not finite.");
    const single = await upstream.capture(() =>
      upstream.embeddings({ model: embeddingModel, input: INPUTS[2]!, encoding_format: "float" }),
    );
    const flags: ResultFlag[] =
      !single.ok && ctx.classify(single.failure).verdict === "unsupported" ? ["requires:embedding_input_array"] : [];
    const note = flags.length ? " Note: input as a single string is refused; send an array." : "";
    return {
      ...supported(`${INPUTS.length} finite vectors of dimension ${dims[0]} from ${embeddingModel}.${note}`, {
        dimension: dims[0],
      }),
      flags,
    };
  },
});
