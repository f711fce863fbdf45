import "server-only";
import type OpenAI from "openai";
import { AppError } from "@/lib/errors";
import { type ResolvedProvider, resolveProvider } from "../providers/service";
import { createUpstreamClient } from "../upstream/client";
import { type CacheEntry, cachedRead, shared } from "./state";
import { contextObserver } from "./upstream-call";

/**
 * Providers as the engine calls them — settings with decrypted secrets, and one SDK client
 * each — through a cache: no database query and no new client per call once warm. An edit
 * in this process drops the entry at once (providers/service.ts calls {@link invalidateProvider});
 * another instance's edit shows within five seconds. A client is rebuilt only when the
 * provider's version changed.
 */

/** A provider ready to call. */
export type CallableProvider = { provider: ResolvedProvider; client: OpenAI };

const cache = shared("providers", () => new Map<string, CacheEntry<CallableProvider | null>>());
const clients = shared("provider-clients", () => new Map<string, { version: number; client: OpenAI }>());

async function load(id: string): Promise<CallableProvider | null> {
  const provider = await resolveProvider(id).catch((err: unknown) => {
    if (err instanceof AppError && err.code === "not_found") return null;
    throw err;
  });
  if (!provider) {
    clients.delete(id);
    return null;
  }
  let held = clients.get(id);
  if (!held || held.version !== provider.version) {
    held = { version: provider.version, client: createUpstreamClient(provider, { observe: contextObserver }) };
    clients.set(id, held);
  }
  return { provider, client: held.client };
}

/** The provider and its client (null: no such provider). */
export function callableProvider(id: string): Promise<CallableProvider | null> {
  return cachedRead(cache, id, () => load(id));
}

/** Drops a provider from the cache (it was edited, enabled, disabled or deleted). */
export function invalidateProvider(id: string): void {
  cache.delete(id);
  clients.delete(id);
}
