import "server-only";
import type { Degradation, DegradationSource, ParsedChatRequest } from "@/lib/schemas/playground";

/**
 * Graceful degradation driven by evidence (the seed's `SmartAIClient`): before a call, the
 * latest probe verdicts of the provider+model decide how each requested feature is sent;
 * with no verdict, the feature is sent natively and a refusal of it degrades the retry.
 * Only what was asked for is ever degraded, and only where the evidence says it is missing
 * (QUIRKS.md: emulating everywhere breaks native support elsewhere).
 */

/** The latest verdict of one feature for one provider+model. */
export type LatestVerdict = { verdict: string; reason: string; runId: string; at: string };

/** The verdicts a request's plan can depend on (only these are read before the call). */
export function relevantFeatures(req: ParsedChatRequest): string[] {
  const out: string[] = [];
  if (req.stream) out.push("streaming", "stream_usage");
  if (req.stream && req.tools && req.tools.length > 0) out.push("tools_streaming");
  if (req.responseFormat.type !== "text") out.push("json_mode");
  if (req.responseFormat.type === "json_schema") out.push("structured_output");
  if (req.params.maxTokens !== undefined) out.push("max_tokens");
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
  | "instructed_schema";

/** How one call is sent. */
export type CallPlan = {
  stream: boolean;
  includeUsage: boolean;
  format: FormatStrategy;
  tokenParam: "max_tokens" | "max_completion_tokens";
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
function wantsCompletionTokens(v: LatestVerdict | undefined): boolean {
  return v?.verdict === "unsupported" && /max_completion_tokens/.test(v.reason);
}

/** The plan for the first call to a provider+model, from its latest verdicts. */
export function planCall(req: ParsedChatRequest, verdicts: ReadonlyMap<string, LatestVerdict>): CallPlan {
  const plan: CallPlan = {
    stream: req.stream,
    includeUsage: req.stream,
    format: "text",
    tokenParam: "max_tokens",
    degradations: [],
  };
  const streaming = verdicts.get("streaming");
  if (req.stream && isMissing(streaming)) {
    plan.stream = false;
    plan.includeUsage = false;
    plan.degradations.push({
      feature: "streaming",
      label: "Streaming emulated",
      detail: `Called without streaming and delivered the reply as one chunk, because ${because(streaming)}`,
      source: fromProbe(streaming),
    });
  }
  const toolsStreaming = verdicts.get("tools_streaming");
  if (plan.stream && req.tools && req.tools.length > 0 && isMissing(toolsStreaming)) {
    plan.stream = false;
    plan.includeUsage = false;
    plan.degradations.push({
      feature: "tools_streaming",
      label: "Tools without streaming",
      detail: `Called without streaming because tools are on, and delivered the reply as one chunk, because ${because(toolsStreaming)}`,
      source: fromProbe(toolsStreaming),
    });
  }
  const usage = verdicts.get("stream_usage");
  if (plan.stream && usage?.verdict === "unsupported") {
    plan.includeUsage = false;
    plan.degradations.push({
      feature: "stream_usage",
      label: "No stream usage",
      detail: `Did not ask for usage in the stream (stream_options), because ${because(usage)}`,
      source: fromProbe(usage),
    });
  }
  const maxTokens = verdicts.get("max_tokens");
  if (req.params.maxTokens !== undefined && wantsCompletionTokens(maxTokens)) {
    plan.tokenParam = "max_completion_tokens";
    plan.degradations.push({
      feature: "max_tokens",
      label: "max_completion_tokens",
      detail: `Sent the token cap as max_completion_tokens instead of max_tokens, because ${because(maxTokens!)}`,
      source: fromProbe(maxTokens!),
    });
  }
  const format = req.responseFormat.type;
  const json = verdicts.get("json_mode");
  if (format === "json_object") {
    plan.format = "native_json";
    if (isMissing(json)) {
      plan.format = "instructed_json";
      plan.degradations.push(jsonDegradation(fromProbe(json), because(json)));
    }
  } else if (format === "json_schema") {
    plan.format = "native_schema";
    const structured = verdicts.get("structured_output");
    if (isMissing(structured)) {
      plan.format = isMissing(json) ? "instructed_schema" : "json_mode_schema";
      plan.degradations.push(schemaDegradation(plan.format, fromProbe(structured), because(structured)));
    }
  }
  return plan;
}

function jsonDegradation(source: DegradationSource, why: string): Degradation {
  return {
    feature: "json_mode",
    label: "JSON by instruction",
    detail: `Asked for JSON in a system instruction instead of response_format json_object and validated the reply, because ${why}`,
    source,
  };
}

function schemaDegradation(format: FormatStrategy, source: DegradationSource, why: string): Degradation {
  const how =
    format === "json_mode_schema"
      ? "Used JSON mode with the schema in a system instruction"
      : "Put the schema in a system instruction (JSON mode is missing too)";
  return {
    feature: "structured_output",
    label: "Schema by instruction",
    detail: `${how}, validated the reply against the schema with one repair attempt, because ${why}`,
    source,
  };
}

/** What a refusal names, from the request fields it can be about. */
const REFUSAL_FIELDS: { feature: string; pattern: RegExp }[] = [
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
  const next: CallPlan = { ...plan, degradations: [...plan.degradations] };
  for (const feature of chosen) {
    if (feature === "stream_usage") {
      next.includeUsage = false;
      next.degradations.push({
        feature,
        label: "No stream usage",
        detail: `Dropped stream_options, because ${why}`,
        source,
      });
    } else if (feature === "max_tokens") {
      next.tokenParam = plan.tokenParam === "max_tokens" ? "max_completion_tokens" : "max_tokens";
      next.degradations.push({
        feature,
        label: next.tokenParam,
        detail: `Sent the token cap as ${next.tokenParam} instead of ${plan.tokenParam}, because ${why}`,
        source,
      });
    } else if (feature === "json_mode") {
      if (plan.format === "json_mode_schema") {
        next.format = "instructed_schema";
        next.degradations.push(schemaDegradation(next.format, source, why));
      } else {
        next.format = "instructed_json";
        next.degradations.push(jsonDegradation(source, why));
      }
    } else if (feature === "structured_output") {
      next.format = "json_mode_schema";
      next.degradations.push(schemaDegradation(next.format, source, why));
    } else if (feature === "streaming") {
      next.stream = false;
      next.includeUsage = false;
      next.degradations.push({
        feature,
        label: "Streaming emulated",
        detail: `Called without streaming and delivered the reply as one chunk, because ${why}`,
        source,
      });
    }
  }
  return next;
}

/** The features of `req` still sent natively under `plan` (candidates for a degraded retry). */
function degradableNow(req: ParsedChatRequest, plan: CallPlan): string[] {
  const out: string[] = [];
  if (plan.stream && plan.includeUsage) out.push("stream_usage");
  if (req.params.maxTokens !== undefined && !plan.degradations.some((d) => d.feature === "max_tokens")) {
    out.push("max_tokens");
  }
  if (plan.format === "native_schema") out.push("structured_output");
  if (plan.format === "native_json" || plan.format === "json_mode_schema") out.push("json_mode");
  if (plan.stream) out.push("streaming");
  return out;
}
