/**
 * llama.cpp `llama-server`, build b4748 (February 2025, `examples/server`, before libmtmd):
 * the early-2025 build issue 12 was tried against. Three ways of starting it:
 * - `llamacpp`: `--jinja`, a tiny chat model, one slot (`-np 1`);
 * - `llamacpp-no-jinja`: the same without `--jinja` (tools refused);
 * - `llamacpp-embeddings`: `--embeddings` with an embedding model (chat and completions 501).
 *
 * Sources: examples/server/utils.hpp and server.cpp of that era (see ./llamacpp-parse.ts for
 * the request checks and their texts) and /work/research/servers.md §1. Status for every
 * parse-time refusal: 500 `server_error` (`ex_wrapper`). The build's commit hash is not
 * verified, so `build_info` says "unknown", as llama.cpp's build-info does without git data.
 */
import { jsonResponse } from "../http";
import type { DecorateContext, FeatureRule, ModelSpec, ProfileSpec } from "../types";
import { LLAMACPP_TEXT, type LlamacppFlags, llamacppChatChecks, llamacppCompletionChecks } from "./llamacpp-parse";
import { ignored, refused } from "./rules";

const BUILD = "b4748";
const BUILD_INFO = `${BUILD}-unknown`;

const CHAT_MODEL: ModelSpec = {
  id: "qwen2.5-0.5b-instruct-q4_k_m.gguf",
  kind: "chat",
  tools: true,
  // No server build before libmtmd (PR #12898, May 2025) takes images.
  vision: false,
  contextLength: 32768,
  meta: { vocab_type: 2, n_vocab: 151936, n_ctx_train: 32768, n_embd: 896, n_params: 494032768, size: 397807936 },
};

const EMBEDDING_MODEL: ModelSpec = {
  id: "nomic-embed-text-v1.5.Q8_0.gguf",
  kind: "embedding",
  dimensions: 768,
  contextLength: 2048,
  meta: { vocab_type: 3, n_vocab: 30522, n_ctx_train: 2048, n_embd: 768, n_params: 136727040, size: 146146432 },
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

/**
 * `GET /props` of this era (`handle_props`): no `modalities` key (it came with libmtmd),
 * `total_slots` = `-np`, `build_info` = "b<N>-<commit>". `default_generation_settings` is the
 * idle slot's `to_json()`, abbreviated here (a few sampling params).
 */
function props(model: ModelSpec): Record<string, unknown> {
  const embedding = model.kind === "embedding";
  return {
    default_generation_settings: {
      id: 0,
      id_task: -1,
      n_ctx: 4096,
      speculative: false,
      is_processing: false,
      params: { n_predict: -1, seed: 4294967295, temperature: 0.8, top_k: 40, top_p: 0.95, min_p: 0.05 },
      prompt: "",
      next_token: { has_next_token: true, has_new_line: false, n_remain: -1, n_decoded: 0, stopping_word: "" },
    },
    total_slots: 1,
    model_path: `/models/${model.id}`,
    chat_template: embedding
      ? "{%- for message in messages -%}…{%- endfor -%}"
      : "{%- if tools %}{{- '<|im_start|>system\\n' }}…{%- endif %}",
    bos_token: embedding ? "[CLS]" : "<|endoftext|>",
    eos_token: embedding ? "[SEP]" : "<|im_end|>",
    build_info: BUILD_INFO,
  };
}

const notSupported = (message: string): FeatureRule => refused(501, message, { type: "not_supported_error" });
const parseError = (message: string): FeatureRule => refused(500, message, { type: "server_error" });

function createLlamacppProfile(name: string, label: string, flags: LlamacppFlags): ProfileSpec {
  const model = flags.embeddings ? EMBEDDING_MODEL : CHAT_MODEL;
  return {
    name,
    label,
    kind: "llamacpp",
    version: BUILD,
    errorStyle: "llamacpp",
    // server.cpp `middleware_server_state`: every route, /health included, until the model is loaded.
    loading: {
      kind: "refuse",
      rule: refused(503, LLAMACPP_TEXT.loading, { type: "unavailable_error" }),
    },
    ownedBy: "llamacpp",
    models: [model],
    // The request checks themselves (and their order) are in preflightChat; these rules say
    // the same for the generic code paths.
    features: {
      n: parseError(LLAMACPP_TEXT.n),
      tools_stream: parseError(LLAMACPP_TEXT.toolsStream),
      ...(flags.jinja ? {} : { tools: parseError(LLAMACPP_TEXT.toolsJinja) }),
      // Object-form tool_choice falls back to "auto" (json_value with a string default).
      tool_choice_function: ignored,
      // Not read before PR #19831 (2026, closes #13700): n_predict comes from max_tokens only.
      max_completion_tokens: ignored,
      // Issue 12 saw this build answer `response_format: {type: "json_schema"}` with plain
      // text (HTTP 200). The parse code read (utils.hpp 15ae7dd5 and the post-#11900 copy)
      // maps it to the same `json_schema` as json_object+schema, which is enforced — the
      // observation wins here, the disagreement is reported.
      json_schema: ignored,
      embedding_dimensions: ignored,
      ...(flags.embeddings ? {} : { embeddings: notSupported(LLAMACPP_TEXT.noEmbeddings) }),
    },
    noToolsRule: ignored,
    // Reached only if the preflight did not run: it refuses image parts with the messages echoed.
    noVisionRule: parseError('Failed to parse messages: Unsupported content part type: "image_url"'),
    nativeSchemaFields: true,
    preflightChat: (raw) => llamacppChatChecks(flags, raw),
    preflightCompletion: (raw) => llamacppCompletionChecks(flags, raw),
    // `inputs.parallel_tool_calls = json_value(body, "parallel_tool_calls", false)`.
    parallelToolCallsDefault: false,
    ignoresModelField: true,
    chatModelsServeCompletions: true,
    // `to_json_oaicompat_chat`: `system_fingerprint` is the build_info string.
    systemFingerprint: BUILD_INFO,
    // There is no /v1/models/{id} route: the router's 404 handler answers.
    modelNotFoundRule: () => refused(404, LLAMACPP_TEXT.notFound, { type: "not_found_error" }),
    modelListExtras: (m) => ({ meta: m.meta }),
    decorateBody: (body, ctx) => {
      body.timings = timings(ctx);
    },
    discovery: [
      { method: "GET", path: "/health", handle: () => jsonResponse({ status: "ok" }) },
      { method: "GET", path: "/props", handle: () => jsonResponse(props(model)) },
    ],
  };
}

/** llama-server b4748 with `--jinja`. */
export const llamacppProfile = createLlamacppProfile("llamacpp", "llama.cpp", { jinja: true, embeddings: false });

/** llama-server b4748 started without `--jinja` (the default then): tools are refused. */
export const llamacppNoJinjaProfile = createLlamacppProfile("llamacpp-no-jinja", "llama.cpp (no --jinja)", {
  jinja: false,
  embeddings: false,
});

/** llama-server b4748 started with `--embeddings` and an embedding model. */
export const llamacppEmbeddingsProfile = createLlamacppProfile("llamacpp-embeddings", "llama.cpp (--embeddings)", {
  jinja: false,
  embeddings: true,
});
