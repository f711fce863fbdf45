import "server-only";
import type { PlaygroundProvider } from "@/lib/schemas/playground";
import * as repo from "./repository";

/** Enabled providers with their known models, for the playground's pickers (no secrets). */
export async function listPlaygroundTargets(): Promise<PlaygroundProvider[]> {
  const rows = await repo.listEnabledProviderRows();
  return rows.map((p) => ({
    id: p.id,
    name: p.name,
    kind: p.kind,
    defaultModel: p.defaultModel,
    models: p.models.map((m) => ({
      id: m.modelId,
      type: m.type,
      vision: Array.isArray(m.declared) ? m.declared.includes("vision") : null,
    })),
  }));
}
