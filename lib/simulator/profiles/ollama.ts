/**
 * Ollama v0.12.6 (October 2025), its `/v1` compatibility layer. Sources (ollama/ollama, read
 * through the research index; release ↔ commit mapping not verified):
 * - openai/openai.go at 00988753 ("O-a"): `ChatCompletionRequest` has no `n`, `tool_choice`,
 *   `max_completion_tokens`, `parallel_tool_calls`, `logit_bias`, `user`, `logprobs` fields, so
 *   Go's JSON decoding drops them (HTTP 200, ignored); `FromChatRequest` accepts only
 *   `data:` image URLs ("invalid image input"); `NewError` gives the error shape
 *   `{"error":{"message","type","param":null,"code":null}}`, type by status;
 * - server/routes.go (v0.12-era `ChatHandler`, with cloud models): `GetModel` first, 404
 *   `model '%s' not found`; capability check → 400 `<registry.ollama.ai/library/name:tag>
 *   does not support tools`; no vision check (the engine refuses images instead);
 * - api/types.go of that version: `/api/tags` entries have no `capabilities` (only `/api/show`).
 * See /work/research/servers.md §2.
 */
import { SimulatorHttpError, jsonResponse } from "../http";
import type { ModelSpec, ProfileSpec } from "../types";
import { TOOL_CHOICE_FEATURES, ignored, ollamaCapabilities, refused, sameRule } from "./rules";

const VERSION = "0.12.6";
const MODIFIED_AT = "2025-10-02T09:14:27.511Z";

const models: ModelSpec[] = [
  {
    id: "llama3.1:8b",
    kind: "chat",
    tools: true,
    contextLength: 131072,
    meta: { family: "llama", parameter_size: "8.0B", quantization_level: "Q4_K_M", size: 4920753328 },
  },
  {
    id: "llava:7b",
    kind: "chat",
    vision: true,
    contextLength: 32768,
    meta: { family: "llama", parameter_size: "7B", quantization_level: "Q4_0", size: 4733363377 },
  },
  {
    id: "gemma:2b",
    kind: "chat",
    contextLength: 8192,
    meta: { family: "gemma", parameter_size: "3B", quantization_level: "Q4_0", size: 1678456656 },
  },
  {
    id: "nomic-embed-text:latest",
    kind: "embedding",
    dimensions: 768,
    contextLength: 2048,
    meta: { family: "nomic-bert", parameter_size: "137M", quantization_level: "F16", size: 274302450 },
  },
];

function details(model: ModelSpec): Record<string, unknown> {
  const family = String(model.meta?.family ?? "llama");
  return {
    parent_model: "",
    format: "gguf",
    family,
    families: model.vision ? [family, "clip"] : [family],
    parameter_size: model.meta?.parameter_size ?? "",
    quantization_level: model.meta?.quantization_level ?? "",
  };
}

/** Ollama resolves a model name without a tag to `:latest`. */
function findModel(name: unknown): ModelSpec | undefined {
  if (typeof name !== "string") return undefined;
  const full = name.includes(":") ? name : `${name}:latest`;
  return models.find((m) => m.id === full);
}

/** The Ollama profile. */
export const ollamaProfile: ProfileSpec = {
  name: "ollama",
  label: "Ollama",
  kind: "ollama",
  version: VERSION,
  ownedBy: "library",
  models,
  errorStyle: "ollama",
  // Ollama loads a model when a request needs it and the request waits (no error): `+loading`
  // makes every inference request wait `modelLoadMs`, as after the keep-alive unloaded it.
  loading: { kind: "block", firstRequest: false },
  features: {
    // Fields the v0.12 `ChatCompletionRequest` struct does not have: dropped by the decoder.
    ...sameRule(TOOL_CHOICE_FEATURES, ignored),
    max_completion_tokens: ignored,
    n: ignored,
    parallel_tool_calls: ignored,
    logit_bias: ignored,
    user: ignored,
    logprobs: ignored,
    // `EmbedRequest.Dimensions` (openai.go O-a) is passed on: honoured.
    // openai.go O-a `FromChatRequest`: only `data:;base64,` and `data:image/{jpeg,jpg,png,webp};base64,`.
    image_url_http: refused(400, "invalid image input"),
  },
  // routes.go `ChatHandler` → `CheckCapabilities` → `handleScheduleError`: 400, fully qualified name.
  noToolsRule: refused(400, "registry.ollama.ai/library/{model} does not support tools"),
  // model/model.go `ErrNoVisionModel`, raised by the engine, not by a capability check. The
  // status is not verified: third-party reports say 500 (three) and 400 (two); 500 chosen.
  noVisionRule: refused(500, "this model is missing data required for image input"),
  parallelToolCallsDefault: true,
  chatModelsServeCompletions: true,
  systemFingerprint: "fp_ollama",
  resolveModel: findModel,
  // middleware/openai.go `ChatMiddleware` (077a50ba): an empty (or absent) `messages`.
  preflightChat: (raw) => {
    const { messages } = raw;
    if (messages === undefined || messages === null || (Array.isArray(messages) && messages.length === 0)) {
      throw new SimulatorHttpError(400, "[] is too short - 'messages'");
    }
  },
  // routes.go (v0.12 `ChatHandler`): `fmt.Sprintf("model '%s' not found", req.Model)`, 404.
  modelNotFoundRule: (model) => refused(404, `model '${model}' not found`),
  // routes.go: a model without the completion capability → 400 `"%q does not support chat"`
  // with the name as the client sent it; embeddings with a chat model: not verified, the
  // simulator's generic 400 answers.
  wrongEndpointRule: (endpoint) =>
    endpoint === "chat" ? refused(400, '"{requested}" does not support chat') : undefined,
  discovery: [
    {
      method: "GET",
      path: "/",
      handle: () => new Response("Ollama is running", { headers: { "content-type": "text/plain; charset=utf-8" } }),
    },
    { method: "GET", path: "/api/version", handle: () => jsonResponse({ version: VERSION }) },
    {
      method: "GET",
      path: "/api/tags",
      handle: () =>
        jsonResponse({
          models: models.map((m) => ({
            name: m.id,
            model: m.id,
            modified_at: MODIFIED_AT,
            size: m.meta?.size ?? 0,
            digest: `${m.id.replace(/\W/g, "").padEnd(12, "0").slice(0, 12)}${"a".repeat(52)}`,
            details: details(m),
          })),
        }),
    },
    {
      method: "POST",
      path: "/api/show",
      handle: ({ body }) => {
        const record = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
        const requested = record.model ?? record.name;
        const model = findModel(requested);
        if (!model) return jsonResponse({ error: `model '${String(requested)}' not found` }, 404);
        const arch = String(model.meta?.family ?? "llama");
        return jsonResponse({
          license: "Simulated model: no license text.",
          modelfile: `# Modelfile generated by "ollama show"\nFROM ${model.id}\n`,
          parameters: 'stop "<|eot_id|>"',
          template: "{{ .Prompt }}",
          details: details(model),
          model_info: { "general.architecture": arch, [`${arch}.context_length`]: model.contextLength ?? 4096 },
          capabilities: ollamaCapabilities(model),
          modified_at: MODIFIED_AT,
        });
      },
    },
  ],
};
