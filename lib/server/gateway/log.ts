import "server-only";
import { shared } from "../calls/state";
import type { RequestLogEntry } from "../playground/request-log";
import * as repo from "./repository";

/**
 * The gateway's request log, written off the hot path: rows are queued in memory and
 * written in batches (every {@link FLUSH_MS}, or at {@link MAX_BATCH} rows), together with
 * the keys' "last used" times. A row holds what happened — key, route, environment, every
 * target tried and why it was left, the one that answered, degradations, status, latency,
 * time to first token, tokens, the features the request used — never a prompt or a reply.
 * A process killed hard loses at most the last {@link FLUSH_MS} of rows.
 */

export const FLUSH_MS = 250;
const MAX_BATCH = 200;

/** The endpoints a gateway row is filed under. */
export type GatewayEndpoint = "chat" | "completions" | "embeddings" | "responses" | "models";

/** A gateway request: a request-log entry of a gateway key, with the HTTP status it answered and the features it used. */
export type GatewayLogEntry = Omit<RequestLogEntry, "source" | "userId" | "sessionId" | "httpStatus"> & {
  keyId: string;
  endpoint: GatewayEndpoint;
  httpStatus: number;
  features: string[];
};

type Listener = (entry: GatewayLogEntry) => void;
type State = {
  queue: repo.GatewayLogRow[];
  usedKeys: Set<string>;
  timer: ReturnType<typeof setTimeout> | null;
  flushing: Promise<void> | null;
  listeners: Set<Listener>;
};
const state = shared<State>("gateway-log", () => ({
  queue: [],
  usedKeys: new Set(),
  timer: null,
  flushing: null,
  listeners: new Set(),
}));

/**
 * Calls `listener` with every gateway request as it is logged (metrics count them this
 * way). Listeners run synchronously on the request's path: keep them to counting. Returns
 * the unsubscribe function.
 */
export function onGatewayRequest(listener: Listener): () => void {
  state.listeners.add(listener);
  return () => state.listeners.delete(listener);
}

/**
 * The class of a failed request, as usage and metrics count it: `outage` (5xx, upstream
 * 429, every target down or open), `refusal` (a target was reached and refused a feature, or
 * no target's verdicts can serve it), `client_error` (the caller's own mistake: a bad body,
 * an unknown route, its key's rate limit, or it went away). Null when answered.
 */
export function errorClassOf(entry: Pick<GatewayLogEntry, "status" | "httpStatus" | "attempts">): string | null {
  if (entry.status === "ok") return null;
  if (entry.status === "aborted") return "client_error";
  if (entry.httpStatus >= 500) return "outage";
  return entry.attempts.length > 0 ? "refusal" : "client_error";
}

/** Queues one row (never waits, never throws). */
export function logGatewayRequest(entry: GatewayLogEntry): void {
  const { attempts, degradations, features, ...rest } = entry;
  state.queue.push({
    ...rest,
    errorClass: errorClassOf(entry),
    fallbacks: attempts.filter((a) => a.outcome !== "answered").length,
    degradationCount: degradations.length,
    source: "gateway",
    providerTriedId: attempts[0]?.providerId ?? null,
    providerUsedId: attempts.find((a) => a.outcome === "answered")?.providerId ?? null,
    degradations,
    fallbackPath: attempts,
    features,
    createdAt: new Date(),
  });
  state.usedKeys.add(entry.keyId);
  for (const listener of state.listeners) {
    try {
      listener(entry);
    } catch (err) {
      console.error("[gateway] a request listener failed:", err instanceof Error ? err.message : err);
    }
  }
  if (state.queue.length >= MAX_BATCH) void flushGatewayLog();
  else state.timer ??= setTimeout(() => void flushGatewayLog(), FLUSH_MS);
}

/** Writes what is queued (tests and readers of the log call it to see the latest rows). */
export async function flushGatewayLog(): Promise<void> {
  if (state.timer) clearTimeout(state.timer);
  state.timer = null;
  while (state.flushing) await state.flushing;
  if (state.queue.length === 0) return;
  const rows = state.queue.splice(0);
  const keys = [...state.usedKeys];
  state.usedKeys.clear();
  state.flushing = (async () => {
    try {
      await repo.insertRequestLogRows(rows);
      await repo.touchKeys(keys, new Date());
    } catch (err) {
      console.error(
        `[gateway] could not write ${rows.length} request-log row(s):`,
        err instanceof Error ? err.message : err,
      );
    } finally {
      state.flushing = null;
    }
  })();
  await state.flushing;
}
