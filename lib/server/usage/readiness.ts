import "server-only";
import type { ReadinessFeature, ReadinessHandling, ReadinessQuery, ReadinessReport } from "@/lib/schemas/usage";
import { type ChatBody, cannotServe, planCall, requestNeeds } from "../calls/plan";
import { type LatestVerdict, latestVerdicts } from "../calls/verdicts";
import { flushGatewayLog } from "../gateway/log";
import { getProbeSchedule } from "../probes/scheduler";
import { getProvider } from "../providers/service";
import { DAY } from "./cache";
import { featureSets } from "./traffic";
import * as repo from "./repository";

/**
 * Switch readiness: would this route's (or key's) traffic survive a move to another target?
 * The feature sets its requests used (the request log's `features`) are rebuilt as request
 * bodies and handed to the gateway's own planning (calls/plan.ts) with the candidate's latest
 * verdicts — so the answer is what the gateway would do, not a second opinion: `refuse` where
 * capability-aware routing would skip the target, `degrade` where the plan emulates, else
 * `native`.
 */

const TOOL = { type: "function", function: { name: "f", description: "f", parameters: { type: "object" } } };

/** What each word the log keeps adds to a request body. */
const BODY_OF: Record<string, (b: Record<string, unknown>) => void> = {
  streaming: (b) => (b.stream = true),
  stream_usage: (b) => {
    b.stream = true;
    b.stream_options = { include_usage: true };
  },
  tools: (b) => (b.tools = [TOOL]),
  tools_streaming: (b) => {
    b.tools = [TOOL];
    b.stream = true;
  },
  "tool_choice:required": (b) => {
    b.tools = [TOOL];
    b.tool_choice = "required";
  },
  "tool_choice:named": (b) => {
    b.tools = [TOOL];
    b.tool_choice = { type: "function", function: { name: "f" } };
  },
  "tool_choice:none": (b) => {
    b.tools = [TOOL];
    b.tool_choice = "none";
  },
  parallel_tool_calls: (b) => {
    b.tools = [TOOL];
    b.parallel_tool_calls = true;
  },
  vision: (b) =>
    (b.messages = [
      { role: "user", content: [{ type: "image_url", image_url: { url: "data:image/png;base64,AA==" } }] },
    ]),
  json_mode: (b) => (b.response_format = { type: "json_object" }),
  structured_output: (b) =>
    (b.response_format = { type: "json_schema", json_schema: { name: "s", schema: { type: "object" } } }),
  max_tokens: (b) => (b.max_tokens = 16),
  max_completion_tokens: (b) => (b.max_completion_tokens = 16),
  n: (b) => (b.n = 2),
  logprobs: (b) => (b.logprobs = true),
  stop: (b) => (b.stop = ["\n"]),
  seed: (b) => (b.seed = 1),
};

/** The probe feature behind a word the log keeps (`tool_choice:required` → `tool_choice`). */
export function featureOfWord(word: string): string {
  if (word.startsWith("tool_choice:")) return "tool_choice";
  if (word === "max_completion_tokens") return "max_tokens";
  return word;
}

/** A chat body that uses exactly `words` (unknown words add nothing). */
export function bodyOf(words: readonly string[]): ChatBody {
  const body: Record<string, unknown> = { model: "candidate", messages: [{ role: "user", content: "hi" }] };
  for (const w of words) BODY_OF[w]?.(body);
  // Built field by field from the words; the SDK's body type has no index signature to build into.
  return body as unknown as ChatBody;
}

/** What the gateway would do with a request using `words` on a target with `verdicts`. */
export function classify(
  words: readonly string[],
  verdicts: ReadonlyMap<string, LatestVerdict>,
): { handling: Exclude<ReadinessHandling, "unknown">; detail: string | null; feature: string | null } {
  if (words.some((w) => w === "embeddings" || w === "completions")) {
    // Passed through as they are: the target serves the endpoint or it does not.
    const feature = words.includes("embeddings") ? "embeddings" : "completions";
    const v = verdicts.get(feature);
    return v?.verdict === "unsupported" || v?.verdict === "partial"
      ? { handling: "refuse", detail: `${v.verdict}: ${v.reason}`, feature }
      : { handling: "native", detail: null, feature: null };
  }
  if (words.includes("responses")) return classifyResponses(words, verdicts);
  const body = bodyOf(words);
  const blocked = cannotServe(requestNeeds(body), verdicts);
  if (blocked) return { handling: "refuse", detail: `${blocked.verdict}: ${blocked.reason}`, feature: blocked.feature };
  const plan = planCall(body, verdicts);
  if (plan.degradations.length > 0) {
    return { handling: "degrade", detail: plan.degradations.map((d) => d.label).join("; "), feature: null };
  }
  return { handling: "native", detail: null, feature: null };
}

/** What the gateway does with `/v1/responses` for a target without the endpoint (lib/server/gateway/responses.ts). */
const BRIDGED = "/v1/responses bridged to chat completions";

/**
 * A `/v1/responses` request: passed through where the target serves the endpoint, otherwise
 * bridged to chat completions (a degradation), where the rest of its words are judged as chat.
 */
