import "server-only";
import type { Degradation, DegradationSource, ParsedChatRequest } from "@/lib/schemas/playground";

/**
 * Graceful degradation driven by evidence (the seed's `SmartAIClient`): before a call, the
 * latest probe verdicts of the provider+model decide how each requested feature is sent;
 * with no verdict, the feature is sent natively and a refusal of it degrades the retry.
 * Only what was asked for is ever degraded, and only where the evidence says it is missing
 * (QUIRKS.md: emulating everywhere breaks native support elsewhere).
 */

/** The probe features a degradation can stand in for. */
type DegradableFeature =
  "streaming" | "tools_streaming" | "stream_usage" | "max_tokens" | "json_mode" | "structured_output";

/**
 * The latest verdict of one feature for one provider+model, with its flags: what the server
 * requires beyond the spec (`requires:*`) and native forms that work (`native:*`), see
 * RESULT_FLAGS in lib/server/probes/types.ts.
 */
export type LatestVerdict = { verdict: string; reason: string; runId: string; at: string; flags: string[] };

/** The verdicts a request's plan can depend on (only these are read before the call). */
export function relevantFeatures(req: ParsedChatRequest): string[] {
  const out: string[] = [];
  if (req.stream) out.push("streaming", "stream_usage");
  if (req.stream && req.tools && req.tools.length > 0) out.push("tools_streaming");
  if (req.responseFormat.type !== "text") out.push("json_mode");
  if (req.responseFormat.type === "json_schema") out.push("structured_output");
  if (req.params.maxTokens !== undefined) out.push("max_tokens");
  if (req.tools && req.tools.length > 0) out.push("tools");
  return out;
}

/** How the requested response format is obtained. */
export type FormatStrategy =
  | "text"
  /** `response_format: json_object` */
  | "native_json"
  /** `response_format: json_schema` */
  | "native_schema"
  /** a system instruction to answer in JSON, then validation */
  | "instructed_json"
  /** JSON mode plus the schema in the instruction, validation and one repair */
  | "json_mode_schema"
  /** the schema in the instruction only, validation and one repair */
  | "instructed_schema"
  /**
   * the schema as `response_format: {type: "json_object", schema}`, llama.cpp's own form
   * (enforced by its grammar where json_schema is dropped), validation and one repair
   */
  | "native_object_schema";

/** How one call is sent. */
export type CallPlan = {
  stream: boolean;
  includeUsage: boolean;
  format: FormatStrategy;
  tokenParam: "max_tokens" | "max_completion_tokens";
  /** Give every tool a `description` (a server that requires one, optional in the spec). */
  fillToolDescriptions: boolean;
  degradations: Degradation[];
};

/** `partial` counts as missing too: a feature that is accepted but not honoured is not there. */
function isMissing(v: LatestVerdict | undefined): v is LatestVerdict {
  return v !== undefined && (v.verdict === "unsupported" || v.verdict === "partial");
}

function fromProbe(v: LatestVerdict): DegradationSource {
  return { kind: "probe", runId: v.runId, verdict: v.verdict, at: v.at };
}

function because(v: LatestVerdict): string {
  return `the latest probe says ${v.verdict}: ${v.reason}`;
}

/** Whether a refused max_tokens asked for max_completion_tokens (OpenAI reasoning models). */
function wantsCompletionTokens(v: LatestVerdict): boolean {
  return v.verdict === "unsupported" && /max_completion_tokens/.test(v.reason);
}

/** How a request is sent with nothing degraded. */
function nativePlan(req: ParsedChatRequest): CallPlan {
  const format = req.responseFormat.type;
  return {
    stream: req.stream,
    includeUsage: req.stream,
    format: format === "json_object" ? "native_json" : format === "json_schema" ? "native_schema" : "text",
    tokenParam: "max_tokens",
    fillToolDescriptions: false,
    degradations: [],
  };
}

/** What each degradation does to a plan, and its badge. */
const DEGRADE: Record<
  DegradableFeature,
  (plan: CallPlan, jsonModeMissing: boolean) => { change: Partial<CallPlan>; label: string; how: string }
> = {
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
  structured_output: (_plan, jsonModeMissing) =>
    schemaBadge(jsonModeMissing ? "instructed_schema" : "json_mode_schema"),
};

/** The native form of a schema, where the probe found one working (a flag of its result). */
function nativeSchemaDegradation(v: LatestVerdict) {
  return {
    change: { format: "native_object_schema" } satisfies Partial<CallPlan>,
    label: "Schema in llama.cpp's form",
    how: 'Sent the schema as response_format {type: "json_object", schema} (the server\'s own form, enforced by its grammar), validated the reply with one repair attempt',
    source: fromProbe(v),
  };
}

function schemaBadge(format: "json_mode_schema" | "instructed_schema") {
  const how =
    format === "json_mode_schema"
      ? "Used JSON mode with the schema in a system instruction"
      : "Put the schema in a system instruction (JSON mode is missing too)";
  return {
    change: { format } satisfies Partial<CallPlan>,
    label: "Schema by instruction",
    how: `${how}, validated the reply against the schema with one repair attempt`,
  };
}

/** `plan` with `feature` degraded and its badge added (the one place that degrades). */
function degrade(
  plan: CallPlan,
  feature: DegradableFeature,
  source: DegradationSource,
  why: string,
  jsonModeMissing = false,
): CallPlan {
  const { change, label, how } = DEGRADE[feature](plan, jsonModeMissing);
  return {
    ...plan,
    ...change,
    degradations: [...plan.degradations, { feature, label, detail: `${how}, because ${why}`, source }],
  };
}

