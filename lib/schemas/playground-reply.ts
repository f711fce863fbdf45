import { z } from "zod";
import type { ToolCall } from "./playground-request";

/**
 * What a playground reply is made of (isomorphic): degradations, the fallback path, timing,
 * validation, and the Server-Sent Events of `POST /api/playground/chat` that carry them; saved
 * sessions keep the same parts. Re-exported by playground.ts.
 */

/** Where a degradation decision came from: a probe run, or a refusal seen during this call. */
export const degradationSourceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("probe"), runId: z.string(), verdict: z.string(), at: z.string() }),
  z.object({ kind: z.literal("refusal"), status: z.number(), message: z.string() }),
]);
export type DegradationSource = z.infer<typeof degradationSourceSchema>;

/** A run-time emulation of something the provider lacks (DESIGN.md "Degradation"). */
export const degradationSchema = z.object({
  /** The probe feature it stands in for: json_mode, structured_output, streaming, max_tokens, stream_usage. */
  feature: z.string(),
  /** Short label for the badge, e.g. "JSON by instruction". */
  label: z.string(),
  /** What was done and why, for the tooltip. */
  detail: z.string(),
  source: degradationSourceSchema,
});
export type Degradation = z.infer<typeof degradationSchema>;

/** A provider + model with display names. */
export const targetViewSchema = z.object({ providerId: z.string(), providerName: z.string(), model: z.string() });
export type TargetView = z.infer<typeof targetViewSchema>;

/** One step of the fallback path. */
export const attemptViewSchema = targetViewSchema.extend({
  outcome: z.enum(["answered", "failed", "skipped", "refused"]),
  /** Why it was left (absent for the one that answered). */
  reason: z.string().optional(),
  status: z.number().optional(),
  /** HTTP requests made to this target (retries included). */
  requests: z.number(),
});
export type AttemptView = z.infer<typeof attemptViewSchema>;

/**
 * Timing and usage of one reply. `ttftMs` and `tokensPerSecond` describe the target that
 * answered (from when it was called); time spent on targets that failed first is `lostMs`.
 */
export const replyMetricsSchema = z.object({
  /** From calling the answering target to its first token. */
  ttftMs: z.number().nullable(),
  /** The whole call, fallbacks included. */
  totalMs: z.number(),
  /**
   * Time spent on targets that failed before the answering one was called (0: none failed).
   * Absent in sessions saved before it existed, and in timing measured by the browser.
   */
  lostMs: z.number().optional(),
  /** Completion tokens per second over the answering target's generation; null when unknown. */
  tokensPerSecond: z.number().nullable(),
  usage: z.object({ promptTokens: z.number(), completionTokens: z.number(), totalTokens: z.number() }).nullable(),
});
export type ReplyMetrics = z.infer<typeof replyMetricsSchema>;

/** Result of checking a JSON reply (JSON mode or structured output). */
export const replyValidationSchema = z.object({
  kind: z.enum(["json", "schema"]),
  valid: z.boolean(),
  error: z.string().optional(),
});
export type ReplyValidation = z.infer<typeof replyValidationSchema>;

/** The events of `POST /api/playground/chat` (`event: <type>`, `data: <json>`). */
export type ChatEvent =
  | { type: "attempt"; target: TargetView; index: number }
  | { type: "degradation"; degradation: Degradation }
  | { type: "delta"; content: string }
  /** The reply so far is discarded (a repair attempt follows). */
  | { type: "reset"; reason: string }
  | {
      type: "done";
      content: string;
      toolCalls: ToolCall[];
      finishReason: string | null;
      answeredBy: TargetView;
      attempts: AttemptView[];
      degradations: Degradation[];
      metrics: ReplyMetrics;
      validation: ReplyValidation | null;
      logId: string;
    }
  | {
      type: "error";
      message: string;
      /** The provider's HTTP status, when it answered. */
      status?: number;
      /** What failed: a refusal, an outage, a broken stream, or the caller stopping. */
      kind: "refused" | "outage" | "stream" | "aborted" | "invalid";
      /** Content received before the failure (kept visible). */
      content: string;
      attempts: AttemptView[];
      degradations: Degradation[];
      metrics: ReplyMetrics;
      logId: string | null;
    };
