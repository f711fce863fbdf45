import "server-only";
import type { ProviderKind } from "@/lib/providers/presets";
import { createUpstreamClient, fetchServerJson, type UpstreamProvider } from "./client";
import { UpstreamError, classifyUpstreamError, looksLikeHtml, providerSecrets } from "./errors";

/**
 * A provider's models, merged with what the server itself declares each model can do.
 * `GET /v1/models` is the list; the declarations come from each server's own endpoints
 * (QUIRKS.md): Ollama `/api/show` (and `/api/tags`), LM Studio `/api/v1/models`, llama.cpp
 * `/props`, LocalAI `/v1/models/capabilities`. These are *declared* capabilities (what the
 * server says), stored so the matrix can show them beside what the probes *observe*.
 */

/**
 * The declared-capability vocabulary. Servers' own words are mapped onto it:
 * - `completion`: generates text (Ollama `completion`, LocalAI `chat`/`completion`, LM Studio `llm`)
 * - `tools`: tool/function calling (Ollama `tools`, LM Studio `trained_for_tool_use`, llama.cpp `chat_template_caps.supports_tools`)
 * - `vision`: image input (Ollama `vision`, LM Studio `capabilities.vision` / `vlm`, llama.cpp `modalities.vision`)
 * - `embedding`: an embedding model (Ollama `embedding`, LocalAI `embeddings`, LM Studio type `embedding`)
 * - `thinking`: a reasoning model (Ollama `thinking`, LM Studio `reasoning`)
 * - `audio`: audio input (llama.cpp `modalities.audio`)
 * Unknown words are dropped.
 */
export const DECLARED_CAPABILITIES = ["completion", "tools", "vision", "embedding", "thinking", "audio"] as const;
/** One word of {@link DECLARED_CAPABILITIES}. */
export type DeclaredCapability = (typeof DECLARED_CAPABILITIES)[number];

const SYNONYMS: Record<string, DeclaredCapability> = {
  completion: "completion",
  chat: "completion",
  llm: "completion",
  generate: "completion",
  text: "completion",
  tools: "tools",
  tool_use: "tools",
  trained_for_tool_use: "tools",
  function_calling: "tools",
  functions: "tools",
  vision: "vision",
  vlm: "vision",
  image: "vision",
  images: "vision",
  multimodal: "vision",
  embedding: "embedding",
  embeddings: "embedding",
  embed: "embedding",
  thinking: "thinking",
  reasoning: "thinking",
  audio: "audio",
};

/** Maps a server's capability words onto {@link DECLARED_CAPABILITIES} (deduplicated, in vocabulary order). */
export function normaliseCapabilities(words: Iterable<string>): DeclaredCapability[] {
  const found = new Set<DeclaredCapability>();
  for (const w of words) {
    const c = SYNONYMS[w.trim().toLowerCase()];
    if (c) found.add(c);
  }
  return DECLARED_CAPABILITIES.filter((c) => found.has(c));
}

/** One model as stored (matches `replaceProviderModels`). */
export type FetchedModel = {
  modelId: string;
  type: "chat" | "embedding" | "unknown";
  /** Declared capabilities; null when the server declares nothing for this model. */
  declared: DeclaredCapability[] | null;
  /**
   * The capabilities the server stated anything about, yes or no. Only these may be read as
   * "not declared = not there": llama.cpp's `/props` without a `modalities` key (builds
   * before libmtmd) says nothing about vision — it does not say "no vision".
   */
  known: DeclaredCapability[] | null;
  /** Where the declaration came from, e.g. `ollama /api/show`; null when none. */
  source: string | null;
};

/** What a server says about one model: what it has, and what it stated at all. */
type Statement = { has: DeclaredCapability[]; known: DeclaredCapability[] };

/** A complete capability list (Ollama's, LocalAI's): whatever it omits, it does not have. */
const complete = (words: Iterable<string>): Statement => ({
  has: normaliseCapabilities(words),
  known: [...DECLARED_CAPABILITIES],
});

/** The answer of {@link fetchModels}. */
export type FetchModelsResult = { models: FetchedModel[]; serverVersion?: string };

