import "server-only";
import { kindOf } from "@/lib/providers/kinds/index.server";
import type { ProviderKind } from "@/lib/providers/presets";
import { type DeclaredCapability, isRecord, parseModelList, str } from "./capabilities";
import { type ServerReadCache, type UpstreamProvider, createUpstreamClient, fetchServerJson } from "./client";
import { UpstreamError, classifyUpstreamError, looksLikeHtml, providerSecrets } from "./errors";

/**
 * A provider's models, merged with what the server itself declares each model can do.
 * `GET /v1/models` is the list; the declarations come from each kind's `declarations` (its own
 * endpoints, QUIRKS.md; lib/providers/kinds/*.server.ts), the version from its `version`.
 */

export { DECLARED_CAPABILITIES, type DeclaredCapability, normaliseCapabilities, parseModelList } from "./capabilities";

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

/** The answer of {@link fetchModels}. */
export type FetchModelsResult = { models: FetchedModel[]; serverVersion?: string };

type KindedProvider = UpstreamProvider & { kind: ProviderKind };
/** `cache`: a probe run's shared answers of the server's own endpoints (see `ServerReadCache`). */
type Ctx = { signal?: AbortSignal; cache?: ServerReadCache };

/** The server's version from its own endpoint, or undefined (no endpoint for the kind, or no answer). */
export async function fetchServerVersion(
  p: KindedProvider,
  opts: Ctx & { timeoutMs?: number } = {},
): Promise<string | undefined> {
  const endpoint = kindOf(p.kind).version;
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
export async function fetchModels(p: KindedProvider, { signal, cache }: Ctx = {}): Promise<FetchModelsResult> {
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
  const declarer = kindOf(p.kind).declarations;
  const [declarations, serverVersion] = await Promise.all([
    declarer ? declarer(p, ids, { signal, cache }) : Promise.resolve([]),
    fetchServerVersion(p, { signal, cache }),
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
