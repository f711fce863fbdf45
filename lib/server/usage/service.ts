import "server-only";
import {
  type UsageFilter,
  type UsageFilterField,
  type UsageGroup,
  type UsagePoint,
  type UsageQuery,
  type UsageReport,
  type UsageSummary,
  WINDOW_MS,
} from "@/lib/schemas/usage";
import { flushGatewayLog } from "../gateway/log";
import {
  type SliceKey,
  type Stats,
  addCounts,
  addRow,
  countRow,
  emptyCounts,
  emptyStats,
  mergeStats,
  percentile,
  sliceId,
  sliceOf,
} from "./aggregate";
import { type WindowRead, readWindow } from "./cache";
import * as repo from "./repository";

/**
 * Usage of the gateway: per key, route, provider (the one that answered) or model over a
 * window, with totals and a chart series, from the request log through the hour cache
 * (cache.ts). Only the gateway's rows count (the playground's are people trying things).
 */

const valueOf: Record<UsageGroup, (s: SliceKey) => string | null> = {
  key: (s) => s.keyId,
  route: (s) => s.route,
  provider: (s) => s.providerId,
  model: (s) => s.model,
};

/** Each filter of a usage query, with the grouping whose labels name its values. */
const FILTERS: [UsageFilterField, UsageGroup][] = [
  ["keyId", "key"],
  ["route", "route"],
  ["providerId", "provider"],
  ["model", "model"],
];

/** Whether a slice is inside the filters of a query (each one set must match). */
export function matches(slice: SliceKey, f: UsageFilter): boolean {
  return FILTERS.every(([field, group]) => f[field] === undefined || valueOf[group](slice) === f[field]);
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

function labelOf(group: UsageGroup, value: string | null, names: Awaited<ReturnType<typeof repo.labelNames>>) {
  if (group === "key") return value === null ? "(no key)" : (names.keys.get(value) ?? "a deleted key");
  if (group === "provider")
    return value === null ? "(none answered)" : (names.providers.get(value) ?? "a deleted provider");
  if (group === "route") return value ?? "(direct target)";
  return value ?? "";
}

/** The chart of a window: one zeroed point per `step` from the step `from` falls in, up to `now`. */
function chartOf(from: number, now: number, step: number) {
  const firstPoint = Math.floor(from / step) * step;
  const series = Array.from({ length: Math.floor((now - firstPoint) / step) + 1 }, (_, i) => ({
    t: firstPoint + i * step,
    at: new Date(firstPoint + i * step).toISOString(),
    ...emptyCounts(),
  }));
  /** The point `at` falls in (undefined outside the window). */
  const pointAt = (at: number): UsagePoint | undefined => series[Math.floor((at - firstPoint) / step)];
  return { series, pointAt };
}

/** Where {@link tally} adds what it reads: the totals, the group of a slice, the chart point of a time. */
type Tally = {
  totals: Stats;
  group: (slice: SliceKey) => Stats;
  pointAt: (at: number) => UsagePoint | undefined;
};

/**
 * Adds what the window read holds for the query's filter: the whole hours and days kept in the
 * cache, then the rows read live. Charts by the day read the same pieces as the totals; finer
 * ones read the hours.
 */
function tally(read: WindowRead, query: UsageQuery, step: number, into: Tally): void {
  const { totals, group, pointAt } = into;
  for (const piece of read.whole) {
    for (const [id, s] of piece.slices) {
      const slice = sliceOf(id);
      if (!matches(slice, query)) continue;
      mergeStats(totals, s, false);
      mergeStats(group(slice), s, false);
      if (step >= 86_400_000) {
        const p = pointAt(piece.at);
        if (p) addCounts(p, s);
      }
    }
  }
  if (step < 86_400_000) {
    for (const piece of read.hours) {
      const p = pointAt(piece.at);
      if (!p) continue;
      for (const [id, s] of piece.slices) if (matches(sliceOf(id), query)) addCounts(p, s);
    }
  }
  for (const r of read.rows) {
    const slice = sliceOf(sliceId(r));
    if (!matches(slice, query)) continue;
    addRow(totals, r);
    addRow(group(slice), r);
    const p = pointAt(r.at);
    if (p) countRow(p, r);
  }
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
  const { series, pointAt } = chartOf(from, now, step);
  tally(read, query, step, { totals, group, pointAt });
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
    narrowedTo: FILTERS.filter(([field]) => query[field] !== undefined).map(([field, group]) => ({
      field,
      label: labelOf(group, query[field]!, names),
    })),
    rows,
    series: series.map(({ t: _t, ...p }) => p),
  };
}
