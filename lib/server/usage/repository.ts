import "server-only";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { getDb } from "../db";
import { listProviderNames } from "../providers/repository";
import type { UsageRow } from "./aggregate";

/**
 * Prisma calls of the request log: the gateway's rows as usage and switch readiness read them
 * (the arithmetic lives in aggregate.ts), and the playground's rows and the log's listing
 * (playground/request-log.ts). The gateway writes its own rows in batches (gateway/repository.ts).
 */

type RawRow = Omit<UsageRow, "features"> & { createdAt: unknown; features: unknown };

/** A stored JSON value as text: SQLite hands back text, PostgreSQL a parsed value. */
function jsonText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === "string" ? v : JSON.stringify(v);
}

/**
 * The gateway's rows in [from, to), only the columns usage reads. Raw SQL on purpose: the
 * cold read of a month is up to a million rows, and Prisma's model queries cost several
 * times more per row (the same SQL on SQLite and PostgreSQL: quoted names, typed parameters).
 */
export async function gatewayRowsBetween(from: Date, to: Date): Promise<(UsageRow & { at: number })[]> {
  const rows = await getDb().$queryRaw<RawRow[]>`
    SELECT "createdAt", "keyId", "route", "providerUsedId", "model", "errorClass", "latencyMs", "ttftMs",
           "promptTokens", "completionTokens", "fallbacks", "degradationCount", "features"
    FROM "RequestLog"
    WHERE "source" = 'gateway' AND "createdAt" >= ${from} AND "createdAt" < ${to}`;
  return rows.map((r) => ({
    ...r,
    at: new Date(r.createdAt as string | number | Date).getTime(),
    latencyMs: Number(r.latencyMs),
    ttftMs: r.ttftMs === null ? null : Number(r.ttftMs),
    promptTokens: r.promptTokens === null ? null : Number(r.promptTokens),
    completionTokens: r.completionTokens === null ? null : Number(r.completionTokens),
    fallbacks: r.fallbacks === null ? null : Number(r.fallbacks),
    degradationCount: r.degradationCount === null ? null : Number(r.degradationCount),
    features: jsonText(r.features),
  }));
}

/** Names of keys and providers, for labels (deleted ones are absent). */
export async function labelNames(): Promise<{ keys: Map<string, string>; providers: Map<string, string> }> {
  const db = getDb();
  const [keys, providers] = await Promise.all([
    db.gatewayKey.findMany({ select: { id: true, name: true } }),
    listProviderNames(),
  ]);
  return {
    keys: new Map(keys.map((k) => [k.id, k.name])),
    providers: new Map(providers.map((p) => [p.id, p.name])),
  };
}

/** The name of one gateway key, for switch readiness's scope (null: no such key, e.g. deleted). */
export async function findKeyName(id: string): Promise<string | null> {
  const key = await getDb().gatewayKey.findUnique({ where: { id }, select: { name: true } });
  return key?.name ?? null;
}

/** Stores one request-log row (a playground call); resolves with its id. */
export function insertRequestLogRow(data: Prisma.RequestLogUncheckedCreateInput) {
  return getDb().requestLog.create({ data, select: { id: true } });
}

/** The newest request-log rows matching `where`, newest first. */
export function listRequestLogRows(where: Prisma.RequestLogWhereInput, take: number) {
  return getDb().requestLog.findMany({ where, orderBy: { createdAt: "desc" }, take });
}