function classifyResponses(words: readonly string[], verdicts: ReadonlyMap<string, LatestVerdict>) {
  const chat = classify(
    words.filter((w) => w !== "responses"),
    verdicts,
  );
  if (verdicts.get("responses")?.verdict === "supported" || chat.handling === "refuse") return chat;
  const detail = chat.handling === "degrade" ? `${BRIDGED}; ${chat.detail}` : BRIDGED;
  return { handling: "degrade" as const, detail, feature: null };
}

const parseWords = (text: string): string[] => {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((w): w is string => typeof w === "string") : [];
  } catch {
    return [];
  }
};

const FEATURE_PHRASE: Record<string, string> = {
  tools_streaming: "tools while streaming",
  tool_choice: "tool_choice",
  vision: "images",
  logprobs: "logprobs",
};

const percent = (n: number, of: number) => {
  const p = (100 * n) / of;
  return p >= 1 || p === 0 ? `${Math.round(p)} %` : "< 1 %";
};

/** What the traffic's feature sets come to on the candidate: requests, the ones it would break and why. */
function tallyTraffic(sets: ReadonlyMap<string, number>, verdicts: ReadonlyMap<string, LatestVerdict>) {
  let requests = 0;
  let breaking = 0;
  const reasons = new Map<string, number>();
  const perWord = new Map<string, number>();
  for (const [text, n] of sets) {
    const words = parseWords(text);
    requests += n;
    for (const w of words) perWord.set(w, (perWord.get(w) ?? 0) + n);
    const c = classify(words, verdicts);
    if (c.handling === "refuse") {
      breaking += n;
      const why = `${FEATURE_PHRASE[c.feature ?? ""] ?? c.feature ?? "a feature"} is ${verdicts.get(c.feature ?? "")?.verdict ?? "refused"}`;
      reasons.set(why, (reasons.get(why) ?? 0) + n);
    }
  }
  return { requests, breaking, reasons, perWord };
}

/** One row per word used, most requests first: its verdict on the candidate and what the gateway would do. */
function featureRows(
  perWord: ReadonlyMap<string, number>,
  verdicts: ReadonlyMap<string, LatestVerdict>,
): ReadinessFeature[] {
  return [...perWord.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([used, n]) => {
      const feature = featureOfWord(used);
      const v = verdicts.get(feature) ?? null;
      const c = classify([used], verdicts);
      return {
        used,
        feature,
        requests: n,
        verdict: v ? { verdict: v.verdict, reason: v.reason, at: v.at, runId: v.runId } : null,
        handling: !v && c.handling === "native" ? "unknown" : c.handling,
        detail: c.detail,
      };
    });
}

/** The one-line answer and its verdict ("safe to switch", "works with 2 degradations", "would break …"). */
function answerOf(
  traffic: ReturnType<typeof tallyTraffic>,
  features: readonly ReadinessFeature[],
  days: number,
  needsProbe: boolean,
): { answer: string; verdict: ReadinessReport["verdict"] } {
  const { requests, breaking, reasons } = traffic;
  const degradations = new Set(features.filter((f) => f.handling === "degrade").map((f) => f.detail));
  let answer: string;
  let verdict: ReadinessReport["verdict"];
  if (requests === 0) {
    verdict = "no_traffic";
    answer = `no requests in the last ${days} days to judge from`;
  } else if (breaking > 0) {
    verdict = "breaks";
    const top = [...reasons.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    answer = `would break ${percent(breaking, requests)} of requests: ${top}`;
  } else if (degradations.size > 0) {
    verdict = "degrades";
    answer = `works with ${degradations.size} degradation${degradations.size === 1 ? "" : "s"}`;
  } else {
    verdict = "safe";
    answer = "safe to switch";
  }
  if (needsProbe && verdict !== "no_traffic") answer += " (some verdicts are missing or old: probe this target)";
  return { answer, verdict };
}

/** The switch-readiness report of a route or key for one candidate target. */
export async function getReadiness(query: ReadinessQuery, now = Date.now()): Promise<ReadinessReport> {
  await flushGatewayLog();
  const [provider, sets, verdicts, schedule, keyName] = await Promise.all([
    getProvider(query.providerId),
    featureSets({ route: query.route, keyId: query.keyId }, now - query.days * DAY, now),
    latestVerdicts(query.providerId, query.model),
    getProbeSchedule(query.providerId),
    query.keyId ? repo.findKeyName(query.keyId) : null,
  ]);
  const maxAgeMs = (schedule.intervalMinutes ?? 7 * 24 * 60) * 60_000;
  const traffic = tallyTraffic(sets, verdicts);
  const features = featureRows(traffic.perWord, verdicts);
  const needsProbe = features.some((f) => !f.verdict || now - Date.parse(f.verdict.at) > maxAgeMs);
  const { answer, verdict } = answerOf(traffic, features, query.days, needsProbe);
  return {
    scope: { route: query.route ?? null, keyId: query.keyId ?? null, keyName, days: query.days },
    candidate: { providerId: provider.id, providerName: provider.name, model: query.model },
    requests: traffic.requests,
    breaking: traffic.breaking,
    features,
    answer,
    verdict,
    needsProbe,
    generatedAt: new Date(now).toISOString(),
  };
}
