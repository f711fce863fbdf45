/**
 * LM Studio 0.4.6 (closed source: every text below is from its docs or from error bodies
 * quoted in lmstudio-ai/lmstudio-bug-tracker and client issues, with the version they name;
 * /work/research/servers.md §5). Chat-completion refusals are a bare string
 * `{"error":"…"}`; the unknown-model answer is an OpenAI-style object. `/api/v1/models`
 * (0.4.0+) declares only `vision` and `trained_for_tool_use` (#1659, on 0.4.6). With JIT
 * loading on, the first inference request for a model loads it and simply waits.
 */
import { jsonResponse } from "../http";
import type { ModelSpec, ProfileSpec } from "../types";
import { honoured, ignored, refused } from "./rules";

const models: ModelSpec[] = [
  {
    id: "qwen2.5-7b-instruct",
    kind: "chat",
    tools: true,
    contextLength: 32768,
    meta: {
      publisher: "qwen",
      arch: "qwen2",
      params: "7B",
      quant: "Q4_K_M",
      size: 4683073952,
      name: "Qwen2.5 7B Instruct",
    },
  },
  {
    id: "google/gemma-3-4b",
    kind: "chat",
    vision: true,
    contextLength: 131072,
    meta: { publisher: "google", arch: "gemma3", params: "4B", quant: "Q4_K_M", size: 3340000000, name: "Gemma 3 4B" },
  },
  {
    id: "text-embedding-nomic-embed-text-v1.5",
    kind: "embedding",
    dimensions: 768,
    contextLength: 2048,
    meta: {
      publisher: "nomic-ai",
      arch: "nomic-bert",
      params: "137M",
      quant: "Q4_K_M",
      size: 84106624,
      name: "Nomic Embed Text v1.5",
    },
  },
];

/** The LM Studio profile. */
export const lmstudioProfile: ProfileSpec = {
  name: "lmstudio",
  label: "LM Studio",
  kind: "lmstudio",
  version: "0.4.6",
  errorStyle: "string",
  // Docs, "Run LM Studio as a service (headless)": with JIT loading on, "calls to inference
  // endpoints will load the model into memory if it's not already loaded" — the request
  // blocks, no error is documented. `+loading` makes every request wait as long.
  loading: { kind: "block", firstRequest: true },
  ownedBy: "organization_owner",
  models,
  features: {
    // LoadShine/tada#16 (2026-01) quoting LM Studio, tracked as lmstudio-bug-tracker#189.
    json_object: refused(400, "'response_format.type' must be 'json_schema' or 'text'"),
    // lmstudio-bug-tracker#670 (0.3.15), same text still reported in 2026 (can1357/oh-my-pi#6925).
    tool_choice_function: refused(
      400,
      "Invalid tool_choice type: 'object'. Supported string values: none, auto, required",
    ),
    // Not verified: no source says what LM Studio does with `dimensions`.
    embedding_dimensions: ignored,
  },
  // Docs ("Tool Use"): models without native tool support get LM Studio's default tool format.
  noToolsRule: honoured,
  // lmstudio-bug-tracker#908 (0.3.23): the REST endpoint answered
  // `{"error":"Model does not support images. Please use a model that does."}`; status not shown (400 chosen).
  noVisionRule: refused(400, "Model does not support images. Please use a model that does."),
  parallelToolCallsDefault: true,
  chatModelsServeCompletions: true,
  // assafelovic/gpt-researcher#1556 (2025-11) and icereed/paperless-gpt#908 (LM Studio 0.4.5):
  // 400 in OpenAI's object shape, listing up to three downloaded models.
  modelNotFoundRule: (model) =>
    refused(
      400,
      `Invalid model identifier "${model}". Please specify a valid downloaded model (e.g., ${models
        .slice(0, 3)
        .map((m) => m.id)
        .join(", ")}).`,
      { bodyStyle: "openai", type: "invalid_request_error", param: "model", code: "model_not_found" },
    ),
  // Since 0.3.29 (2025-10-06, API changelog "OpenAI /v1/responses and variant listing"): stateful
  // (`previous_response_id`), errors in OpenAI's object shape unlike its chat errors
  // (lmstudio-bug-tracker#1576, #2254).
  responses: { since: "0.3.29", errorStyle: "openai", stateful: true },
  discovery: [
    {
      method: "GET",
      path: "/api/v1/models",
      handle: () =>
        jsonResponse({
          models: models.map((m) => ({
            type: m.kind === "embedding" ? "embedding" : "llm",
            publisher: m.meta?.publisher,
            key: m.id,
            display_name: m.meta?.name,
            architecture: m.meta?.arch,
            quantization: { name: m.meta?.quant, bits_per_weight: m.meta?.quant === "F16" ? 16 : 4 },
            size_bytes: m.meta?.size,
            params_string: m.meta?.params,
            loaded_instances: [],
            max_context_length: m.contextLength,
            format: "gguf",
            // Only these two keys in 0.4.6 (#1659 asks for a reasoning flag). What embedding
            // models declare is not documented: the simulator gives them none.
            capabilities:
              m.kind === "embedding" ? {} : { vision: m.vision === true, trained_for_tool_use: m.tools === true },
            description: null,
          })),
        }),
    },
  ],
};
