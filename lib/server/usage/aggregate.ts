import "server-only";
import type { UsageCounts } from "@/lib/schemas/usage";

/**
 * The arithmetic of usage: a request-log row folded into per-slice statistics, statistics
 * merged, percentiles read back. Statistics merge exactly (counts and sums) except latency
 * and TTFT, which are kept as histograms so that any number of hours and days merge in
 * constant time: below {@link EXACT_MS} every millisecond is its own bucket (exact
 * percentiles), above it buckets are 2 % wide (a percentile is the lower edge of its bucket,
 * at most 2 % below the true value).
 */

/** Latencies below this many milliseconds are counted exactly. */
export const EXACT_MS = 100;
const GROWTH = 1.02;
/** Buckets above EXACT_MS, up to 10 minutes; anything longer lands in the last one. */
const LOG_BUCKETS = Math.ceil(Math.log(600_000 / EXACT_MS) / Math.log(GROWTH));
const BUCKETS = EXACT_MS + LOG_BUCKETS + 1;

export function bucketOf(ms: number): number {
  const v = Math.max(0, Math.round(ms));
  if (v < EXACT_MS) return v;
  return Math.min(BUCKETS - 1, EXACT_MS + Math.floor(Math.log(v / EXACT_MS) / Math.log(GROWTH)));
}

/** The value a bucket stands for (its lower edge). */
export function valueOf(bucket: number): number {
  return bucket < EXACT_MS ? bucket : Math.round(EXACT_MS * GROWTH ** (bucket - EXACT_MS));
}

/** One row as usage reads it (the request log's columns). */
export type UsageRow = {
  keyId: string | null;
  route: string | null;
  providerUsedId: string | null;
  model: string;
  errorClass: string | null;
  latencyMs: number;
  ttftMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  fallbacks: number | null;
  degradationCount: number | null;
  /** The request's features as stored (a JSON array, as text). */
  features: string | null;
};

/** Zeroed {@link UsageCounts}. */
export function emptyCounts(): UsageCounts {
  return { requests: 0, refusal: 0, outage: 0, clientError: 0, tokensIn: 0, tokensOut: 0 };
}

/** Counts one row: a request, its outcome class, its tokens. */
export function countRow(c: UsageCounts, r: UsageRow): void {
  c.requests += 1;
  if (r.errorClass === "refusal") c.refusal += 1;
  else if (r.errorClass === "outage") c.outage += 1;
  else if (r.errorClass === "client_error") c.clientError += 1;
  c.tokensIn += r.promptTokens ?? 0;
  c.tokensOut += r.completionTokens ?? 0;
}

/** Adds the counters of `from` into `into`. */
export function addCounts(into: UsageCounts, from: UsageCounts): void {
  into.requests += from.requests;
  into.refusal += from.refusal;
  into.outage += from.outage;
  into.clientError += from.clientError;
  into.tokensIn += from.tokensIn;
  into.tokensOut += from.tokensOut;
}

/** Counts and sums of one slice; histograms are allocated on first use. */
export type Stats = UsageCounts & {
  /** Requests that left at least one target before the answer (or the failure). */
  fellBack: number;
  /** Requests answered with at least one degradation. */
  degraded: number;
  latency: Hist | null;
  ttft: Hist | null;
  /** Requests per feature set (the stored JSON text), for switch readiness. */
  features: Map<string, number>;
};

export function emptyStats(): Stats {
  return {
    ...emptyCounts(),
    fellBack: 0,
    degraded: 0,
    latency: null,
    ttft: null,
    features: new Map(),
  };
}

/**
 * A histogram: dense while it is being filled or merged into, compacted to its non-empty
 * (bucket, count) pairs when it is kept (an hour of one slice holds a few dozen values).
 */
export type Hist = { dense: Uint32Array } | { pairs: Uint32Array };

