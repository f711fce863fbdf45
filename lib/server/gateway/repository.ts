import "server-only";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { getDb } from "../db";

/** Prisma calls for gateway routes, keys, rate counts and request-log rows; rules live in the services. */

export type RouteRow = NonNullable<Awaited<ReturnType<typeof findRouteRow>>>;
export type KeyRow = NonNullable<Awaited<ReturnType<typeof findKeyRow>>>;

export function listRouteRows() {
  return getDb().route.findMany({ orderBy: [{ environment: "asc" }, { name: "asc" }] });
}

export function findRouteRow(id: string) {
  return getDb().route.findUnique({ where: { id } });
}

export function insertRouteRow(data: Prisma.RouteUncheckedCreateInput) {
  return getDb().route.create({ data });
}

/** Updates only if the route is still at `version`; returns whether it was. */
export async function updateRouteRowAtVersion(
  id: string,
  version: number,
  data: Prisma.RouteUncheckedUpdateInput,
): Promise<boolean> {
  const { count } = await getDb().route.updateMany({
    where: { id, version },
    data: { ...data, version: { increment: 1 } },
  });
  return count === 1;
}

export function deleteRouteRow(id: string) {
  return getDb().route.delete({ where: { id } });
}

export function listKeyRows() {
  return getDb().gatewayKey.findMany({ orderBy: [{ createdAt: "desc" }] });
}

export function findKeyRow(id: string) {
  return getDb().gatewayKey.findUnique({ where: { id } });
}

export function insertKeyRow(data: Prisma.GatewayKeyUncheckedCreateInput) {
  return getDb().gatewayKey.create({ data });
}

export async function keyHashExists(hash: string): Promise<boolean> {
  return (await getDb().gatewayKey.count({ where: { hash } })) > 0;
}

export async function revokeKeyRow(id: string, at: Date): Promise<boolean> {
  const { count } = await getDb().gatewayKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
  return count === 1;
}

export async function touchKeys(ids: string[], at: Date): Promise<void> {
  if (ids.length) await getDb().gatewayKey.updateMany({ where: { id: { in: ids } }, data: { lastUsedAt: at } });
}

/** Providers as the gateway needs them to address targets (no secrets). */
export function listProviderSummaries() {
  return getDb().provider.findMany({
    select: {
      id: true,
      name: true,
      enabled: true,
      environments: true,
      defaultModel: true,
      embeddingModel: true,
      createdAt: true,
      models: { select: { modelId: true, type: true } },
    },
  });
}

/** Requests in the last 24 h per key (the keys list). */
export async function countRecentRequestsByKey(since: Date): Promise<Map<string, number>> {
  const groups = await getDb().requestLog.groupBy({
    by: ["keyId"],
    where: { source: "gateway", createdAt: { gte: since }, keyId: { not: null } },
    _count: { _all: true },
  });
  return new Map(groups.map((g) => [g.keyId ?? "", g._count._all]));
}

/** Adds `delta` to a key's count of one minute and answers the new total (every instance's). */
export async function addRateCount(keyId: string, minute: number, delta: number): Promise<number> {
  const row = await getDb().gatewayRateCount.upsert({
    where: { keyId_minute: { keyId, minute } },
    create: { keyId, minute, count: delta },
    update: { count: { increment: delta } },
    select: { count: true },
  });
  return row.count;
}

export async function deleteRateCountsBefore(minute: number): Promise<void> {
  await getDb().gatewayRateCount.deleteMany({ where: { minute: { lt: minute } } });
}

export function insertRequestLogRows(rows: Prisma.RequestLogCreateManyInput[]) {
  return getDb().requestLog.createMany({ data: rows });
}
