import "server-only";
import crypto from "node:crypto";
import { Prisma } from "@/lib/generated/sqlite/client";
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

/** A request-log row as the gateway writes it (the table's columns; JSON ones as values). */
export type GatewayLogRow = {
  source: string;
  route: string | null;
  environment: string;
  model: string;
  providerTriedId: string | null;
  providerUsedId: string | null;
  status: string;
  httpStatus: number | null;
  latencyMs: number;
  ttftMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  degradations: unknown;
  fallbackPath: unknown;
  error: string | null;
  keyId: string | null;
  endpoint: string | null;
  features: unknown;
  errorClass: string | null;
  fallbacks: number | null;
  degradationCount: number | null;
  createdAt: Date;
};

const LOG_COLUMNS = [
  "id",
  "source",
  "route",
  "environment",
  "model",
  "providerTriedId",
  "providerUsedId",
  "status",
  "httpStatus",
  "latencyMs",
  "ttftMs",
  "promptTokens",
  "completionTokens",
  "degradations",
  "fallbackPath",
  "error",
  "keyId",
  "endpoint",
  "features",
  "errorClass",
  "fallbacks",
  "degradationCount",
  "createdAt",
] as const;
const JSON_COLUMNS: ReadonlySet<string> = new Set(["degradations", "fallbackPath", "features"]);
/** Rows per INSERT: 23 parameters each stays far below SQLite's and PostgreSQL's limits. */
const ROWS_PER_INSERT = 500;

/**
 * Writes request-log rows with one multi-row INSERT per 500. Raw SQL on purpose: Prisma's
 * `createMany` costs about 1 ms of CPU per row here (its query compiler), ~15× a plain
 * INSERT — time the gateway's event loop cannot spare. The SQL is the same on SQLite and
 * PostgreSQL (quoted names, parameters typed by their columns).
 */
export async function insertRequestLogRows(rows: GatewayLogRow[]): Promise<void> {
  const columns = Prisma.raw(LOG_COLUMNS.map((c) => `"${c}"`).join(", "));
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const values = rows.slice(i, i + ROWS_PER_INSERT).map(
      (row) =>
        Prisma.sql`(${Prisma.join(
          LOG_COLUMNS.map((c) => {
            if (c === "id") return crypto.randomUUID();
            const value = row[c];
            return JSON_COLUMNS.has(c) ? (value === null || value === undefined ? null : JSON.stringify(value)) : value;
          }),
        )})`,
    );
    await getDb().$executeRaw`INSERT INTO "RequestLog" (${columns}) VALUES ${Prisma.join(values)}`;
  }
}
