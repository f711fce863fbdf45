import "server-only";
import type { Environment } from "@/lib/environments";
import type { RouteTarget } from "@/lib/schemas/gateway";
import { nameKey } from "@/lib/schemas/providers";
import { shared } from "../calls/state";
import * as repo from "./repository";

/**
 * What the gateway needs to answer a request — keys, routes, provider names — as one
 * in-memory snapshot, so that the steady-state path makes no database query. It is read
 * again every {@link REFRESH_MS} in the background (a key revoked on another instance is
 * refused here within that time), and at once after an edit made in this process.
 */

/** How often the snapshot is read again. */
export const REFRESH_MS = 2000;

export type KeyEntry = {
  id: string;
  name: string;
  prefix: string;
  environment: Environment;
  /** Route names the key may use; null: every route. */
  routes: ReadonlySet<string> | null;
  allowDirect: boolean;
  rpm: number | null;
  expiresAt: number | null;
  revokedAt: number | null;
};

export type RouteEntry = {
  id: string;
  name: string;
  environment: Environment;
  targets: RouteTarget[];
  createdAt: number;
};

export type ProviderEntry = {
  id: string;
  name: string;
  enabled: boolean;
  environments: string[];
  /** The default and embedding models, then every listed one. */
  models: { id: string; type: string }[];
  createdAt: number;
};

export type GatewayConfig = {
  keysByHash: ReadonlyMap<string, KeyEntry>;
  /** `${environment}\u0000${name}` → route. */
  routes: ReadonlyMap<string, RouteEntry>;
  providers: ReadonlyMap<string, ProviderEntry>;
  /** Provider names compared as names are (lib/schemas/providers `nameKey`) → id. */
  providersByName: ReadonlyMap<string, string>;
};

export const routeKey = (environment: string, name: string) => `${environment}\u0000${name}`;

const strings = (v: unknown): string[] | null =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : null;

async function load(): Promise<GatewayConfig> {
  const [keys, routes, providers] = await Promise.all([
    repo.listKeyRows(),
    repo.listRouteRows(),
    repo.listProviderSummaries(),
  ]);
  const keysByHash = new Map<string, KeyEntry>();
  for (const k of keys) {
    const allowed = strings(k.routes);
    keysByHash.set(k.hash, {
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      environment: k.environment as Environment,
      routes: allowed ? new Set(allowed) : null,
      allowDirect: k.allowDirect,
      rpm: k.rpm,
      expiresAt: k.expiresAt?.getTime() ?? null,
      revokedAt: k.revokedAt?.getTime() ?? null,
    });
  }
  const routeMap = new Map<string, RouteEntry>();
  for (const r of routes) {
    const targets = Array.isArray(r.targets) ? (r.targets as RouteTarget[]) : [];
    routeMap.set(routeKey(r.environment, r.name), {
      id: r.id,
      name: r.name,
      environment: r.environment as Environment,
      targets,
      createdAt: r.createdAt.getTime(),
    });
  }
  const providerMap = new Map<string, ProviderEntry>();
  const byName = new Map<string, string>();
  for (const p of providers) {
    const models = new Map<string, string>();
    if (p.defaultModel) models.set(p.defaultModel, "chat");
    if (p.embeddingModel) models.set(p.embeddingModel, "embedding");
    for (const m of p.models) if (!models.has(m.modelId) || m.type !== "unknown") models.set(m.modelId, m.type);
    providerMap.set(p.id, {
      id: p.id,
      name: p.name,
      enabled: p.enabled,
      environments: strings(p.environments) ?? [],
      models: [...models].map(([id, type]) => ({ id, type })),
      createdAt: p.createdAt.getTime(),
    });
    byName.set(nameKey(p.name), p.id);
  }
  return { keysByHash, routes: routeMap, providers: providerMap, providersByName: byName };
}

type State = {
  current: Promise<GatewayConfig> | null;
  timer: ReturnType<typeof setInterval> | null;
};
const state = shared<State>("gateway-config", () => ({ current: null, timer: null }));

function reload(): Promise<GatewayConfig> {
  const loading = load();
  state.current = loading;
  loading.catch(() => {
    if (state.current === loading) state.current = null;
  });
  return loading;
}

/** The current snapshot (the first call, and the first after an edit here, wait for the database). */
export function gatewayConfig(): Promise<GatewayConfig> {
  const current = state.current ?? reload();
  state.timer ??= setInterval(() => {
    load().then(
      (fresh) => {
        state.current = Promise.resolve(fresh);
      },
      (err: unknown) =>
        console.error("[gateway] could not refresh its configuration:", err instanceof Error ? err.message : err),
    );
  }, REFRESH_MS);
  state.timer.unref?.();
  return current;
}

/** Database lookups of keys the snapshot does not know, per second at most. */
export const UNKNOWN_KEY_LOOKUPS_PER_S = 10;
const lookups = shared("gateway-key-lookups", () => ({ second: 0, count: 0 }));

/**
 * The snapshot that knows the key `hash`, when it exists but was created (on another
 * instance) after the snapshot was read; null when no such key exists. Unknown keys make
 * at most {@link UNKNOWN_KEY_LOOKUPS_PER_S} database lookups a second, however many are sent.
 */
export async function configKnowingKey(hash: string): Promise<GatewayConfig | null> {
  const second = Math.floor(Date.now() / 1000);
  if (lookups.second !== second) Object.assign(lookups, { second, count: 0 });
  if (++lookups.count > UNKNOWN_KEY_LOOKUPS_PER_S) return null;
  if (!(await repo.keyHashExists(hash))) return null;
  const fresh = await reload();
  return fresh.keysByHash.has(hash) ? fresh : null;
}

/** An edit was made in this process (a route, a key, a provider): the next request reads the database again. */
export function invalidateGatewayConfig(): void {
  state.current = null;
}

/** Stops the background refresh (tests, and before the database is closed). */
export function stopGatewayConfig(): void {
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
  state.current = null;
}
