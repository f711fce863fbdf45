import "server-only";
import { isRecord } from "@/lib/json";
import type { ChatBody } from "./plan";
import type { LatestVerdict } from "./verdicts";

/**
 * What a request asks of a provider, in probe features, and what a provider's latest
 * verdicts say it cannot serve: the words routing (capability-aware skipping), the request
 * log and a refusal's reason are told in.
 */

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
