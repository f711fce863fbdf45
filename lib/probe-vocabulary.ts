/**
 * The probe vocabulary (DESIGN.md): verdicts, feature groups, run triggers and statuses. Kept
 * free of zod so pages that only need the words (the matrix) do not ship a validator.
 */

/** DESIGN.md "Verdict semantics". */
export const VERDICTS = ["supported", "partial", "unsupported", "error", "skipped"] as const;
/** One verdict. */
export type Verdict = (typeof VERDICTS)[number];
/** Whether a stored string is one of {@link VERDICTS}. */
export const isVerdict = (v: string): v is Verdict => (VERDICTS as readonly string[]).includes(v);

/** Groups of the feature matrix. */
export const FEATURE_GROUPS = [
  "core",
  "structured output",
  "tools",
  "multimodal",
  "embeddings",
  "sampling",
  "responses",
] as const;
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

/**
 * The words of each verdict: its label, what it means (legend, tooltips) and its emoji. The
 * emoji is for the Markdown export and the CLI only: pages draw an icon (app/_components/verdict.tsx),
 * because emoji render as empty boxes where no emoji font is installed.
 */
export const VERDICT_INFO: Record<Verdict, { label: string; meaning: string; emoji: string }> = {
  supported: { label: "supported", meaning: "accepted and honoured, checked on the content", emoji: "✅" },
  partial: { label: "partial", meaning: "accepted but not (fully) honoured", emoji: "⚠️" },
  unsupported: { label: "unsupported", meaning: "explicitly refused by the server", emoji: "❌" },
  error: { label: "error", meaning: "no conclusion: timeout, connection, auth or a server error", emoji: "❓" },
  skipped: { label: "skipped", meaning: "a prerequisite is missing", emoji: "➖" },
};

/**
 * Who or what started a run, in words: "manual run by Ada", "scheduled", "CLI", "API".
 * `startedBy` is the name of the account that started a manual run (null when unknown or deleted).
 */
export function runTriggerText(trigger: RunTrigger, startedBy: string | null): string {
  switch (trigger) {
    case "manual":
      return startedBy ? `manual run by ${startedBy}` : "manual run";
    case "schedule":
      return "scheduled";
    case "cli":
      return "CLI";
    case "api":
      return startedBy ? `API, by ${startedBy}` : "API";
  }
}

/**
 * What each result flag (`requires:*`, `native:*`, from `RESULT_FLAGS` in the probe types)
 * means, in words for the evidence panel. A flag this list does not know is shown as it is.
 */
const FLAG_TEXT: Record<string, string> = {
  "requires:tool_description":
    "Requires a description on every function tool (optional in OpenAI's spec): the playground and the gateway fill one in.",
  "requires:tool_call_content":
    'Refuses an assistant tool-call message with content null: the playground and the gateway send "" instead.',
  "requires:stop_array": "Refuses stop as a single string (the spec allows it): send an array.",
  "requires:embedding_input_array": "Refuses embeddings input as a single string (the spec allows it): send an array.",
  "native:json_object_schema":
    'Enforces a schema given in its own form, response_format {type: "json_object", schema}: used before a prompt instruction.',
};

/** A result flag in words (the flag itself when it is not known here). */
export function flagText(flag: string): string {
  return FLAG_TEXT[flag] ?? flag;
}
