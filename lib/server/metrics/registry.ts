import "server-only";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { AttemptView } from "@/lib/schemas/playground";
import { breakerState } from "../calls/breaker";
import { shared } from "../calls/state";
import { type GatewayLogEntry, errorClassOf, onGatewayRequest } from "../gateway/log";
import { gatewayConfig } from "../gateway/config";
import { countProbeActivity } from "./probe-activity";

/**
 * Prometheus metrics (prom-client), one registry per process on `globalThis`
 * (calls/state.ts): `npm start` serves `/v1` from its front door and `/metrics` from Next's
 * bundle — two module instances — and both must count into the same registry. Gateway
 * requests are counted by a request-log listener (gateway/log.ts), registered once when the
 * registry is made (at start-up, instrumentation.ts); circuit states and probe activity are
 * read when scraped.
 */

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** The counters: name, help and labels of each. */
const COUNTERS = {
  requests: {
    name: "switchyard_gateway_requests_total",
    help: "Gateway requests by route, answering target, endpoint, status class (2xx/4xx/5xx) and outcome (ok, refusal, outage, client_error)",
    labelNames: ["route", "target", "endpoint", "status_class", "outcome"],
  },
  upstreamFailures: {
    name: "switchyard_upstream_failures_total",
    help: "Targets left during gateway requests, by target and class (outage, refusal, skipped)",
    labelNames: ["target", "class"],
  },
  fallbacks: {
    name: "switchyard_gateway_fallbacks_total",
    help: "Gateway requests that left at least one target before the answer (or the failure), by route",
    labelNames: ["route"],
  },
  degradations: {
    name: "switchyard_gateway_degradations_total",
    help: "Degradations applied to gateway requests, by route and feature",
    labelNames: ["route", "feature"],
  },
  probeRuns: {
    name: "switchyard_probe_runs_total",
    help: "Probe runs finished since this instance started (read from the database: every instance counts every run), by trigger and status",
    labelNames: ["trigger", "status"],
  },
  verdictChanges: {
    name: "switchyard_verdict_changes_total",
    help: "Verdicts that differ from the previous run of the same provider+model, in runs finished since this instance started, by feature and kind (regression, fix, change)",
    labelNames: ["feature", "kind"],
  },
} as const;

/** The histograms (seconds, {@link LATENCY_BUCKETS}). */
const HISTOGRAMS = {
  latency: {
    name: "switchyard_gateway_request_duration_seconds",
    help: "Gateway request latency, from the request to its last byte",
    labelNames: ["route", "endpoint"],
  },
  ttft: {
    name: "switchyard_gateway_ttft_seconds",
    help: "Gateway time to first token (chat), from the request",
    labelNames: ["route"],
  },
} as const;

/** The circuit gauge, read when scraped ({@link collectCircuitStates}). */
const CIRCUIT_STATE = {
  name: "switchyard_circuit_state",
  help: "Circuit breaker of each route target in this instance: 0 closed, 1 open, 2 half-open",
  labelNames: ["target"],
} as const;

/**
 * Sets the gauge from every route target's breaker. Routes come from the gateway's in-memory
 * configuration (gateway/config.ts), so a scrape makes no database query in the steady state.
 */
async function collectCircuitStates(this: Gauge<"target">): Promise<void> {
  this.reset();
  const config = await gatewayConfig();
  const seen = new Set<string>();
  for (const route of config.routes.values()) {
    for (const t of route.targets) {
      const target = `${config.providers.get(t.providerId)?.name ?? t.providerId}/${t.model}`;
      if (seen.has(target)) continue;
      seen.add(target);
      const state = breakerState(t.providerId, t.model).state;
      this.set({ target }, state === "closed" ? 0 : state === "open" ? 1 : 2);
    }
  }
}

function make() {
  const registry = new Registry();
  const registers = [registry];
  // Registered in the order the exposition lists them.
  const requests = new Counter({ ...COUNTERS.requests, registers });
  const latency = new Histogram({ ...HISTOGRAMS.latency, buckets: LATENCY_BUCKETS, registers });
  const ttft = new Histogram({ ...HISTOGRAMS.ttft, buckets: LATENCY_BUCKETS, registers });
  const upstreamFailures = new Counter({ ...COUNTERS.upstreamFailures, registers });
  const fallbacks = new Counter({ ...COUNTERS.fallbacks, registers });
  const degradations = new Counter({ ...COUNTERS.degradations, registers });
  new Gauge({ ...CIRCUIT_STATE, registers, collect: collectCircuitStates });
  const probeRuns = new Counter({ ...COUNTERS.probeRuns, registers });
  const verdictChanges = new Counter({ ...COUNTERS.verdictChanges, registers });
  const metrics = {
    registry,
    requests,
    latency,
    ttft,
    upstreamFailures,
    fallbacks,
    degradations,
    probeRuns,
    verdictChanges,
  };
  onGatewayRequest((entry) => count(metrics, entry));
  return { ...metrics, watermark: new Date() };
}

type Metrics = ReturnType<typeof make>;

const targetOf = (a: AttemptView | undefined) => (a ? `${a.providerName}/${a.model}` : "none");

function count(m: Omit<Metrics, "watermark">, e: GatewayLogEntry): void {
  const route = e.route ?? "direct";
  const answered = e.attempts.find((a) => a.outcome === "answered");
  m.requests.inc({
    route,
    target: targetOf(answered),
    endpoint: e.endpoint,
    status_class: `${Math.floor(e.httpStatus / 100)}xx`,
    outcome: errorClassOf(e) ?? "ok",
  });
  m.latency.observe({ route, endpoint: e.endpoint }, e.latencyMs / 1000);
  if (e.ttftMs !== null) m.ttft.observe({ route }, e.ttftMs / 1000);
  const left = e.attempts.filter((a) => a.outcome !== "answered");
  for (const a of left) {
    m.upstreamFailures.inc({
      target: targetOf(a),
      class: a.outcome === "refused" ? "refusal" : a.outcome === "skipped" ? "skipped" : "outage",
    });
  }
  if (left.length > 0) m.fallbacks.inc({ route });
  for (const d of e.degradations) m.degradations.inc({ route, feature: d.feature });
}

/** The process's metrics, made (and the gateway listener registered) on first use. */
export function ensureMetrics(): Metrics {
  return shared("metrics", make);
}

/** The text exposition of every metric, after reading probe activity since the last scrape. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  const m = ensureMetrics();
  const since = m.watermark;
  const activity = await countProbeActivity(since);
  m.watermark = activity.until;
  for (const r of activity.runs) m.probeRuns.inc({ trigger: r.trigger, status: r.status }, r.count);
  for (const c of activity.changes) m.verdictChanges.inc({ feature: c.feature, kind: c.kind }, c.count);
  return { contentType: m.registry.contentType, body: await m.registry.metrics() };
}
