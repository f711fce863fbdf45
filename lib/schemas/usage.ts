import { z } from "zod";

/**
 * Usage of the gateway and switch readiness as the API takes and shows them (isomorphic).
 */

export const USAGE_WINDOWS = ["1h", "24h", "7d", "30d"] as const;
export type UsageWindow = (typeof USAGE_WINDOWS)[number];
export const USAGE_GROUPS = ["key", "route", "provider", "model"] as const;
export type UsageGroup = (typeof USAGE_GROUPS)[number];

/** The window's length in milliseconds, and the step of its chart. */
export const WINDOW_MS: Record<UsageWindow, { span: number; step: number }> = {
  "1h": { span: 3_600_000, step: 300_000 },
  "24h": { span: 86_400_000, step: 3_600_000 },
  "7d": { span: 7 * 86_400_000, step: 6 * 3_600_000 },
  "30d": { span: 30 * 86_400_000, step: 86_400_000 },
};

const id = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters");

/** A slice of the gateway's traffic: any of key, route, provider (the one that answered), model. */
export const usageFilterSchema = z.object({
  keyId: id.optional(),
  route: id.optional(),
  providerId: id.optional(),
  model: id.optional(),
});
export type UsageFilter = z.infer<typeof usageFilterSchema>;

/** `GET /api/gateway/usage`. */
export const usageQuerySchema = usageFilterSchema.extend({
  window: z.enum(USAGE_WINDOWS, { error: `must be one of ${USAGE_WINDOWS.join(", ")}` }).default("24h"),
  groupBy: z.enum(USAGE_GROUPS, { error: `must be one of ${USAGE_GROUPS.join(", ")}` }).default("route"),
});
export type UsageQuery = z.infer<typeof usageQuerySchema>;

/** What one slice did over the window. Latencies in ms; null when nothing was measured. */
export type UsageSummary = {
  requests: number;
  errors: number;
  /** errors ÷ requests (0 when there were none). */
  errorRate: number;
  refusal: number;
  outage: number;
  clientError: number;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  p50TtftMs: number | null;
  p95TtftMs: number | null;
  tokensIn: number;
  tokensOut: number;
  /** Requests that left at least one target first. */
  fallbacks: number;
  /** Requests answered with at least one degradation. */
  degradations: number;
};

export type UsageRowView = UsageSummary & {
  /** The group's value: a key id, route name, provider id or model (null: direct / none answered). */
  value: string | null;
  label: string;
};

/** The counters every slice, total and chart point keeps: requests by outcome class, and tokens. */
export type UsageCounts = {
  requests: number;
  refusal: number;
  outage: number;
  clientError: number;
  tokensIn: number;
  tokensOut: number;
};

/** One point of the chart: the counters of one step, from `at`. */
export type UsagePoint = { at: string } & UsageCounts;

/** The query fields that narrow a usage report to one key, route, provider or model. */
export type UsageFilterField = "keyId" | "route" | "providerId" | "model";

export type UsageReport = {
  window: UsageWindow;
  groupBy: UsageGroup;
  from: string;
  to: string;
  /** Milliseconds between chart points. */
  step: number;
  totals: UsageSummary;
  /** The filters in force, each with the name a person reads (a key's or provider's name, not its id). */
  narrowedTo: { field: UsageFilterField; label: string }[];
  rows: UsageRowView[];
  series: UsagePoint[];
};

/** `GET /api/gateway/readiness`: a route or a key, and the candidate target. */
export const readinessQuerySchema = z
  .object({
    route: id.optional(),
    keyId: id.optional(),
    providerId: id,
    model: id,
    days: z.coerce
      .number("must be a number")
      .int("must be a whole number of days")
      .min(1, "must be between 1 and 30")
      .max(30, "must be between 1 and 30")
      .default(7),
    format: z.enum(["json", "markdown"], { error: "must be json or markdown" }).default("json"),
  })
  .refine((q) => q.route !== undefined || q.keyId !== undefined, {
    path: ["route"],
    message: "or keyId is required: whose traffic to judge",
  });
export type ReadinessQuery = z.infer<typeof readinessQuerySchema>;

/** What the gateway would do with a feature on the candidate. */
export type ReadinessHandling = "native" | "degrade" | "refuse" | "unknown";

export type ReadinessFeature = {
  /** The word the request log keeps (`streaming`, `tool_choice:required`, `max_completion_tokens`…). */
  used: string;
  /** The probe feature whose verdict decides it. */
  feature: string;
  requests: number;
  verdict: { verdict: string; reason: string; at: string; runId: string } | null;
  handling: ReadinessHandling;
  /** What the degradation does, or why it is refused. */
  detail: string | null;
};

export type ReadinessReport = {
  scope: { route: string | null; keyId: string | null; keyName: string | null; days: number };
  candidate: { providerId: string; providerName: string; model: string };
  requests: number;
  /** Requests the candidate could not serve (their feature set would be refused). */
  breaking: number;
  features: ReadinessFeature[];
  /** The one-line answer: "safe to switch", "works with 2 degradations", "would break 14 % of requests: …". */
  answer: string;
  verdict: "safe" | "degrades" | "breaks" | "no_traffic";
  /** Used features without a verdict, or verdicts older than the provider's schedule (or 7 days). */
  needsProbe: boolean;
  generatedAt: string;
};

/** A route target's circuit as the Routes page shows it. */
export type CircuitView =
  | { state: "closed"; recentOutages: number }
  | { state: "open"; until: string; lastReason: string }
  | { state: "half-open"; lastReason: string };

/** `GET /api/gateway/routes/status`: per route, the features its traffic used and each target's state. */
export type RouteStatusView = {
  routeId: string;
  /** Words the request log keeps, with requests in the last 7 days. */
  used: { used: string; feature: string; requests: number }[];
  targets: {
    providerId: string;
    model: string;
    circuit: CircuitView;
    /** The latest verdict of each used feature (absent: none yet). */
    verdicts: Record<string, { verdict: string; reason: string; at: string } | undefined>;
  }[];
};
