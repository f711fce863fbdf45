import { z } from "zod";

/**
 * Probe runs, results and schedules as the API and the UI see them (isomorphic). The
 * feature list itself comes from the server's registry (`GET /api/probes/features`), so a
 * new probe appears without changes here.
 */

export {
  FEATURE_GROUPS,
  RUN_STATUSES,
  RUN_TRIGGERS,
  VERDICTS,
  type FeatureGroup,
  type RunStatus,
  type RunTrigger,
  type Verdict,
} from "@/lib/probe-vocabulary";
import type { FeatureGroup, RunStatus, RunTrigger, Verdict } from "@/lib/probe-vocabulary";

const featureName = z.string().regex(/^[a-z][a-z0-9_]{0,40}$/, "must be a feature name such as json_mode");

/** `POST /api/runs`. */
export const startRunBodySchema = z.object({
  providerId: z.string().min(1, "is required").max(100),
  /** Default: the provider's default model. */
  model: z.string().trim().min(1).max(200).optional(),
  /** Default: every feature. */
  features: z.array(featureName).min(1, "must name at least one feature").max(64).optional(),
});
export type StartRunBody = z.infer<typeof startRunBodySchema>;

/** `GET /api/runs?providerId=&model=&limit=`. */
export const listRunsQuerySchema = z.object({
  providerId: z.string().min(1).max(100).optional(),
  model: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListRunsQuery = z.infer<typeof listRunsQuerySchema>;

/** `GET /api/providers/[id]/history?model=&feature=&limit=`. */
export const historyQuerySchema = z.object({
  model: z.string().min(1).max(200).optional(),
  feature: featureName,
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type HistoryQuery = z.infer<typeof historyQuerySchema>;

/** `PUT /api/providers/[id]/probe-schedule`: `intervalMinutes: null` turns re-probing off. */
export const probeScheduleBodySchema = z.object({
  intervalMinutes: z
    .number({ error: "must be a number of minutes or null" })
    .int("must be a whole number of minutes")
    .min(5, "must be at least 5 minutes")
    .max(60 * 24 * 31, "must be at most 31 days")
    .nullable(),
  model: z.string().trim().min(1).max(200).nullable().optional(),
  features: z.array(featureName).min(1).max(64).nullable().optional(),
});
export type ProbeScheduleBody = z.infer<typeof probeScheduleBodySchema>;

/** One request/response pair a probe made (redacted, bounded). */
export type ExchangeView = {
  request: { method: string; path: string; body?: unknown };
  response?: { status: number; contentType?: string; excerpt: string };
  error?: { kind: string; status?: number; message: string };
  ms: number;
};

/** A probe's evidence. */
export type EvidenceView = { model?: string; exchanges: ExchangeView[]; details?: Record<string, unknown> };

/**
 * What one probe found for one feature: the runner's record of it (lib/server/probes/runner.ts,
 * with `Flag` narrowed to the known flags) and, stored, the body of a {@link ProbeResultView}.
 */
export type ProbeFinding<Flag extends string = string> = {
  feature: string;
  verdict: Verdict;
  reason: string;
  /** Time the probe's requests were on the wire (not time spent queued in the runner). */
  latencyMs: number;
  ttftMs: number | null;
  evidence: EvidenceView;
  /** Whether the server declared the matching capability (null: it declares nothing relevant). */
  declared: boolean | null;
  disagreement: string | null;
  /** Spec deviations and implausible answers seen beside the verdict. */
  warnings: string[];
  /** What the server requires beyond the spec, or a native form that works (`requires:*`, `native:*`). */
  flags: Flag[];
};

/** One probe result, as stored. */
export type ProbeResultView = ProbeFinding & {
  id: string;
  runId: string;
  providerId: string;
  model: string;
  createdAt: string;
};

/** A row-level finding of a run (its baseline chat): said once instead of in every cell. */
export type RunBlockerView = {
  kind: "unreachable" | "auth" | "rate_limited" | "model_missing" | "chat_refused" | "chat_failing";
  /** One sentence: "provider unreachable: connection refused (…)". */
  reason: string;
};

/** One run, with progress (`done` of `total`). */
export type ProbeRunView = {
  id: string;
  providerId: string;
  model: string;
  trigger: RunTrigger;
  status: RunStatus;
  features: string[];
  done: number;
  total: number;
  serverVersion: string | null;
  appVersion: string;
  declared: string[] | null;
  declaredSource: string | null;
  error: string | null;
  blocker: RunBlockerView | null;
  /** Requests the server declared it handles at once (llama.cpp `total_slots`). */
  capacity: number | null;
  startedAt: string;
  finishedAt: string | null;
};

/** A run with its results, in finishing order. */
export type ProbeRunDetail = ProbeRunView & { results: ProbeResultView[] };

/** One feature of the catalogue (from the probe registry). */
export type FeatureView = { feature: string; title: string; group: FeatureGroup; description: string };

/** A provider's re-probing schedule. */
export type ProbeScheduleView = {
  providerId: string;
  intervalMinutes: number | null;
  model: string | null;
  features: string[] | null;
  nextRunAt: string | null;
  lastRunId: string | null;
};

/** Events of `GET /api/runs/[id]/events` (SSE `event:` names). */
export type RunEvent =
  | { type: "progress"; run: ProbeRunView }
  | { type: "result"; result: ProbeResultView; done: number; total: number }
  | { type: "end"; run: ProbeRunView };
