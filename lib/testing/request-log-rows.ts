import type { GatewayLogRow } from "@/lib/server/gateway/repository";

/** A gateway request-log row for tests and the bench: an answered chat unless told otherwise. */
export function gatewayRow(over: Partial<GatewayLogRow> & { createdAt: Date }): GatewayLogRow {
  return {
    source: "gateway",
    route: "default",
    environment: "development",
    model: "m",
    providerTriedId: over.providerUsedId ?? null,
    providerUsedId: null,
    status: over.errorClass ? "error" : "ok",
    httpStatus: over.errorClass === "outage" ? 502 : over.errorClass ? 400 : 200,
    latencyMs: 10,
    ttftMs: null,
    promptTokens: null,
    completionTokens: null,
    degradations: [],
    fallbackPath: [],
    error: null,
    keyId: null,
    endpoint: "chat",
    features: [],
    errorClass: null,
    fallbacks: 0,
    degradationCount: 0,
    ...over,
  };
}
