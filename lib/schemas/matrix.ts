import { z } from "zod";
import { ENVIRONMENTS } from "@/lib/environments";
import { MAX_HISTORY_RUNS } from "@/lib/matrix";
import { PROVIDER_KINDS } from "@/lib/providers/presets";
import type { FeatureView, ProbeRunView, RunTrigger, Verdict } from "./probes";

/**
 * The compatibility matrix and probe history as the API and the UI see them (isomorphic).
 * Columns come from the server's probe registry, so a new probe appears without changes here.
 */

const flag = z
  .enum(["1", "0", "true", "false"])
  .optional()
  .transform((v) => v === "1" || v === "true");

/** Filters and sort of the matrix (`GET /api/matrix`, the page's search params, the exports). */
export const matrixQuerySchema = z.object({
  environment: z.enum(ENVIRONMENTS).optional(),
  kind: z.enum(PROVIDER_KINDS).optional(),
  /** Only rows with a partial, unsupported or error verdict, a disagreement, or an unreachable provider. */
  problems: flag,
  sort: z.enum(["name", "supported"]).default("name"),
});
/** Parsed matrix filters. */
export type MatrixQuery = z.infer<typeof matrixQuerySchema>;

/** `GET /api/matrix/export?format=…` plus the matrix filters. */
export const matrixExportQuerySchema = matrixQuerySchema.extend({
  format: z.enum(["json", "csv", "markdown"]).default("json"),
});
/** Parsed export query. */
export type MatrixExportQuery = z.infer<typeof matrixExportQuerySchema>;

/** `GET /api/matrix/history?providerId=&model=&limit=`. */
export const runHistoryQuerySchema = z.object({
  providerId: z.string().min(1).max(100),
  model: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(2).max(MAX_HISTORY_RUNS).default(20),
});
/** Parsed history query. */
export type RunHistoryQuery = z.infer<typeof runHistoryQuerySchema>;

/** One cell: the latest verdict of one feature for one provider+model (no evidence: see the run). */
export type MatrixCell = {
  resultId: string;
  runId: string;
  verdict: Verdict;
  reason: string;
  latencyMs: number;
  ttftMs: number | null;
  disagreement: string | null;
  /** Spec deviations and implausible answers recorded with the verdict (the evidence lists them). */
  warnings: number;
  createdAt: string;
  /** What started the run this verdict comes from, and who (manual and API runs). */
  trigger: RunTrigger;
  startedBy: string | null;
};

/** One row: a provider+model with its latest verdict per feature. */
export type MatrixRow = {
  providerId: string;
  providerName: string;
  providerKind: string;
  environments: string[];
  model: string;
  /** feature → latest cell; a feature never probed is absent. */
  cells: Record<string, MatrixCell>;
  /** The newest run of this row (running or finished); null when never probed. */
  lastRun:
    | (Pick<
        ProbeRunView,
        "id" | "status" | "done" | "total" | "features" | "serverVersion" | "trigger" | "startedAt" | "finishedAt"
      > & { startedBy: string | null })
    | null;
  /** Set when the newest run could not reach the provider at all: its connection error. */
  unreachable: string | null;
  /**
   * Another row-level finding of the newest run, said once for the row: "chat is refused:
   * HTTP 501: …", "the provider refused the credentials (…)".
   */
  finding: string | null;
};

/** The whole matrix. */
export type MatrixView = { features: FeatureView[]; rows: MatrixRow[]; providerCount: number; generatedAt: string };

/** Verdict counts of one run. */
export type VerdictCounts = Record<Verdict, number>;

/** One run in a provider+model's timeline. */
export type HistoryRun = {
  id: string;
  status: string;
  trigger: RunTrigger;
  /** The name of the account that started it (manual and API runs). */
  startedBy: string | null;
  serverVersion: string | null;
  startedAt: string;
  finishedAt: string | null;
  counts: VerdictCounts;
  /** feature → verdict and latency in this run. */
  verdicts: Record<string, { verdict: Verdict; latencyMs: number }>;
};

/** A change of one feature's verdict between two runs. */
export type VerdictChange = {
  feature: string;
  from: Verdict | null;
  to: Verdict | null;
  kind: "regression" | "fix" | "change";
};

/** `GET /api/matrix/history`: runs newest first, and what changed since the previous run. */
export type RunHistoryView = {
  providerId: string;
  providerName: string;
  model: string;
  features: FeatureView[];
  runs: HistoryRun[];
  changes: VerdictChange[];
};
