import "server-only";
import { ENVIRONMENTS, type Environment } from "@/lib/environments";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { EnvironmentDefaultView } from "@/lib/schemas/providers";
import * as repo from "./repository";

/** Per environment, the default provider and model (the seed's environment-based configuration). */
export async function getEnvironmentDefaults(): Promise<EnvironmentDefaultView[]> {
  const [rows, providers] = await Promise.all([repo.listEnvironmentDefaultRows(), repo.listProviderRows()]);
  const active = getEnv().environment;
  return ENVIRONMENTS.map((environment) => {
    const row = rows.find((r) => r.environment === environment);
    const provider = providers.find((p) => p.id === row?.providerId);
    return {
      environment,
      providerId: provider?.id ?? null,
      providerName: provider?.name ?? null,
      model: row?.model ?? null,
      active: environment === active,
    };
  });
}

/** Saves the mapping; a provider must exist and serve the environment it is the default of. */
export async function setEnvironmentDefaults(
  defaults: { environment: Environment; providerId: string | null; model: string | null }[],
): Promise<EnvironmentDefaultView[]> {
  const providers = await repo.listProviderRows();
  defaults.forEach((d, i) => {
    if (!d.providerId) return;
    const provider = providers.find((p) => p.id === d.providerId);
    if (!provider) {
      throw new AppError("validation_failed", `defaults.${i}.providerId names no provider`, [
        { path: `defaults.${i}.providerId`, message: "names no provider" },
      ]);
    }
    const serves = Array.isArray(provider.environments) && provider.environments.includes(d.environment);
    if (!serves) {
      throw new AppError(
        "validation_failed",
        `${provider.name} does not serve ${d.environment}: add ${d.environment} to its environments first`,
        [{ path: `defaults.${i}.providerId`, message: `does not serve ${d.environment}` }],
      );
    }
  });
  for (const d of defaults) await repo.upsertEnvironmentDefault(d.environment, d.providerId, d.model);
  return getEnvironmentDefaults();
}
