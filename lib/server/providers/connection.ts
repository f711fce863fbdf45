import "server-only";
import type { Environment } from "@/lib/environments";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import {
  type ConnectionTestResult,
  type DiscoveredServer,
  type ProviderFields,
  type ProviderModelView,
  normaliseUrl,
} from "@/lib/schemas/providers";
import { testConnection } from "../upstream/connection-test";
import { scanLocalServers } from "../upstream/discovery";
import { UpstreamError, toProviderAppError } from "../upstream/errors";
import { fetchModels } from "../upstream/models";
import * as repo from "./repository";
import {
  type ResolvedProvider,
  listProviderModels,
  listProviders,
  resolveProvider,
  resolveUnsavedProvider,
} from "./service";

/**
 * Provider operations that talk to the provider itself: the connection test, refreshing the
 * model list, discovery, and choosing the default provider of an environment.
 */

/** Tests a stored provider (see `testConnection` for the outcomes). Never includes secrets. */
export async function testProviderConnection(id: string): Promise<ConnectionTestResult> {
  return testConnection(await resolveProvider(id));
}

/**
 * Tests the provider form's settings before they are saved (see `resolveUnsavedProvider` for
 * which secrets it may use). `existingId`: the provider being edited, if any.
 */
export async function testUnsavedConnection(
  fields: ProviderFields,
  existingId?: string,
): Promise<ConnectionTestResult> {
  return testConnection(await resolveUnsavedProvider(fields, existingId));
}

/**
 * Reads the provider's models and declared capabilities from the server, replaces the stored
 * list, and returns it. A server that cannot be read is a `provider_error` (502) with the
 * server's own status and message; the stored list is then left as it was.
 */
export async function refreshProviderModels(id: string): Promise<ProviderModelView[]> {
  const provider = await resolveProvider(id);
  try {
    const { models } = await fetchModels(provider);
    await repo.replaceProviderModels(id, models);
  } catch (err) {
    if (err instanceof UpstreamError) {
      const failure = {
        kind: err.kind,
        message: err.message,
        ...(err.status === undefined ? {} : { status: err.status }),
      };
      throw toProviderAppError(failure, `Could not read the models of ${provider.name}`);
    }
    throw err;
  }
  return listProviderModels(id);
}

/** `localhost`, `127.0.0.1` and `[::1]` are the same machine for "already added". */
function sameServerKey(baseUrl: string): string {
  return normaliseUrl(baseUrl).replace(/^(https?:\/\/)(127\.0\.0\.1|\[::1\])(?=[:/]|$)/, "$1localhost");
}

/** "Scan for local servers" on the configured ports, each result marked `alreadyAdded`. */
export async function discoverLocalServers(): Promise<DiscoveredServer[]> {
  const [found, providers] = await Promise.all([scanLocalServers(), listProviders()]);
  const known = new Set(providers.map((p) => sameServerKey(p.baseUrl)));
  return found.map((s) => ({ ...s, alreadyAdded: known.has(sameServerKey(s.baseUrl)) }));
}

/** How the default provider was chosen. */
export type DefaultProviderReason = "configured" | "reachable_local" | "cloud";

/**
 * The provider (with secrets, for the upstream client only: never return it from a route)
 * and model an environment uses by default.
 */
export type DefaultProviderChoice = { provider: ResolvedProvider; model: string | null; reason: DefaultProviderReason };

/** Reachability for auto-selection: a quick `/v1/models` with a short timeout and no retries. */
export const REACHABILITY_TIMEOUT_MS = 1500;

async function isReachable(p: ResolvedProvider): Promise<boolean> {
  const timeoutMs = Math.min(p.timeoutMs, REACHABILITY_TIMEOUT_MS);
  return (await testConnection(p, { timeoutMs, readVersion: false })).outcome === "reachable";
}

const serves = (p: ResolvedProvider, environment: Environment): boolean => p.environments.includes(environment);

/**
 * The seed's auto-select. The configured environment mapping wins when set — in development
 * only when that provider is enabled and reachable. Otherwise, in development only: the first
 * (by name) reachable enabled local provider (kind ≠ openai) serving development, else the
 * enabled openai-kind provider serving development. Staging and production use the configured
 * mapping only, and answer `unavailable` (503) with a clear message when there is none.
 */
export async function resolveDefaultProvider(
  environment: Environment = getEnv().environment,
): Promise<DefaultProviderChoice> {
  const mapping = (await repo.listEnvironmentDefaultRows()).find((r) => r.environment === environment);
  const mapped = mapping?.providerId ? await resolveProvider(mapping.providerId).catch(() => null) : null;
  if (environment !== "development") {
    if (!mapped) {
      throw new AppError(
        "unavailable",
        `No default provider is configured for ${environment}: choose one under Settings → Environments.`,
      );
    }
    if (!mapped.enabled || !serves(mapped, environment)) {
      throw new AppError(
        "unavailable",
        `The default provider of ${environment}, ${mapped.name}, is ${mapped.enabled ? `no longer serving ${environment}` : "disabled"}: fix it or choose another under Settings → Environments.`,
      );
    }
    return { provider: mapped, model: mapping?.model ?? mapped.defaultModel, reason: "configured" };
  }
  if (mapped?.enabled && serves(mapped, environment) && (await isReachable(mapped))) {
    return { provider: mapped, model: mapping?.model ?? mapped.defaultModel, reason: "configured" };
  }
  const rows = await repo.listProviderRows();
  const candidates = await Promise.all(rows.filter((r) => r.enabled).map((r) => resolveProvider(r.id)));
  const eligible = candidates.filter((p) => serves(p, environment));
  const locals = eligible.filter((p) => p.kind !== "openai");
  // Check every local provider at once; the first reachable one by name wins.
  const reachable = await Promise.all(locals.map(isReachable));
  const local = locals.find((_, i) => reachable[i]);
  if (local) return { provider: local, model: local.defaultModel, reason: "reachable_local" };
  const cloud = eligible.find((p) => p.kind === "openai");
  if (cloud) return { provider: cloud, model: cloud.defaultModel, reason: "cloud" };
  throw new AppError(
    "unavailable",
    locals.length > 0
      ? "No local provider serving development is reachable and no OpenAI provider serves development: start a local server or add an OpenAI provider."
      : "No enabled provider serves development: add one on the Providers page.",
  );
}
