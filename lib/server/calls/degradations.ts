import "server-only";
import type { DegradationSource } from "@/lib/schemas/playground";
import type { CallPlan, ChatBody } from "./plan";
import type { LatestVerdict } from "./verdicts";

/**
 * The degradations, one strategy per probe feature: what each does to a {@link CallPlan}
 * and the badge (label and detail) that says so. The planner (plan.ts) decides which
 * apply, from the verdicts before a call or from a refusal after one; this is the one
 * place that degrades.
 */

/** The probe features a degradation can stand in for. */
export type DegradableFeature =
  | "streaming"
  | "tools_streaming"
  | "stream_usage"
  | "max_tokens"
  | "json_mode"
  | "structured_output"
  | "n"
  | "parallel_tool_calls";

/** `partial` counts as missing too: a feature that is accepted but not honoured is not there. */
export function isMissing(v: LatestVerdict | undefined): v is LatestVerdict {
  return v !== undefined && (v.verdict === "unsupported" || v.verdict === "partial");
}

export function fromProbe(v: LatestVerdict): DegradationSource {
  return { kind: "probe", runId: v.runId, verdict: v.verdict, at: v.at };
}

export function because(v: LatestVerdict): string {
  return `the latest probe says ${v.verdict}: ${v.reason}`;
}

/** Whether a refused max_tokens asked for max_completion_tokens (OpenAI reasoning models). */
export function wantsCompletionTokens(v: LatestVerdict): boolean {
  return v.verdict === "unsupported" && /max_completion_tokens/.test(v.reason);
}

export type Change = { change: Partial<CallPlan>; label: string; how: string };

/** What each degradation does to a plan, and its badge. */
const DEGRADE: Record<DegradableFeature, (plan: CallPlan, body: ChatBody, jsonModeMissing: boolean) => Change> = {
  streaming: () => ({
    change: { stream: false, includeUsage: false },
    label: "Streaming emulated",
    how: "Called without streaming and delivered the reply as one chunk",
  }),
  tools_streaming: () => ({
    change: { stream: false, includeUsage: false },
    label: "Tools without streaming",
    how: "Called without streaming because tools are on, and delivered the reply as one chunk",
  }),
  stream_usage: () => ({
    change: { includeUsage: false },
    label: "No stream usage",
    how: "Did not ask for usage in the stream (stream_options)",
  }),
  max_tokens: (plan) => {
    const tokenParam = plan.tokenParam === "max_tokens" ? "max_completion_tokens" : "max_tokens";
    return {
      change: { tokenParam },
      label: tokenParam,
      how: `Sent the token cap as ${tokenParam} instead of ${plan.tokenParam}`,
    };
  },
  json_mode: (plan) =>
    plan.format === "json_mode_schema"
      ? schemaBadge("instructed_schema")
      : {
          change: { format: "instructed_json" },
          label: "JSON by instruction",
          how: "Asked for JSON in a system instruction instead of response_format json_object and validated the reply",
        },
  structured_output: (_plan, _body, jsonModeMissing) =>
    schemaBadge(jsonModeMissing ? "instructed_schema" : "json_mode_schema"),
  n: (_plan, body) => ({
    change: { calls: body.n ?? 1 },
    label: `${body.n} calls for n`,
    how: `Made ${body.n} calls of one choice each and merged them into one response`,
  }),
  parallel_tool_calls: () => ({
    change: { dropParallelToolCalls: true },
    label: "parallel_tool_calls dropped",
    how: "Left parallel_tool_calls out of the request",
  }),
};

function schemaBadge(format: "json_mode_schema" | "instructed_schema"): Change {
  const how =
    format === "json_mode_schema"
      ? "Used JSON mode with the schema in a system instruction"
      : "Put the schema in a system instruction (JSON mode is missing too)";
  return {
    change: { format },
    label: "Schema by instruction",
    how: `${how}, validated the reply against the schema with one repair attempt`,
  };
}

/** `plan` with `change` made and its badge added, citing `source` and saying `why`. */
export function withDegradation(
  plan: CallPlan,
  change: Change,
  feature: string,
  source: DegradationSource,
  why: string,
) {
  return {
    ...plan,
    ...change.change,
    degradations: [
      ...plan.degradations,
      { feature, label: change.label, detail: `${change.how}, because ${why}`, source },
    ],
  };
}

/** `plan` with `feature` degraded and its badge added (the one place that degrades). */
export function degrade(
  plan: CallPlan,
  body: ChatBody,
  feature: DegradableFeature,
  source: DegradationSource,
  why: string,
  jsonModeMissing = false,
): CallPlan {
  return withDegradation(plan, DEGRADE[feature](plan, body, jsonModeMissing), feature, source, why);
}

/** Structured output in the server's own form (llama.cpp), where the probe found it working. */
export const OBJECT_SCHEMA: Change = {
  change: { format: "native_object_schema" },
  label: "Schema in llama.cpp's form",
  how: 'Sent the schema as response_format {type: "json_object", schema} (the server\'s own form, enforced by its grammar), validated the reply with one repair attempt',
};

/**
 * What the tools probe may find a server requires beyond OpenAI's spec (a `requires:` flag),
 * and how a plan meets it when the request has what the server refuses.
 */
export const TOOL_REQUIREMENTS: { flag: string; applies: (body: ChatBody) => boolean; change: Change }[] = [
  {
    flag: "requires:tool_description",
    applies: (body) => (body.tools ?? []).some((t) => t.type === "function" && !t.function.description),
    change: {
      change: { fillToolDescriptions: true },
      label: "Tool descriptions filled in",
      how: "Gave each tool without a description one (its name): the server refuses tools without a description, which OpenAI's spec makes optional",
    },
  },
  {
    flag: "requires:tool_call_content",
    applies: (body) =>
      body.messages.some(
        (m) =>
          m.role === "assistant" && (m.tool_calls?.length ?? 0) > 0 && (m.content === null || m.content === undefined),
      ),
    change: {
      change: { toolCallContentAsString: true },
      label: "Tool-call turns with text",
      how: 'Sent the assistant\'s tool-call turns with content "" instead of null: the server refuses null there',
    },
  },
];