function dense(h: Hist | null): Uint32Array {
  const out = h && "dense" in h ? h.dense : new Uint32Array(BUCKETS);
  if (h && "pairs" in h) for (let i = 0; i < h.pairs.length; i += 2) out[h.pairs[i]!]! += h.pairs[i + 1]!;
  return out;
}

function count(hist: Hist | null, ms: number): Hist {
  const h = hist && "dense" in hist ? hist : { dense: dense(hist) };
  h.dense[bucketOf(ms)]! += 1;
  return h;
}

function compactHist(h: Hist | null): Hist | null {
  if (!h || "pairs" in h) return h;
  const pairs: number[] = [];
  h.dense.forEach((n, i) => (n > 0 ? pairs.push(i, n) : undefined));
  return { pairs: Uint32Array.from(pairs) };
}

/** Compacts the histograms of slices that are kept. */
export function compactSlices(slices: Slices): Slices {
  for (const s of slices.values()) {
    s.latency = compactHist(s.latency);
    s.ttft = compactHist(s.ttft);
  }
  return slices;
}

export function addRow(s: Stats, r: UsageRow): void {
  countRow(s, r);
  if ((r.fallbacks ?? 0) > 0) s.fellBack += 1;
  if ((r.degradationCount ?? 0) > 0) s.degraded += 1;
  s.latency = count(s.latency, r.latencyMs);
  if (r.ttftMs !== null) s.ttft = count(s.ttft, r.ttftMs);
  const f = r.features ?? "[]";
  s.features.set(f, (s.features.get(f) ?? 0) + 1);
}

function mergeHist(into: Hist | null, from: Hist | null): Hist | null {
  if (!from) return into;
  const h = into && "dense" in into ? into.dense : dense(into);
  if ("dense" in from) for (let i = 0; i < BUCKETS; i++) h[i]! += from.dense[i]!;
  else for (let i = 0; i < from.pairs.length; i += 2) h[from.pairs[i]!]! += from.pairs[i + 1]!;
  return { dense: h };
}

/** Adds `from` into `into` (histograms included; feature counts unless `features` is false). */
export function mergeStats(into: Stats, from: Stats, features = true): void {
  addCounts(into, from);
  into.fellBack += from.fellBack;
  into.degraded += from.degraded;
  into.latency = mergeHist(into.latency, from.latency);
  into.ttft = mergeHist(into.ttft, from.ttft);
  if (features) for (const [k, n] of from.features) into.features.set(k, (into.features.get(k) ?? 0) + n);
}

/** The nearest-rank percentile `p` (0–1) of a histogram; null when it is empty. */
export function percentile(h: Hist | null, p: number): number | null {
  if (!h) return null;
  const hist = dense(h);
  let total = 0;
  for (let i = 0; i < BUCKETS; i++) total += hist[i]!;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (let i = 0; i < BUCKETS; i++) {
    seen += hist[i]!;
    if (seen >= rank) return valueOf(i);
  }
  return null;
}

/** The slice a row belongs to, by the four dimensions usage groups and filters by. */
export type SliceKey = { keyId: string | null; route: string | null; providerId: string | null; model: string };

export const sliceId = (r: UsageRow): string =>
  `${r.keyId ?? ""}\u0000${r.route ?? ""}\u0000${r.providerUsedId ?? ""}\u0000${r.model}`;

export function sliceOf(id: string): SliceKey {
  const [keyId = "", route = "", providerId = "", model = ""] = id.split("\u0000");
  return { keyId: keyId || null, route: route || null, providerId: providerId || null, model };
}

/** Statistics per slice. */
export type Slices = Map<string, Stats>;

export function addToSlices(slices: Slices, r: UsageRow): void {
  const id = sliceId(r);
  let s = slices.get(id);
  if (!s) slices.set(id, (s = emptyStats()));
  addRow(s, r);
}

export function mergeSlices(into: Slices, from: Slices): void {
  for (const [id, s] of from) {
    let t = into.get(id);
    if (!t) into.set(id, (t = emptyStats()));
    mergeStats(t, s);
  }
}
