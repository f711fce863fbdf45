import "server-only";
import type { Verdict } from "@/lib/schemas/probes";
import type { DeclaredCapability } from "../upstream/models";
import type { Declared, ProbeOutcome } from "./types";
import {
  MAX_REASON,
  classifyOutcome,
  isTransportFailure,
  namesField,
  shortReason,
  withoutEcho,
} from "../calls/outcome";
import type { RequestFailureInfo } from "./upstream";

/**
 * Failed requests in verdict terms (DESIGN.md "Verdict semantics"). The rule that matters
 * most: a refusal is `unsupported`, an outage is `error`, and the two are never confused.
 *
 * A refusal is recognised **by comparison**, whatever its status and wording: when the
 * provider answered the run's baseline (a plain chat) and the request carrying the feature
 * fails with a 4xx or 5xx that repeats on one retry, the feature is what the server refuses
 * (llama.cpp answers `n: 2` with 500 "Only one completion choice is allowed", which names
 * no field). Without a working baseline the status decides (400/404/405/415/422/501), and a
 * 500 whose own message — never the echo of our request — names the feature is the only
 * keyword-based refusal left. A timeout, a connection failure, 401/403, 429, a model the
 * server does not serve, or a 5xx that also happens without the feature stays `error`.
 */

/** Whether the run's plain-chat baseline was answered: the comparison every refusal needs. */
export type Baseline = "ok" | "failed" | "none";

/** What a probe tells the classifier about itself. */
export type ClassifyContext = {
  baseline: Baseline;
  /** What the probe adds to a plain request, for reasons: "`n: 2`". */
  sends: string;
  /** Words that, in a 500's own message, name the feature (secondary signal, no baseline only). */
  fields: readonly string[];
};

/** Re-exported for the probes: the one rule of what a failure means lives in calls/outcome.ts. */
export { MAX_REASON, isTransportFailure, namesField, shortReason, withoutEcho };

/** The verdict and reason for a failed probe request. */
export function classifyFailure(failure: RequestFailureInfo, ctx: ClassifyContext): ProbeOutcome {
  const said = failure.message;
  const outcome = (verdict: Verdict, reason: string): ProbeOutcome => ({ verdict, reason: shortReason(reason) });
  // The shared rule first (calls/outcome.ts), then what only probes can do: compare.
  const base = classifyOutcome(failure);
  const status = failure.status;
  if (status === undefined) return outcome("error", `No conclusion: ${base.what}.`);
  const http = `HTTP ${status}: ${said}`;
  if (base.class === "auth" || status === 429 || base.class === "model_missing") {
    return outcome("error", `No conclusion: ${base.what}.`);
  }
  if (failure.alsoWithoutFeature) {
    return outcome("error", `No conclusion: the server failed (${http}), and a plain chat fails right now too.`);
  }
  if (ctx.baseline === "ok" && failure.repeated) {
    return outcome("unsupported", `HTTP ${status} only when ${ctx.sends} is sent: ${said}`);
  }
  if (base.class === "refusal") return outcome("unsupported", `Refused with HTTP ${status}: ${said}`);
  const field = status === 500 ? namesField(withoutEcho(said, failure.requestBody), ctx.fields) : undefined;
  if (field) return outcome("unsupported", `Refused with HTTP 500 naming "${field}": ${said}`);
  const why = ctx.baseline === "ok" ? "it did not repeat" : "no working plain chat to compare with";
  return outcome("error", `No conclusion: the server failed (${http}); ${why}.`);
}

/** Whether the server said something about `capability` for this model (yes or no). */
export function declares(declared: Declared, capability: DeclaredCapability): boolean {
  return declared !== null && declared.known.includes(capability);
}

/**
 * Declared vs observed for one result: `declared` is whether the server declared the
 * capability (null when it says nothing about it — an absent key is not a "no");
 * `disagreement` is set for "declared but refused" and "declared absent but works".
 */
export function compareDeclared(
  capability: DeclaredCapability | undefined,
  declared: Declared,
  verdict: Verdict,
): { declared: boolean | null; disagreement: string | null } {
  if (!capability || !declared || !declares(declared, capability)) return { declared: null, disagreement: null };
  const has = declared.capabilities.includes(capability);
  if (has && verdict === "unsupported") {
    return { declared: true, disagreement: `Declared "${capability}" (${declared.source}) but observed unsupported.` };
  }
  if (!has && verdict === "supported") {
    return {
      declared: false,
      disagreement: `Declared without "${capability}" (${declared.source}) but observed supported.`,
    };
  }
  return { declared: has, disagreement: null };
}
