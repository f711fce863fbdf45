/**
 * LocalAI v4.9.0 (2026, echo-based HTTP layer, llama-cpp backend). Sources (mudler/LocalAI,
 * /work/research/servers.md §4): core/schema/openai.go (00fcf693: `APIError`, `OpenAIModel`),
 * core/http/app.go (020fddf9: `HTTPErrorHandler`), the docs page "API Discovery &
 * Instructions" (localai.io/features/api-discovery) and mudler/LocalAI#10687
 * (`/v1/models/capabilities`). Which release first shipped the discovery endpoints is not
 * verified; this profile is a 2026 build that has both.
 * - Error body: `{"error":{"code":<status>,"message":"<err.Error()>","type":""}}` (`type`
 *   is never filled, `param` omitted), 500 for any error that carries no status.
 * - QUIRKS.md (not confirmed in source): `json_schema` becomes a grammar whose build failure
 *   only logs (output unconstrained); tools with `stream: true` answer `{"` in some versions
 *   (mudler/LocalAI#9988).
 */
import { jsonResponse } from "../http";
import type { ModelSpec, ProfileSpec } from "../types";
import { ignored, refused } from "./rules";

const VERSION = "v4.9.0";

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

/** Capability words as `/v1/models/capabilities` spells them (client fixtures of #10687). */
function capabilityWords(model: ModelSpec): string[] {
  if (model.kind === "embedding") return ["embeddings"];
  return [
    "chat",
    ...(model.tools ? ["tools"] : []),
    ...(model.reasoning ? ["thinking"] : []),
    ...(model.vision ? ["vision"] : []),
  ];
}

/** `GET /.well-known/localai.json` (public), abbreviated as the docs page shows it. */
function wellKnown(): Record<string, unknown> {
  const openai = {
    chat_completions: "/v1/chat/completions",
    completions: "/v1/completions",
    embeddings: "/v1/embeddings",
    models: "/v1/models",
    models_capabilities: "/v1/models/capabilities",
  };
  const config = { config_metadata: "/api/models/config-metadata", instructions: "/api/instructions" };
  return {
    version: VERSION,
    endpoints: { ...openai, ...config, swagger: "/swagger/index.html" },
    endpoint_groups: {
      openai_compatible: openai,
      config_management: config,
      model_management: { models_available: "/models/available", models_apply: "/models/apply" },
      monitoring: { version: "/version", healthz: "/healthz", readyz: "/readyz" },
    },
    capabilities: {
      config_metadata: true,
      config_patch: true,
      vram_estimate: true,
      mcp: true,
      agents: false,
      p2p: false,
    },
  };
}

/** The LocalAI profile. */
export const localaiProfile: ProfileSpec = {
  name: "localai",
  label: "LocalAI",
  kind: "localai",
  version: VERSION,
  errorStyle: "localai",
  // LocalAI loads a model on the first request that names it and the request waits; the
  // docs' runtime-errors page also lists a model-load cooldown 503 whose text was not found.
  // `+loading` makes every inference request wait `modelLoadMs`.
  loading: { kind: "block", firstRequest: false },
  ownedBy: "localai",
  models,
  features: {
    json_schema: { kind: "unenforced" },
    tools_stream: { kind: "garbled", content: '{"' },
    embedding_dimensions: ignored,
  },
  noToolsRule: ignored,
  // LocalAI drops images for a backend without multimodal support (not verified in source).
  noVisionRule: ignored,
  parallelToolCallsDefault: true,
  chatModelsServeCompletions: true,
  // The docs' troubleshooting page: "API returns 404 or "model not found"". The exact text of
  // this version is not verified.
  modelNotFoundRule: () => refused(404, "model not found"),
  // `schema.OpenAIModel` has only `id` and `object`.
  modelEntry: (m) => ({ id: m.id, object: "model" }),
  discovery: [
    { method: "GET", path: "/.well-known/localai.json", handle: () => jsonResponse(wellKnown()) },
    // `{"version": …}`; whether the value also carries the commit is not verified.
    { method: "GET", path: "/version", handle: () => jsonResponse({ version: VERSION }) },
    // Liveness and readiness: 200 (body not verified, left empty).
    { method: "GET", path: "/healthz", handle: () => new Response(null, { status: 200 }) },
    { method: "GET", path: "/readyz", handle: () => new Response(null, { status: 200 }) },
    {
      method: "GET",
      path: "/v1/models/capabilities",
      handle: () =>
        jsonResponse({
          object: "list",
          data: models.map((m) => ({
            id: m.id,
            object: "model",
            capabilities: capabilityWords(m),
            input_modalities: m.vision ? ["text", "image"] : ["text"],
            output_modalities: m.kind === "embedding" ? [] : ["text"],
            context_size: m.contextLength,
          })),
        }),
    },
  ],
};
