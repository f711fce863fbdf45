/**
 * LocalAI 3.7. QUIRKS.md: `json_schema` becomes a grammar that may fail to build, and then
 * output is unconstrained (HTTP 200, schema not met); tools with `stream: true` regressed
 * in some versions and answer `{"` (mudler/LocalAI#9988). Declares capabilities on
 * `/v1/models/capabilities`.
 */
import { jsonResponse } from "../http";
import type { ModelSpec, ProfileSpec } from "../types";
import { ignored } from "./rules";

const VERSION = "v3.7.0";

const models: ModelSpec[] = [
  { id: "qwen3-4b", kind: "chat", tools: true, contextLength: 32768, meta: { backend: "llama-cpp" } },
  { id: "minicpm-v-4_5", kind: "chat", vision: true, contextLength: 8192, meta: { backend: "llama-cpp" } },
  {
    id: "granite-embedding-107m-multilingual",
    kind: "embedding",
    dimensions: 384,
    contextLength: 512,
    meta: { backend: "llama-cpp" },
  },
];

function capabilityWords(model: ModelSpec): string[] {
  if (model.kind === "embedding") return ["embeddings"];
  return ["chat", "completion", ...(model.tools ? ["tools"] : []), ...(model.vision ? ["vision"] : [])];
}

/** The LocalAI profile. */
export const localaiProfile: ProfileSpec = {
  name: "localai",
  label: "LocalAI",
  kind: "localai",
  version: VERSION,
  ownedBy: "localai",
  models,
  features: {
    json_schema: { kind: "unenforced" },
    tools_stream: { kind: "garbled", content: '{"' },
    embedding_dimensions: ignored,
  },
  noToolsRule: ignored,
  // LocalAI drops images for a backend without multimodal support.
  noVisionRule: ignored,
  parallelToolCallsDefault: true,
  chatModelsServeCompletions: true,
  modelNotFoundMessage: (model) => `could not load model: model ${model} not found`,
  discovery: [
    { method: "GET", path: "/version", handle: () => jsonResponse({ version: `${VERSION} (3f1c2b7)` }) },
    {
      method: "GET",
      path: "/v1/models/capabilities",
      handle: () =>
        jsonResponse({
          object: "list",
          data: models.map((m) => ({
            id: m.id,
            object: "model",
            backend: m.meta?.backend,
            capabilities: capabilityWords(m),
          })),
        }),
    },
  ],
};