/** The plan for the first call to a provider+model, from its latest verdicts. */
export function planCall(req: ParsedChatRequest, verdicts: ReadonlyMap<string, LatestVerdict>): CallPlan {
  let plan = nativePlan(req);
  const by = (feature: DegradableFeature, v: LatestVerdict, jsonModeMissing = false) => {
    plan = degrade(plan, feature, fromProbe(v), because(v), jsonModeMissing);
  };
  const streaming = verdicts.get("streaming");
  if (plan.stream && isMissing(streaming)) by("streaming", streaming);
  const toolsStreaming = verdicts.get("tools_streaming");
  if (plan.stream && req.tools && req.tools.length > 0 && isMissing(toolsStreaming)) {
    by("tools_streaming", toolsStreaming);
  }
  const usage = verdicts.get("stream_usage");
  if (plan.stream && usage?.verdict === "unsupported") by("stream_usage", usage);
  const maxTokens = verdicts.get("max_tokens");
  if (req.params.maxTokens !== undefined && maxTokens && wantsCompletionTokens(maxTokens)) {
    by("max_tokens", maxTokens);
  }
  const json = verdicts.get("json_mode");
  const structured = verdicts.get("structured_output");
  if (plan.format === "native_json" && isMissing(json)) by("json_mode", json);
  if (plan.format === "native_schema" && isMissing(structured)) {
    // The server's own form of a schema, where the probe found it working, before any prompt emulation.
    if (structured.flags.includes("native:json_object_schema")) {
      const { change, label, how, source } = nativeSchemaDegradation(structured);
      plan = {
        ...plan,
        ...change,
        degradations: [
          ...plan.degradations,
          { feature: "structured_output", label, detail: `${how}, because ${because(structured)}`, source },
        ],
      };
    } else {
      by("structured_output", structured, isMissing(json));
    }
  }
  const tools = verdicts.get("tools");
  if (req.tools && req.tools.length > 0 && tools) plan = adaptTools(req, plan, tools);
  return plan;
}

/**
 * What the tools probe found the server requires beyond the spec, applied with a badge. (The
 * playground sends tool-call turns with text content, so `requires:tool_call_content` only
 * matters where callers send null: the gateway.)
 */
function adaptTools(req: ParsedChatRequest, plan: CallPlan, v: LatestVerdict): CallPlan {
  if (!v.flags.includes("requires:tool_description") || !req.tools?.some((t) => !t.function.description)) return plan;
  return {
    ...plan,
    fillToolDescriptions: true,
    degradations: [
      ...plan.degradations,
      {
        feature: "tools",
        label: "Tool descriptions filled in",
        detail:
          "Gave each tool without a description one (its name): the server refuses tools without a description, which OpenAI's spec makes optional (found by the tools probe)",
        source: fromProbe(v),
      },
    ],
  };
}

/** What a refusal names, from the request fields it can be about. */
const REFUSAL_FIELDS: { feature: DegradableFeature; pattern: RegExp }[] = [
  { feature: "stream_usage", pattern: /stream_options|include_usage/i },
  { feature: "max_tokens", pattern: /max_(completion_)?tokens/i },
  { feature: "structured_output", pattern: /json_schema/i },
  { feature: "json_mode", pattern: /json_object|response_format/i },
  { feature: "streaming", pattern: /\bstream(ing)?\b/i },
];

/** Refusals of things that cannot be emulated: tools, images, sampling parameters. */
const NOT_DEGRADABLE = [
  /\btools?\b|tool_choice|function/i,
  /\bimages?\b|image_url|vision|multimodal/i,
  /\b(seed|stop|top_p|temperature|logprobs|n)\b/i,
];

/**
 * The plan for a retry after the provider refused the call (an `unsupported`
 * classification), or null when nothing that was asked for natively can be degraded.
 * Features the refusal names go first; when it names none, every native feature without a
 * probe verdict is degraded at once.
 */
export function degradeAfterRefusal(
  req: ParsedChatRequest,
  plan: CallPlan,
  refusal: { status: number; message: string },
  verdicts: ReadonlyMap<string, LatestVerdict>,
): CallPlan | null {
  const source: DegradationSource = { kind: "refusal", ...refusal };
  const why = `the provider refused it (HTTP ${refusal.status}: ${refusal.message})`;
  const candidates = degradableNow(req, plan);
  const named = REFUSAL_FIELDS.filter((f) => f.pattern.test(refusal.message) && candidates.includes(f.feature)).map(
    (f) => f.feature,
  );
  // A refusal of something no degradation can stand in for (tools, images, a sampling
  // parameter) is reported as it is, rather than turning unrelated features off.
  if (named.length === 0 && NOT_DEGRADABLE.some((p) => p.test(refusal.message))) return null;
  // Naming nothing: every unprobed feature at once, except the token cap (swapping
  // max_tokens blindly could send a field the server ignores).
  const chosen =
    named.length > 0 ? named.slice(0, 1) : candidates.filter((f) => !verdicts.has(f) && f !== "max_tokens");
  if (chosen.length === 0) return null;
  return chosen.reduce((next, feature) => degrade(next, feature, source, why), plan);
}

/** The features of `req` still sent natively under `plan` (candidates for a degraded retry). */
function degradableNow(req: ParsedChatRequest, plan: CallPlan): DegradableFeature[] {
  const out: DegradableFeature[] = [];
  if (plan.stream && plan.includeUsage) out.push("stream_usage");
  if (req.params.maxTokens !== undefined && !plan.degradations.some((d) => d.feature === "max_tokens")) {
    out.push("max_tokens");
  }
  if (plan.format === "native_schema") out.push("structured_output");
  if (plan.format === "native_json" || plan.format === "json_mode_schema") out.push("json_mode");
  if (plan.stream) out.push("streaming");
  return out;
}
