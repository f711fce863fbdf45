import "server-only";
import { latestVerdicts } from "../calls/verdicts";
import type { GatewayConfig, KeyEntry, RouteEntry } from "./config";
import { GatewayError } from "./errors";

/**
 * `GET /v1/models` and `GET /v1/models/{id}`: what a key can send as `model` — the routes of
 * its environment it may use, and, when it may address providers directly, `Provider
 * name/model` for every listed model of an enabled provider serving that environment. Each
 * entry is OpenAI's model object plus a `switchyard` object (SDKs ignore extra fields) with
 * the latest verdict per feature, so an application can see what it will get.
 */

type Verdicts = Record<string, string>;
type TargetInfo = { provider: string; model: string; verdicts: Verdicts };

export type ModelEntry = {
  id: string;
  object: "model";
  created: number;
  owned_by: string;
  switchyard:
    | { kind: "route"; environment: string; targets: TargetInfo[] }
    | { kind: "direct"; environment: string; provider: string; model: string; type: string; verdicts: Verdicts };
};

async function verdictsOf(providerId: string, model: string): Promise<Verdicts> {
  const latest = await latestVerdicts(providerId, model);
  return Object.fromEntries([...latest].map(([feature, v]) => [feature, v.verdict]));
}

const seconds = (ms: number) => Math.floor(ms / 1000);

async function routeEntry(config: GatewayConfig, route: RouteEntry): Promise<ModelEntry> {
  const targets = await Promise.all(
    route.targets.map(async (t) => ({
      provider: config.providers.get(t.providerId)?.name ?? "(deleted provider)",
      model: t.model,
      verdicts: await verdictsOf(t.providerId, t.model),
    })),
  );
  return {
    id: route.name,
    object: "model",
    created: seconds(route.createdAt),
    owned_by: "switchyard",
    switchyard: { kind: "route", environment: route.environment, targets },
  };
}

/** `Provider name/model` for every listed model of an enabled provider serving the key's environment (by provider, model). */
function directEntries(config: GatewayConfig, key: KeyEntry): Promise<ModelEntry[]> {
  const providers = [...config.providers.values()]
    .filter((p) => p.enabled && p.environments.includes(key.environment))
    .sort((a, b) => a.name.localeCompare(b.name));
  const models = providers.flatMap((p) =>
    [...p.models].sort((a, b) => a.id.localeCompare(b.id)).map((m) => ({ p, m })),
  );
  return Promise.all(
    models.map(async ({ p, m }) => ({
      id: `${p.name}/${m.id}`,
      object: "model" as const,
      created: seconds(p.createdAt),
      owned_by: p.name,
      switchyard: {
        kind: "direct" as const,
        environment: key.environment,
        provider: p.name,
        model: m.id,
        type: m.type,
        verdicts: await verdictsOf(p.id, m.id),
      },
    })),
  );
}

/** Every entry the key may use, routes first (by name), then direct targets (by provider, model). */
export async function listModels(
  config: GatewayConfig,
  key: KeyEntry,
): Promise<{ object: "list"; data: ModelEntry[] }> {
  const routes = [...config.routes.values()]
    .filter((r) => r.environment === key.environment && (!key.routes || key.routes.has(r.name)))
    .sort((a, b) => a.name.localeCompare(b.name));
  const data = await Promise.all(routes.map((r) => routeEntry(config, r)));
  return { object: "list", data: key.allowDirect ? data.concat(await directEntries(config, key)) : data };
}

/** One entry by its id, or OpenAI's 404. */
export async function retrieveModel(config: GatewayConfig, key: KeyEntry, id: string): Promise<ModelEntry> {
  const { data } = await listModels(config, key);
  const found = data.find((m) => m.id === id);
  if (found) return found;
  throw new GatewayError(
    404,
    `The model '${id}' does not exist or you do not have access to it.`,
    "invalid_request_error",
    "model_not_found",
    "model",
  );
}