type KindedProvider = UpstreamProvider & { kind: ProviderKind };
type Declarations = { source: string; byModel: Map<string, Statement> };
type Ctx = { signal?: AbortSignal };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const records = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter(isRecord) : []);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** The entries of an OpenAI model list (`{ data: [{ id }] }`), or null when the body is not one. */
export function parseModelList(body: unknown): { id: string }[] | null {
  if (!isRecord(body) || !Array.isArray(body.data)) return null;
  const entries = records(body.data);
  if (entries.length !== body.data.length || entries.some((e) => typeof e.id !== "string")) return null;
  return entries.map((e) => ({ id: e.id as string }));
}

/** Ollama: `/api/show` per model (its `capabilities`), falling back to `/api/tags` (0.6+ lists them too). */
async function ollamaDeclarations(p: KindedProvider, ids: string[], { signal }: Ctx): Promise<Declarations[]> {
  const tags = new Map<string, Statement>();
  const tagsBody = await fetchServerJson(p, "/api/tags", { signal }).catch(() => undefined);
  for (const m of records(isRecord(tagsBody) ? tagsBody.models : undefined)) {
    const name = str(m.name) ?? str(m.model);
    // Most versions list no capabilities here (only /api/show does); a list, when present, is complete.
    if (name && Array.isArray(m.capabilities)) tags.set(name, complete(m.capabilities.map(String)));
  }
  const shown = new Map<string, Statement>();
  await mapLimit(ids, 4, async (id) => {
    const body = await fetchServerJson(p, "/api/show", { method: "POST", body: { model: id }, signal }).catch(
      () => undefined,
    );
    if (isRecord(body) && Array.isArray(body.capabilities)) shown.set(id, complete(body.capabilities.map(String)));
  });
  return [
    { source: "ollama /api/show", byModel: shown },
    { source: "ollama /api/tags", byModel: tags },
  ];
}

/** LM Studio 0.4: `/api/v1/models` (`type`, `capabilities.vision`, `trained_for_tool_use`, `reasoning`); 0.3: `/api/v0/models` (`type: vlm`). */
async function lmstudioDeclarations(p: KindedProvider, _ids: string[], { signal }: Ctx): Promise<Declarations[]> {
  const byModel = new Map<string, Statement>();
  const v1 = await fetchServerJson(p, "/api/v1/models", { signal }).catch(() => undefined);
  if (isRecord(v1) && Array.isArray(v1.models)) {
    for (const m of records(v1.models)) {
      const key = str(m.key) ?? str(m.id);
      if (!key) continue;
      const caps = isRecord(m.capabilities) ? m.capabilities : {};
      const type = String(m.type ?? "");
      // The type says chat vs embedding; each boolean in `capabilities` is a statement either way.
      const stated = Object.keys(caps).filter((k) => typeof caps[k] === "boolean");
      byModel.set(key, {
        has: normaliseCapabilities([type, ...stated.filter((k) => caps[k] === true)]),
        known: normaliseCapabilities([...(type ? ["completion", "embedding"] : []), ...stated]),
      });
    }
    return [{ source: "lmstudio /api/v1/models", byModel }];
  }
  const v0 = await fetchServerJson(p, "/api/v0/models", { signal }).catch(() => undefined);
  for (const m of records(isRecord(v0) ? v0.data : undefined)) {
    const id = str(m.id);
    const type = String(m.type ?? "");
    if (id && type) {
      byModel.set(id, {
        has: normaliseCapabilities(type === "vlm" ? ["llm", "vision"] : [type]),
        known: ["completion", "vision", "embedding"],
      });
    }
  }
  return [{ source: "lmstudio /api/v0/models", byModel }];
}

/** llama.cpp: `/props` describes the one loaded model (`modalities`, newer builds `chat_template_caps`). */
async function llamacppDeclarations(p: KindedProvider, ids: string[], { signal }: Ctx): Promise<Declarations[]> {
  const props = await fetchServerJson(p, "/props", { signal }).catch(() => undefined);
  if (!isRecord(props)) return [];
  // Builds before libmtmd (PR #12898) have no `modalities`, older ones no `chat_template_caps`:
  // a missing key is no statement about vision or tools.
  const modalities = isRecord(props.modalities) ? props.modalities : null;
  const caps = isRecord(props.chat_template_caps) ? props.chat_template_caps : null;
  const has = ["completion", ...Object.keys(modalities ?? {}).filter((k) => modalities?.[k] === true)];
  const known = ["completion", ...(modalities ? Object.keys(modalities) : [])];
  if (caps && typeof caps.supports_tools === "boolean") {
    known.push("tools");
    if (caps.supports_tools) has.push("tools");
  }
  const statement = { has: normaliseCapabilities(has), known: normaliseCapabilities(known) };
  return [{ source: "llamacpp /props", byModel: new Map(ids.map((id) => [id, statement])) }];
}

