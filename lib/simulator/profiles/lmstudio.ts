/**
 * LM Studio 0.4. QUIRKS.md: 400 for `response_format: json_object`
 * (lmstudio-bug-tracker#169, #189) and for object-form `tool_choice` (#670); both answer
 * `{"error": "<message>"}` with a plain string. Declares capabilities on `/api/v1/models`.
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
  version: "0.4.2",
  ownedBy: "organization_owner",
  models,
  features: {
    json_object: refused(400, "'response_format.type' must be 'json_schema' or 'text'", { bodyStyle: "string" }),
    tool_choice_function: refused(
      400,
      "Invalid tool_choice type: 'object'. Supported string values: none, auto, required",
      { bodyStyle: "string" },
    ),
    embedding_dimensions: ignored,
  },
  // LM Studio falls back to a generic tool-use prompt for models not trained for tools.
  noToolsRule: honoured,
  noVisionRule: refused(400, "Model does not support images. Please use a model that does.", { bodyStyle: "string" }),
  parallelToolCallsDefault: true,
  chatModelsServeCompletions: true,
  modelNotFoundMessage: (model) => `Model "${model}" not found. Please specify a valid model.`,
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
            capabilities:
              m.kind === "embedding"
                ? {}
                : {
                    vision: m.vision === true,
                    trained_for_tool_use: m.tools === true,
                    reasoning: m.reasoning === true,
                  },
          })),
        }),
    },
  ],
};
