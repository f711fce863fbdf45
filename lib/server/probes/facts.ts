import "server-only";
import { kindOf } from "@/lib/providers/kinds/index.server";
import type { ServerReadCache } from "../upstream/client";
import { fetchModels, fetchServerVersion } from "../upstream/models";
import type { Declared, ProbeProvider } from "./types";

/**
 * What a server says about itself, read beside the probes: its version and the
 * capabilities it declares per model. Both are best-effort reads with a short timeout; a
 * server that does not answer simply has no version and no declarations. The reads of one run
 * share a {@link ServerReadCache}, so an endpoint that answers several of them (llama.cpp's
 * `/props`) is read once.
 */

/** The longest a best-effort read may take. */
const FACT_TIMEOUT_MS = 10_000;

/** The server's version from its own endpoint (Ollama `/api/version`, llama.cpp `/props`…), if any. */
export async function readServerVersion(
  provider: ProbeProvider,
  signal?: AbortSignal,
  cache?: ServerReadCache,
): Promise<string | undefined> {
  return fetchServerVersion(provider, {
    timeoutMs: Math.min(provider.timeoutMs, FACT_TIMEOUT_MS),
    ...(signal ? { signal } : {}),
    ...(cache ? { cache } : {}),
  }).catch(() => undefined);
}

/**
 * How many requests the server handles at once, where its kind knows (`capacity` in
 * lib/providers/kinds/: llama.cpp's `/props` `total_slots`, KoboldCpp's one). A server with one
 * slot serialises requests, so probing it four at a time only measures our own queue.
 * Undefined when the kind exposes no capacity.
 */
export async function readServerCapacity(
  provider: ProbeProvider,
  signal?: AbortSignal,
  cache?: ServerReadCache,
): Promise<number | undefined> {
  const capacity = kindOf(provider.kind).capacity;
  if (!capacity) return undefined;
  return capacity(provider, {
    timeoutMs: Math.min(provider.timeoutMs, FACT_TIMEOUT_MS),
    ...(signal ? { signal } : {}),
    ...(cache ? { cache } : {}),
  }).catch(() => undefined);
}

/**
 * A memoised `declaredFor(model)`: `stored` declarations first (the provider's model list as
 * last refreshed), else one live read of the server's declarations for all its models.
 */
export function createDeclaredLookup(
  provider: ProbeProvider,
  stored: ReadonlyMap<string, Declared> = new Map(),
  signal?: AbortSignal,
  cache?: ServerReadCache,
): (model: string) => Promise<Declared> {
  let live: Promise<Map<string, Declared>> | undefined;
  const readLive = (): Promise<Map<string, Declared>> => {
    const deadline = AbortSignal.timeout(Math.min(provider.timeoutMs, FACT_TIMEOUT_MS));
    live ??= fetchModels(
      { ...provider, maxRetries: 0 },
      { signal: signal ? AbortSignal.any([signal, deadline]) : deadline, ...(cache ? { cache } : {}) },
    )
      .then(
        ({ models }) =>
          new Map(
            models.map((m): [string, Declared] => [
              m.modelId,
              m.declared && m.source ? { capabilities: m.declared, known: m.known ?? [], source: m.source } : null,
            ]),
          ),
      )
      .catch(() => new Map<string, Declared>());
    return live;
  };
  // Ollama resolves a name without a tag to `:latest`.
  const find = (map: ReadonlyMap<string, Declared>, model: string): Declared | undefined =>
    map.get(model) ?? (model.includes(":") ? undefined : map.get(`${model}:latest`));
  return async (model) => {
    const hit = find(stored, model);
    if (hit !== undefined) return hit;
    return find(await readLive(), model) ?? null;
  };
}