/** LocalAI: `/v1/models/capabilities` lists words per model (`chat`, `tools`, `vision`, `embeddings`…). */
async function localaiDeclarations(p: KindedProvider, _ids: string[], { signal }: Ctx): Promise<Declarations[]> {
  const body = await fetchServerJson(p, "/v1/models/capabilities", { signal }).catch(() => undefined);
  const byModel = new Map<string, Statement>();
  for (const m of records(isRecord(body) ? body.data : undefined)) {
    const id = str(m.id);
    // `capabilities: null` (a loose model file) says nothing.
    if (id && Array.isArray(m.capabilities)) byModel.set(id, complete(m.capabilities.map(String)));
  }
  return [{ source: "localai /v1/models/capabilities", byModel }];
}

const DECLARERS: Partial<
  Record<ProviderKind, (p: KindedProvider, ids: string[], ctx: Ctx) => Promise<Declarations[]>>
> = {
  ollama: ollamaDeclarations,
  lmstudio: lmstudioDeclarations,
  llamacpp: llamacppDeclarations,
  localai: localaiDeclarations,
};

/** Where each kind reports its version (QUIRKS.md); LM Studio and OpenAI have no such endpoint. */
const VERSION_ENDPOINTS: Partial<Record<ProviderKind, { path: string; field: string }>> = {
  ollama: { path: "/api/version", field: "version" },
  vllm: { path: "/version", field: "version" },
  localai: { path: "/version", field: "version" },
  llamacpp: { path: "/props", field: "build_info" },
};

/** The server's version from its own endpoint, or undefined (no endpoint for the kind, or no answer). */
export async function fetchServerVersion(
  p: KindedProvider,
  opts: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<string | undefined> {
  const endpoint = VERSION_ENDPOINTS[p.kind];
  if (!endpoint) return undefined;
  const body = await fetchServerJson(p, endpoint.path, opts).catch(() => undefined);
  return isRecord(body) ? str(body[endpoint.field]) : undefined;
}

/** Type from declarations, else guessed from the id (OpenAI and vLLM declare nothing). */
function modelType(id: string, declared: DeclaredCapability[] | null): FetchedModel["type"] {
  if (declared?.includes("embedding")) return "embedding";
  if (declared?.some((c) => c !== "embedding")) return "chat";
  if (/embed|(^|[-/_])(bge|gte|e5)[-_]/i.test(id)) return "embedding";
  if (/whisper|tts|dall-e|moderation|rerank/i.test(id)) return "unknown";
  return "chat";
}

/**
 * The provider's models (`GET /v1/models`, with the provider's retries) merged with the
 * server's declarations, and its version. Throws an {@link UpstreamError} (secrets scrubbed)
 * when the model list itself cannot be read; missing declarations only leave `declared` null.
 */
export async function fetchModels(p: KindedProvider, { signal }: Ctx = {}): Promise<FetchModelsResult> {
  const secrets = providerSecrets(p);
  let ids: string[];
  try {
    const res = await createUpstreamClient(p).models.list({ signal }).asResponse();
    const text = await res.text();
    const list = looksLikeHtml(text, res.headers.get("content-type") ?? "") ? null : parseModelList(JSON.parse(text));
    if (!list) throw new UpstreamError("invalid_response", "GET /v1/models did not answer with an OpenAI model list");
    ids = list.map((m) => m.id);
  } catch (err) {
    const f = classifyUpstreamError(err, secrets);
    throw new UpstreamError(f.kind, f.message, f.status);
  }
  const declarer = DECLARERS[p.kind];
  const [declarations, serverVersion] = await Promise.all([
    declarer ? declarer(p, ids, { signal }) : Promise.resolve([]),
    fetchServerVersion(p, { signal }),
  ]);
  const models = ids.map((modelId): FetchedModel => {
    const hit = declarations.find((d) => d.byModel.has(modelId));
    const statement = hit?.byModel.get(modelId);
    const declared = statement?.has ?? null;
    return {
      modelId,
      type: modelType(modelId, declared),
      declared,
      known: statement?.known ?? null,
      source: hit?.source ?? null,
    };
  });
  return serverVersion === undefined ? { models } : { models, serverVersion };
}

async function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
