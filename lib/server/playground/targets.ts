import "server-only";
import type { PlaygroundProvider } from "@/lib/schemas/playground";
import { getEnv } from "@/lib/env";
import * as repo from "./repository";

/**
 * Enabled providers with their known models, for the playground's pickers (no secrets). The
 * active environment's default provider comes first, with its configured model, so a new
 * conversation starts where the team's code would send it.
 */
export async function listPlaygroundTargets(): Promise<PlaygroundProvider[]> {
  const [rows, active] = await Promise.all([
    repo.listEnabledProviderRows(),
    repo.findEnvironmentDefaultRow(getEnv().environment),
  ]);
  const providers = rows.map((p) => ({
    id: p.id,
    name: p.name,
    kind: p.kind,
    defaultModel: (p.id === active?.providerId ? active.model : null) ?? p.defaultModel,
    models: p.models.map((m) => ({
      id: m.modelId,
      type: m.type,
      vision: Array.isArray(m.declared) ? m.declared.includes("vision") : null,
    })),
  }));
  const first = providers.findIndex((p) => p.id === active?.providerId);
  if (first > 0) providers.unshift(...providers.splice(first, 1));
  return providers;
}
