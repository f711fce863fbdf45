/**
 * llama.cpp `llama-server` (build b6915, `--jinja`, multimodal projector loaded, no
 * `--embeddings`). QUIRKS.md: refuses `n` ≠ 1 and tools while streaming with HTTP 500
 * (ggml-org/llama.cpp#9522), ignores `max_completion_tokens` (#13700), serves one model
 * whatever `model` says, and adds a non-standard `timings` object to responses.
 */
import { jsonResponse } from "../http";
import type { DecorateContext, ModelSpec, ProfileSpec } from "../types";
import { ignored, refused } from "./rules";

const BUILD = "b6915-4b2a0c1";
const MODEL: ModelSpec = {
  id: "gemma-3-4b-it-Q4_K_M.gguf",
  kind: "chat",
  tools: true,
  vision: true,
  contextLength: 131072,
};

function timings(ctx: DecorateContext): Record<string, number> {
  const promptMs = Math.max(ctx.promptTokens * 0.4, 0.1);
  const predictedMs = Math.max(ctx.elapsedMs, ctx.completionTokens * 0.1, 0.1);
  return {
    prompt_n: ctx.promptTokens,
    prompt_ms: promptMs,
    prompt_per_token_ms: promptMs / Math.max(ctx.promptTokens, 1),
    prompt_per_second: (ctx.promptTokens * 1000) / promptMs,
    predicted_n: ctx.completionTokens,
    predicted_ms: predictedMs,
    predicted_per_token_ms: predictedMs / Math.max(ctx.completionTokens, 1),
    predicted_per_second: (ctx.completionTokens * 1000) / predictedMs,
  };
}

/** The llama.cpp server profile. */
export const llamacppProfile: ProfileSpec = {
  name: "llamacpp",
  label: "llama.cpp",
  kind: "llamacpp",
  version: BUILD,
  ownedBy: "llamacpp",
  models: [MODEL],
  features: {
    n: refused(500, "Only one completion choice is allowed (n must be 1)", { type: "server_error", param: "n" }),
    tools_stream: refused(500, "Cannot use tools with stream", { type: "server_error", param: "tools" }),
    max_completion_tokens: ignored,
    embedding_dimensions: ignored,
    embeddings: refused(501, "This server does not support embeddings. Start it with `--embeddings`", {
      type: "not_supported_error",
    }),
  },
  noToolsRule: ignored,
  noVisionRule: refused(
    500,
    "image input is not supported - hint: if this is unexpected, you may need to provide the mmproj",
    { type: "server_error" },
  ),
  // llama-server only emits several tool calls when the request sets parallel_tool_calls.
  parallelToolCallsDefault: false,
  ignoresModelField: true,
  chatModelsServeCompletions: true,
  systemFingerprint: BUILD,
  modelNotFoundMessage: (model) => `model '${model}' not found`,
  modelListExtras: () => ({
    meta: { vocab_type: 2, n_vocab: 262144, n_ctx_train: 131072, n_embd: 2560, n_params: 3880263168, size: 2489757856 },
  }),
  decorateBody: (body, ctx) => {
    body.timings = timings(ctx);
  },
  discovery: [
    { method: "GET", path: "/health", handle: () => jsonResponse({ status: "ok" }) },
    {
      method: "GET",
      path: "/props",
      handle: () =>
        jsonResponse({
          default_generation_settings: {
            n_ctx: 8192,
            params: { temperature: 0.8, top_k: 40, top_p: 0.95, n_predict: -1 },
          },
          total_slots: 1,
          model_path: `/models/${MODEL.id}`,
          chat_template: "{{ bos_token }}{% for message in messages %}…{% endfor %}",
          modalities: { vision: true, audio: false },
          build_info: BUILD,
        }),
    },
  ],
};
