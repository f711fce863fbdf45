/**
 * The probe vocabulary (DESIGN.md): verdicts, feature groups, run triggers and statuses. Kept
 * free of zod so pages that only need the words (the matrix) do not ship a validator.
 */

/** DESIGN.md "Verdict semantics". */
export const VERDICTS = ["supported", "partial", "unsupported", "error", "skipped"] as const;
/** One verdict. */
export type Verdict = (typeof VERDICTS)[number];

/** Groups of the feature matrix. */
export const FEATURE_GROUPS = ["core", "structured output", "tools", "multimodal", "embeddings", "sampling"] as const;
/** One group of the feature matrix. */
export type FeatureGroup = (typeof FEATURE_GROUPS)[number];

/** What started a run. */
export const RUN_TRIGGERS = ["manual", "schedule", "cli", "api"] as const;
/** One run trigger. */
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

/** `interrupted`: the instance running it went away (its heartbeat went stale). */
export const RUN_STATUSES = ["running", "completed", "cancelled", "failed", "interrupted"] as const;
/** One run status. */
export type RunStatus = (typeof RUN_STATUSES)[number];
