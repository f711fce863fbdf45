import "server-only";
import type { ChatCompletionCreateParams } from "openai/resources/chat/completions";
import type { Degradation, DegradationSource } from "@/lib/schemas/playground";
import {
  type DegradableFeature,
  OBJECT_SCHEMA,
  TOOL_REQUIREMENTS,
  because,
  degrade,
  fromProbe,
  isMissing,
  wantsCompletionTokens,
  withDegradation,
} from "./degradations";
import type { LatestVerdict } from "./verdicts";

/**
 * Graceful degradation driven by evidence (the seed's `SmartAIClient`), for every caller:
 * before a call, the latest probe verdicts of the provider+model decide how each requested
 * feature is sent; with no verdict, it is sent natively and a refusal degrades the retry.
 * Only what was asked for is ever degraded, and only where the evidence says it is missing
 * (QUIRKS.md: emulating everywhere breaks native support elsewhere). Works on OpenAI chat
 * bodies: the playground builds one, the gateway receives one.
 */

// What a request needs, and a plan carried out on the body, live in modules of their own.
export { type Needs, cannotServe, refusedFeature, requestNeeds } from "./needs";
export { JSON_INSTRUCTION, applyPlan, repairs, requestedSchema } from "./apply-plan";

/** A chat-completions body as callers send it (the SDK's type; gateway bodies may carry more). */
export type ChatBody = ChatCompletionCreateParams;

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
  /** Give every tool a `description` (a server that requires one; optional in the spec). */
  fillToolDescriptions: boolean;
  /** Send assistant tool-call turns with `content: ""` instead of null (a server that refuses null). */
  toolCallContentAsString: boolean;
  /** Leave `parallel_tool_calls` out (a server that refuses it). */
  dropParallelToolCalls: boolean;
  /** Upstream calls made for the `n` choices (n > 1 to a server without `n`: n calls of one). */
  calls: number;
  degradations: Degradation[];
};

/** How a request is sent with nothing degraded. */
function nativePlan(body: ChatBody): CallPlan {
  const format = body.response_format?.type;
  return {
    stream: body.stream === true,
    includeUsage: body.stream === true,
    format: format === "json_object" ? "native_json" : format === "json_schema" ? "native_schema" : "text",
    tokenParam: body.max_completion_tokens != null && body.max_tokens == null ? "max_completion_tokens" : "max_tokens",
    fillToolDescriptions: false,
    toolCallContentAsString: false,
    dropParallelToolCalls: false,
    calls: 1,
    degradations: [],
  };
}

/** The plan for the first call to a provider+model, from its latest verdicts. */
export function planCall(body: ChatBody, verdicts: ReadonlyMap<string, LatestVerdict>): CallPlan {
  let plan = nativePlan(body);
  const by = (feature: DegradableFeature, v: LatestVerdict, jsonModeMissing = false) => {
    plan = degrade(plan, body, feature, fromProbe(v), because(v), jsonModeMissing);
  };
  const tools = Array.isArray(body.tools) && body.tools.length > 0;
  const streaming = verdicts.get("streaming");
  if (plan.stream && isMissing(streaming)) by("streaming", streaming);
  const toolsStreaming = verdicts.get("tools_streaming");
  if (plan.stream && tools && isMissing(toolsStreaming)) by("tools_streaming", toolsStreaming);
  const usage = verdicts.get("stream_usage");
  if (plan.stream && usage?.verdict === "unsupported") by("stream_usage", usage);
  const maxTokens = verdicts.get("max_tokens");
  if (body.max_tokens != null && plan.tokenParam === "max_tokens" && maxTokens && wantsCompletionTokens(maxTokens)) {
    by("max_tokens", maxTokens);
  }
  const json = verdicts.get("json_mode");
  const structured = verdicts.get("structured_output");
  if (plan.format === "native_json" && isMissing(json)) by("json_mode", json);
  if (plan.format === "native_schema" && isMissing(structured)) {
    // The server's own form of a schema, where the probe found it working, before any prompt emulation.
    if (structured.flags.includes("native:json_object_schema")) {
      plan = withDegradation(plan, OBJECT_SCHEMA, "structured_output", fromProbe(structured), because(structured));
    } else {
      by("structured_output", structured, isMissing(json));
    }
  }
  const n = verdicts.get("n");
  if ((body.n ?? 1) > 1 && isMissing(n)) by("n", n);
  const parallel = verdicts.get("parallel_tool_calls");
  if (tools && body.parallel_tool_calls !== undefined && parallel?.verdict === "unsupported") {
    by("parallel_tool_calls", parallel);
  }
  const toolsVerdict = verdicts.get("tools");
  if (tools && toolsVerdict) plan = adaptTools(body, plan, toolsVerdict);
  return plan;
}

/** What the tools probe found the server requires beyond the spec, applied with a badge each. */
function adaptTools(body: ChatBody, plan: CallPlan, v: LatestVerdict): CallPlan {
  let next = plan;
  for (const { flag, applies, change } of TOOL_REQUIREMENTS) {
    if (v.flags.includes(flag) && applies(body)) {
      next = withDegradation(next, change, "tools", fromProbe(v), "the tools probe found it so");
    }
  }
  return next;
}

/** What a refusal names, from the request fields it can be about. */
const REFUSAL_FIELDS: { feature: DegradableFeature; pattern: RegExp }[] = [
  { feature: "stream_usage", pattern: /stream_options|include_usage/i },
  { feature: "max_tokens", pattern: /max_(completion_)?tokens/i },
  { feature: "structured_output", pattern: /json_schema/i },
  { feature: "json_mode", pattern: /json_object|response_format/i },
  { feature: "parallel_tool_calls", pattern: /parallel_tool_calls/i },
  { feature: "streaming", pattern: /\bstream(ing)?\b/i },
];

/** Refusals of things that cannot be emulated: tools, images, sampling parameters. */
const NOT_DEGRADABLE = [
  /\btools?\b|tool_choice|function/i,
  /\bimages?\b|image_url|vision|multimodal/i,
  /\b(seed|stop|top_p|temperature|logprobs)\b/i,
];

/**
 * The plan for a retry after the provider refused the call, or null when nothing that was
 * asked for natively can be degraded. Features the refusal names go first; when it names
 * none, every native feature without a probe verdict is degraded at once.
 */
export function degradeAfterRefusal(
  body: ChatBody,
  plan: CallPlan,
  refusal: { status: number; message: string },
  verdicts: ReadonlyMap<string, LatestVerdict>,
): CallPlan | null {
  const source: DegradationSource = { kind: "refusal", ...refusal };
  const why = `the provider refused it (HTTP ${refusal.status}: ${refusal.message})`;
  const candidates = degradableNow(body, plan);
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
  return chosen.reduce((next, feature) => degrade(next, body, feature, source, why), plan);
}

/** The features of `body` still sent natively under `plan` (candidates for a degraded retry). */
function degradableNow(body: ChatBody, plan: CallPlan): DegradableFeature[] {
  const out: DegradableFeature[] = [];
  if (plan.stream && plan.includeUsage) out.push("stream_usage");
  const cap = body.max_tokens ?? body.max_completion_tokens;
  if (cap != null && !plan.degradations.some((d) => d.feature === "max_tokens")) out.push("max_tokens");
  if (plan.format === "native_schema") out.push("structured_output");
  if (plan.format === "native_json" || plan.format === "json_mode_schema") out.push("json_mode");
  if (body.parallel_tool_calls !== undefined && !plan.dropParallelToolCalls) out.push("parallel_tool_calls");
  if (plan.stream) out.push("streaming");
  return out;
}
