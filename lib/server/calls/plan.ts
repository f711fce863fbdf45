import "server-only";
import { isRecord } from "@/lib/json";
import type { ChatCompletionCreateParams, ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { Degradation, DegradationSource } from "@/lib/schemas/playground";
import type { LatestVerdict } from "./verdicts";

/**
 * Graceful degradation driven by evidence (the seed's `SmartAIClient`), for every caller:
 * before a call, the latest probe verdicts of the provider+model decide how each requested
 * feature is sent; with no verdict, it is sent natively and a refusal degrades the retry.
 * Only what was asked for is ever degraded, and only where the evidence says it is missing
 * (QUIRKS.md: emulating everywhere breaks native support elsewhere). Works on OpenAI chat
 * bodies: the playground builds one, the gateway receives one.
 */

/** A chat-completions body as callers send it (the SDK's type; gateway bodies may carry more). */
export type ChatBody = ChatCompletionCreateParams;

/** What a request asks of a provider, in probe features (plus the words the request log keeps). */
export type Needs = {
  /** Probe features whose verdicts the plan and the routing read. */
  features: string[];
  /** What the request used, for the request log and switch readiness (`tool_choice:required`, `max_completion_tokens`…). */
  used: string[];
};

/** Whether any message carries an image part. */
function hasImages(body: ChatBody): boolean {
  return body.messages.some(
    (m) => Array.isArray(m.content) && m.content.some((p) => isRecord(p) && p.type === "image_url"),
  );
}

/** What a request needs (see {@link Needs}). */
export function requestNeeds(body: ChatBody): Needs {
  const features = new Set<string>();
  const used = new Set<string>();
  /** Needs `feature`'s verdict; the request log keeps `word` (default: the feature). */
  const need = (feature: string | null, word: string | null = feature) => {
    if (feature) features.add(feature);
    if (word) used.add(word);
  };
  const tools = Array.isArray(body.tools) && body.tools.length > 0;
  if (body.stream) {
    need("streaming");
    need("stream_usage", body.stream_options?.include_usage ? "stream_usage" : null);
  }
  if (tools) {
    need("tools");
    if (body.stream) need("tools_streaming");
    const choice = body.tool_choice;
    if (choice === "required") need("tool_choice", "tool_choice:required");
    else if (isRecord(choice)) need("tool_choice", "tool_choice:named");
    else if (choice === "none") need(null, "tool_choice:none");
    if (body.parallel_tool_calls !== undefined) need("parallel_tool_calls");
  }
  if (hasImages(body)) need("vision");
  const format = body.response_format?.type;
  if (format === "json_object") need("json_mode");
  if (format === "json_schema") {
    need("json_mode", null);
    need("structured_output");
  }
  if (body.max_tokens != null) need("max_tokens");
  if (body.max_completion_tokens != null) need("max_tokens", "max_completion_tokens");
  if ((body.n ?? 1) > 1) need("n");
  if (body.logprobs) need("logprobs");
  if (body.stop != null && (typeof body.stop === "string" || body.stop.length > 0)) need("stop");
  if (body.seed != null) need("seed");
  return { features: [...features], used: [...used] };
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

/** The probe features a degradation can stand in for. */
type DegradableFeature =
  | "streaming"
  | "tools_streaming"
  | "stream_usage"
  | "max_tokens"
  | "json_mode"
  | "structured_output"
  | "n"
  | "parallel_tool_calls";

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

type Change = { change: Partial<CallPlan>; label: string; how: string };

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

function withDegradation(plan: CallPlan, change: Change, feature: string, source: DegradationSource, why: string) {
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
function degrade(
  plan: CallPlan,
  body: ChatBody,
  feature: DegradableFeature,
  source: DegradationSource,
  why: string,
  jsonModeMissing = false,
): CallPlan {
  return withDegradation(plan, DEGRADE[feature](plan, body, jsonModeMissing), feature, source, why);
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
      plan = withDegradation(
        plan,
        {
          change: { format: "native_object_schema" },
          label: "Schema in llama.cpp's form",
          how: 'Sent the schema as response_format {type: "json_object", schema} (the server\'s own form, enforced by its grammar), validated the reply with one repair attempt',
        },
        "structured_output",
        fromProbe(structured),
        because(structured),
      );
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
  const bare = (body.tools ?? []).some((t) => t.type === "function" && !t.function.description);
  if (v.flags.includes("requires:tool_description") && bare) {
    next = {
      ...withDegradation(
        next,
        {
          change: {},
          label: "Tool descriptions filled in",
          how: "Gave each tool without a description one (its name): the server refuses tools without a description, which OpenAI's spec makes optional",
        },
        "tools",
        fromProbe(v),
        "the tools probe found it so",
      ),
      fillToolDescriptions: true,
    };
  }
  const nullTurn = body.messages.some(
    (m) => m.role === "assistant" && (m.tool_calls?.length ?? 0) > 0 && (m.content === null || m.content === undefined),
  );
  if (v.flags.includes("requires:tool_call_content") && nullTurn) {
    next = {
      ...withDegradation(
        next,
        {
          change: {},
          label: "Tool-call turns with text",
          how: 'Sent the assistant\'s tool-call turns with content "" instead of null: the server refuses null there',
        },
        "tools",
        fromProbe(v),
        "the tools probe found it so",
      ),
      toolCallContentAsString: true,
    };
  }
  return next;
}

/**
 * Whether the latest verdicts say a target cannot serve what the request needs, even
 * degraded (capability-aware routing): a feature nothing can stand in for that is
 * unsupported (or, for tools, tool_choice, vision and logprobs, only partly honoured).
 */
export function cannotServe(
  needs: Needs,
  verdicts: ReadonlyMap<string, LatestVerdict>,
): { feature: string; verdict: string; reason: string } | null {
  const strict = new Set(["tools", "tool_choice", "vision", "logprobs"]);
  for (const feature of needs.features) {
    const v = verdicts.get(feature);
    if (!v) continue;
    if (
      v.verdict === "unsupported" &&
      ["tools", "tool_choice", "vision", "logprobs", "seed", "stop"].includes(feature)
    ) {
      return { feature, verdict: v.verdict, reason: v.reason };
    }
    if (v.verdict === "partial" && strict.has(feature)) return { feature, verdict: v.verdict, reason: v.reason };
  }
  return null;
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

/** What a refusal's message says was refused, most specific first (features of the request only). */
const FEATURE_WORDS: { feature: string; pattern: RegExp }[] = [
  { feature: "parallel_tool_calls", pattern: /parallel_tool_calls/i },
  { feature: "tool_choice", pattern: /tool_choice/i },
  { feature: "tools_streaming", pattern: /tools?.*stream|stream.*tools?/i },
  { feature: "tools", pattern: /tools?|functions?|tool_calls/i },
  { feature: "vision", pattern: /images?|image_url|vision|multimodal/i },
  { feature: "stream_usage", pattern: /stream_options|include_usage/i },
  { feature: "structured_output", pattern: /json_schema/i },
  { feature: "json_mode", pattern: /json_object|response_format/i },
  { feature: "streaming", pattern: /stream(ing)?/i },
  { feature: "max_tokens", pattern: /max_(completion_)?tokens/i },
  { feature: "logprobs", pattern: /logprobs/i },
  { feature: "seed", pattern: /seed/i },
  { feature: "stop", pattern: /stop/i },
  { feature: "n", pattern: /n|choices?/i },
];

/**
 * The feature of the request a refusal names ("refused: vision"), or the request's only
 * feature when it names none; undefined when it cannot be told.
 */
export function refusedFeature(needs: Needs, message: string): string | undefined {
  const named = FEATURE_WORDS.find((w) => needs.features.includes(w.feature) && w.pattern.test(message));
  if (named) return named.feature;
  return needs.features.length === 1 ? needs.features[0] : undefined;
}

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

/** The instruction that stands in for JSON mode (the simulator and real models follow it). */
export const JSON_INSTRUCTION = "Respond with only a valid JSON object: no prose, no code fences.";

function schemaInstruction(schema: unknown): string {
  return `Respond with only a JSON object that validates against this JSON Schema: no prose, no code fences.\n\`\`\`json\n${JSON.stringify(schema, null, 2)}\n\`\`\``;
}

/** The schema a request asks for (structured output), if any. */
export function requestedSchema(body: ChatBody): Record<string, unknown> | null {
  const f = body.response_format;
  return f?.type === "json_schema" && isRecord(f.json_schema?.schema) ? f.json_schema.schema : null;
}

/** The instruction a degradation adds to the system prompt, if any. */
function instructionOf(body: ChatBody, plan: CallPlan): string | null {
  if (plan.format === "instructed_json") return JSON_INSTRUCTION;
  if (plan.format === "json_mode_schema" || plan.format === "instructed_schema") {
    const schema = requestedSchema(body);
    return schema ? schemaInstruction(schema) : JSON_INSTRUCTION;
  }
  return null;
}

/** The messages with a degradation's instruction joined to the system prompt (or as one). */
function withInstruction(messages: ChatCompletionMessageParam[], instruction: string | null) {
  if (!instruction) return messages;
  const first = messages[0];
  if (first?.role === "system" && typeof first.content === "string") {
    return [{ ...first, content: `${first.content}\n\n${instruction}` }, ...messages.slice(1)];
  }
  return [{ role: "system" as const, content: instruction }, ...messages];
}

/** The body sent upstream for one call under `plan` (`extra`: a repair turn). */
export function applyPlan(body: ChatBody, plan: CallPlan, extra: ChatCompletionMessageParam[] = []): ChatBody {
  const {
    stream: _stream,
    stream_options: _streamOptions,
    response_format: _format,
    max_tokens: maxTokens,
    max_completion_tokens: maxCompletionTokens,
    parallel_tool_calls: parallel,
    n,
    ...rest
  } = body;
  const cap = maxTokens ?? maxCompletionTokens;
  let messages = withInstruction(body.messages, instructionOf(body, plan));
  if (plan.toolCallContentAsString) {
    messages = messages.map((m) =>
      m.role === "assistant" && (m.content === null || m.content === undefined) ? { ...m, content: "" } : m,
    );
  }
  const out: ChatBody = {
    ...rest,
    messages: [...messages, ...extra],
    ...(cap == null ? {} : { [plan.tokenParam]: cap }),
    ...(parallel === undefined || plan.dropParallelToolCalls ? {} : { parallel_tool_calls: parallel }),
    ...(n == null || plan.calls > 1 ? {} : { n }),
  };
  if (plan.fillToolDescriptions && out.tools) {
    out.tools = out.tools.map((t) =>
      t.type === "function" && !t.function.description
        ? { ...t, function: { ...t.function, description: t.function.name } }
        : t,
    );
  }
  const schema = requestedSchema(body);
  if (plan.format === "native_object_schema" && schema) {
    // llama.cpp's own form: a json_object response_format carrying the schema (not in OpenAI's types).
    (out as { response_format?: unknown }).response_format = { type: "json_object", schema };
  } else if (plan.format === "native_json" || plan.format === "json_mode_schema") {
    out.response_format = { type: "json_object" };
  } else if (plan.format === "native_schema" && body.response_format) {
    out.response_format = body.response_format;
  }
  if (!plan.stream) return out;
  const usage = plan.includeUsage && (body.stream_options?.include_usage ?? true);
  return { ...out, stream: true, ...(usage ? { stream_options: { include_usage: true } } : {}) };
}

/** Whether a failed validation gets the one repair attempt (the strategies that emulate). */
export function repairs(plan: CallPlan): boolean {
  return ["json_mode_schema", "instructed_schema", "instructed_json", "native_object_schema"].includes(plan.format);
}
