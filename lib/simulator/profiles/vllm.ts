/**
 * vLLM 0.11 serving one multimodal model. QUIRKS.md: ignores `parallel_tool_calls`, `user`,
 * `strict`; 400 on `/v1/embeddings` without an embedding model; and, when started without
 * `--enable-auto-tool-choice` (vllm#9986), 400 for `tool_choice: "auto"` or tools without
 * `tool_choice`. Both variants come from {@link createVllmProfile}.
 */
import { jsonResponse } from "../http";
import type { ModelSpec, ProfileSpec } from "../types";
import { MODEL_CREATED, ignored, refused } from "./rules";

const VERSION = "0.11.0";

const models: ModelSpec[] = [
  { id: "Qwen/Qwen2.5-VL-7B-Instruct", kind: "chat", tools: true, vision: true, contextLength: 32768 },
];

/** A vLLM profile; `autoToolChoice: false` is a server started without `--enable-auto-tool-choice`. */
export function createVllmProfile(name: string, autoToolChoice: boolean): ProfileSpec {
  return {
    name,
    label: autoToolChoice ? "vLLM" : "vLLM (no auto tool choice)",
    kind: "vllm",
    version: VERSION,
    ownedBy: "vllm",
    models,
    features: {
      parallel_tool_calls: ignored,
      user: ignored,
      embedding_dimensions: ignored,
      embeddings: refused(400, "The model does not support Embeddings API", { type: "BadRequestError" }),
      ...(autoToolChoice
        ? {}
        : {
            tool_choice_auto: refused(
              400,
              '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
              {
                type: "BadRequestError",
              },
            ),
          }),
    },
    noToolsRule: ignored,
    noVisionRule: refused(400, "{model} is not a multimodal model", { type: "BadRequestError" }),
    parallelToolCallsDefault: true,
    chatModelsServeCompletions: true,
    modelNotFoundMessage: (model) => `The model \`${model}\` does not exist.`,
    modelListExtras: (model) => ({
      root: model.id,
      parent: null,
      max_model_len: model.contextLength,
      permission: [
        {
          id: "modelperm-sim",
          object: "model_permission",
          created: MODEL_CREATED,
          allow_create_engine: false,
          allow_sampling: true,
          allow_logprobs: true,
          allow_search_indices: false,
          allow_view: true,
          allow_fine_tuning: false,
          organization: "*",
          group: null,
          is_blocking: false,
        },
      ],
    }),
    // vLLM adds `stop_reason` (the matched stop string or token id) to every choice.
    decorateChoice: (choice) => {
      choice.stop_reason = null;
    },
    discovery: [
      { method: "GET", path: "/version", handle: () => jsonResponse({ version: VERSION }) },
      { method: "GET", path: "/health", handle: () => new Response(null, { status: 200 }) },
    ],
  };
}
