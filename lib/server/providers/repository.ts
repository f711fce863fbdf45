import "server-only";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { getDb } from "../db";

/** Prisma calls for providers, their models and the environment defaults; rules live in service.ts. */
export type ProviderRow = NonNullable<Awaited<ReturnType<typeof findProviderRow>>>;

export function listProviderRows() {
  return getDb().provider.findMany({ orderBy: [{ name: "asc" }] });
}

export function findProviderRow(id: string) {
  return getDb().provider.findUnique({ where: { id } });
}

export function listProviderNames(): Promise<{ id: string; name: string }[]> {
  return getDb().provider.findMany({ select: { id: true, name: true } });
}

/** The names of some providers (deleted ones are absent). */
export function findProviderNames(ids: string[]): Promise<{ id: string; name: string }[]> {
  return getDb().provider.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
}

/** Enabled providers by name with their listed models (no secrets), for pickers. */
export function listEnabledProviderRows() {
  return getDb().provider.findMany({
    where: { enabled: true },
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      kind: true,
      defaultModel: true,
      models: { select: { modelId: true, type: true, declared: true }, orderBy: { modelId: "asc" } },
    },
  });
}

export function insertProviderRow(data: Prisma.ProviderUncheckedCreateInput) {
  return getDb().provider.create({ data });
}

/** Updates only if the row is still at `version`; returns whether it was. */
export async function updateProviderRowAtVersion(
  id: string,
  version: number,
  data: Prisma.ProviderUncheckedUpdateInput,
): Promise<boolean> {
  const { count } = await getDb().provider.updateMany({
    where: { id, version },
    data: { ...data, version: { increment: 1 } },
  });
  return count === 1;
}

export async function deleteProviderRow(id: string): Promise<void> {
  await getDb().provider.delete({ where: { id } });
}

export function listProviderModelRows(providerId: string) {
  return getDb().providerModel.findMany({ where: { providerId }, orderBy: { modelId: "asc" } });
}

/** The most models kept per provider (a gateway in front of a cloud can list thousands). */
export const MAX_MODELS_PER_PROVIDER = 2000;

/**
 * Replaces a provider's model list with what the server reported just now. Servers may list
 * a model twice (aliases, tags): the first entry wins.
 */
export async function replaceProviderModels(
  providerId: string,
  listed: { modelId: string; type: string; declared: string[] | null; known: string[] | null; source: string | null }[],
): Promise<void> {
  const seen = new Set<string>();
  const models = listed.filter((m) => !seen.has(m.modelId) && seen.add(m.modelId)).slice(0, MAX_MODELS_PER_PROVIDER);
  const db = getDb();
  await db.$transaction([
    db.providerModel.deleteMany({ where: { providerId } }),
    db.providerModel.createMany({
      data: models.map((m) => ({ providerId, ...m, declared: m.declared ?? undefined, known: m.known ?? undefined })),
    }),
  ]);
}

export function listEnvironmentDefaultRows() {
  return getDb().environmentDefault.findMany();
}

/** The default provider and model of one environment, if configured. */
export function findEnvironmentDefaultRow(environment: string) {
  return getDb().environmentDefault.findUnique({ where: { environment }, select: { providerId: true, model: true } });
}

export async function upsertEnvironmentDefault(environment: string, providerId: string | null, model: string | null) {
  await getDb().environmentDefault.upsert({
    where: { environment },
    create: { environment, providerId, model },
    update: { providerId, model },
  });
}

export function readSetting(key: string) {
  return getDb().setting.findUnique({ where: { key } });
}

export async function writeSetting(key: string, value: Prisma.InputJsonValue): Promise<void> {
  await getDb().setting.upsert({ where: { key }, create: { key, value }, update: { value } });
}
