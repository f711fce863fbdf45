import "server-only";
import {
  type UsageFilter,
  type UsageGroup,
  type UsagePoint,
  type UsageQuery,
  type UsageReport,
  type UsageSummary,
  WINDOW_MS,
} from "@/lib/schemas/usage";
import { flushGatewayLog } from "../gateway/log";
import { type SliceKey, type Stats, addRow, emptyStats, mergeStats, percentile, sliceId, sliceOf } from "./aggregate";
import { readWindow } from "./cache";
import * as repo from "./repository";

/**
 * Usage of the gateway: per key, route, provider (the one that answered) or model over a
 * window, with totals and a chart series, from the request log through the hour cache
 * (cache.ts). Only the gateway's rows count (the playground's are people trying things).
 */

export function matches(slice: SliceKey, f: UsageFilter): boolean {
  return (
    (f.keyId === undefined || slice.keyId === f.keyId) &&
    (f.route === undefined || slice.route === f.route) &&
    (f.providerId === undefined || slice.providerId === f.providerId) &&
    (f.model === undefined || slice.model === f.model)
  );
}

export function summarize(s: Stats): UsageSummary {
  const errors = s.refusal + s.outage + s.clientError;
  return {
    requests: s.requests,
    errors,
    errorRate: s.requests ? errors / s.requests : 0,
    refusal: s.refusal,
    outage: s.outage,
    clientError: s.clientError,
    p50LatencyMs: percentile(s.latency, 0.5),
    p95LatencyMs: percentile(s.latency, 0.95),
    p50TtftMs: percentile(s.ttft, 0.5),
    p95TtftMs: percentile(s.ttft, 0.95),
    tokensIn: s.tokensIn,
    tokensOut: s.tokensOut,
    fallbacks: s.fellBack,
    degradations: s.degraded,
  };
}

const valueOf: Record<UsageGroup, (s: SliceKey) => string | null> = {
  key: (s) => s.keyId,
  route: (s) => s.route,
  provider: (s) => s.providerId,
  model: (s) => s.model,
};

function labelOf(group: UsageGroup, value: string | null, names: Awaited<ReturnType<typeof repo.labelNames>>) {
  if (group === "key") return value === null ? "(no key)" : (names.keys.get(value) ?? "a deleted key");
  if (group === "provider")
    return value === null ? "(none answered)" : (names.providers.get(value) ?? "a deleted provider");
  if (group === "route") return value ?? "(direct target)";
  return value ?? "";
}

function point(at: number): UsagePoint & { t: number } {
  return {
    t: at,
    at: new Date(at).toISOString(),
    requests: 0,
    refusal: 0,
    outage: 0,
    clientError: 0,
    tokensIn: 0,
    tokensOut: 0,
  };
}

function addToPoint(p: UsagePoint, s: Stats): void {
  p.requests += s.requests;
  p.refusal += s.refusal;
  p.outage += s.outage;
  p.clientError += s.clientError;
  p.tokensIn += s.tokensIn;
  p.tokensOut += s.tokensOut;
}

/** The usage report of one window, filter and grouping, as of `now`. */
export async function getUsage(query: UsageQuery, now = Date.now()): Promise<UsageReport> {
  await flushGatewayLog();
  const { span, step } = WINDOW_MS[query.window];
  const from = now - span;
  const [read, names] = await Promise.all([readWindow(from, now), repo.labelNames()]);
  const totals = emptyStats();
  const groups = new Map<string | null, Stats>();
  const group = (slice: SliceKey) => {
    const v = valueOf[query.groupBy](slice);
    let g = groups.get(v);
    if (!g) groups.set(v, (g = emptyStats()));
    return g;
  };
  const firstPoint = Math.floor(from / step) * step;
  const series = Array.from({ length: Math.floor((now - firstPoint) / step) + 1 }, (_, i) =>
    point(firstPoint + i * step),
  );
  const pointAt = (at: number) => series[Math.floor((at - firstPoint) / step)];

  for (const piece of read.whole) {
    for (const [id, s] of piece.slices) {
      const slice = sliceOf(id);
      if (!matches(slice, query)) continue;
      mergeStats(totals, s, false);
      mergeStats(group(slice), s, false);
      // Charts by the day read the same pieces; finer ones read the hours below.
      if (step >= 86_400_000) {
        const p = pointAt(piece.at);
        if (p) addToPoint(p, s);
      }
    }
  }
  if (step < 86_400_000) {
    for (const piece of read.hours) {
      const p = pointAt(piece.at);
      if (!p) continue;
      for (const [id, s] of piece.slices) if (matches(sliceOf(id), query)) addToPoint(p, s);
    }
  }
  for (const r of read.rows) {
    const slice = sliceOf(sliceId(r));
    if (!matches(slice, query)) continue;
    addRow(totals, r);
    addRow(group(slice), r);
    const p = pointAt(r.at);
    if (p) {
      p.requests += 1;
      if (r.errorClass === "refusal") p.refusal += 1;
      else if (r.errorClass === "outage") p.outage += 1;
      else if (r.errorClass === "client_error") p.clientError += 1;
      p.tokensIn += r.promptTokens ?? 0;
      p.tokensOut += r.completionTokens ?? 0;
    }
  }

  const rows = [...groups.entries()]
    .map(([value, s]) => ({ value, label: labelOf(query.groupBy, value, names), ...summarize(s) }))
    .sort((a, b) => b.requests - a.requests || a.label.localeCompare(b.label));
  return {
    window: query.window,
    groupBy: query.groupBy,
    from: new Date(from).toISOString(),
    to: new Date(now).toISOString(),
    step,
    totals: summarize(totals),
    rows,
    series: series.map(({ t: _t, ...p }) => p),
  };
}
