import "server-only";
import type { AttemptView, Degradation } from "@/lib/schemas/playground";
import type { Prisma } from "@/lib/generated/sqlite/client";
import type { CallRecord, RequestLogQuery, RequestLogView } from "@/lib/schemas/request-logs";
import { flushGatewayLog } from "../gateway/log";
import * as repo from "./repository";

/**
 * The request log: one row per call made through Switchyard, written when the call ends,
 * never on the path to the first token (the gateway's rows in batches: gateway/log.ts).
 */

/** What a finished call leaves behind: how it went, who made it, and every target it tried. */
export type RequestLogEntry = CallRecord & {
  userId: string | null;
  environment: string;
  attempts: AttemptView[];
};

/** Stores one call; resolves with its id. */
export async function recordRequest(entry: RequestLogEntry): Promise<string> {
  const { attempts, ...rest } = entry;
  const row = await repo.insertRequestLogRow({
    ...rest,
    providerTriedId: attempts[0]?.providerId ?? null,
    providerUsedId: attempts.find((a) => a.outcome === "answered")?.providerId ?? null,
    degradations: entry.degradations as object[],
    fallbackPath: attempts as object[],
  });
  return row.id;
}

function nameOf(id: string | null, path: AttemptView[], live: Map<string, string>): string | null {
  if (id === null) return null;
  return live.get(id) ?? path.find((a) => a.providerId === id)?.providerName ?? "a deleted provider";
}

/** The request log's filters as a Prisma condition (each one an indexed column, plus the time range). */
function whereOf(q: Omit<RequestLogQuery, "limit">): Prisma.RequestLogWhereInput {
  const status: Prisma.RequestLogWhereInput =
    q.statusClass === undefined
      ? {}
      : q.statusClass === "ok"
        ? { status: "ok" }
        : q.statusClass === "error"
          ? { status: { not: "ok" } }
          : { errorClass: q.statusClass };
  return {
    ...(q.sessionId ? { sessionId: q.sessionId } : {}),
    ...(q.source ? { source: q.source } : {}),
    ...(q.keyId ? { keyId: q.keyId } : {}),
    ...(q.route ? { route: q.route } : {}),
    ...(q.providerId ? { providerUsedId: q.providerId } : {}),
    ...(q.model ? { model: q.model } : {}),
    ...status,
    ...(q.since || q.until
      ? {
          createdAt: {
            ...(q.since ? { gte: new Date(q.since) } : {}),
            ...(q.until ? { lt: new Date(q.until) } : {}),
          },
        }
      : {}),
  };
}

/** The most recent calls matching the filters, newest first, with user and provider names. */
export async function listRequestLogs(
  query: { limit: number } & Omit<RequestLogQuery, "limit">,
): Promise<RequestLogView[]> {
  // The gateway writes its rows in batches: what is queued in this process is shown too.
  await flushGatewayLog();
  const rows = await repo.listRequestLogRows(whereOf(query), query.limit);
  const userIds = [...new Set(rows.flatMap((r) => (r.userId ? [r.userId] : [])))];
  const providerIds = [
    ...new Set(rows.flatMap((r) => [r.providerTriedId, r.providerUsedId]).filter((v): v is string => v !== null)),
  ];
  const [users, providers] = await Promise.all([repo.findUserNames(userIds), repo.findProviderNames(providerIds)]);
  const userNames = new Map(users.map((u) => [u.id, u.name]));
  const providerNames = new Map(providers.map((p) => [p.id, p.name]));
  return rows.map((r) => {
    const path = (Array.isArray(r.fallbackPath) ? r.fallbackPath : []) as AttemptView[];
    return {
      id: r.id,
      createdAt: r.createdAt.toISOString(),
      source: r.source as RequestLogView["source"],
      userName: r.userId ? (userNames.get(r.userId) ?? "a former user") : null,
      sessionId: r.sessionId,
      model: r.model,
      route: r.route,
      endpoint: r.endpoint,
      keyId: r.keyId,
      providerTried: nameOf(r.providerTriedId, path, providerNames),
      providerUsed: nameOf(r.providerUsedId, path, providerNames),
      status: r.status as RequestLogView["status"],
      httpStatus: r.httpStatus,
      latencyMs: r.latencyMs,
      ttftMs: r.ttftMs,
      promptTokens: r.promptTokens,
      completionTokens: r.completionTokens,
      degradations: (Array.isArray(r.degradations) ? r.degradations : []) as Degradation[],
      fallbackPath: path,
      error: r.error,
      errorClass: r.errorClass,
    };
  });
}
