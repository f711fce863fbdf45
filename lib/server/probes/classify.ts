import "server-only";
import type { Verdict } from "@/lib/schemas/probes";
import type { UpstreamFailure } from "../upstream/errors";
import type { DeclaredCapability } from "../upstream/models";
import type { Declared, ProbeOutcome } from "./types";

/**
 * Transport outcomes in verdict terms (DESIGN.md "Verdict semantics"). The rule that matters
 * most: a refusal is `unsupported`, an outage is `error`, and the two are never confused.
 */

/** Statuses that are a server saying "no" to the request as sent. */
const REFUSAL_STATUSES = new Set([400, 404, 405, 415, 422, 501]);

/**
 * A 404 that says the *model* is missing is not a refusal of the feature: every probe would
 * otherwise come out `unsupported` for a typo in the model name. Messages of Ollama
 * ("model \"x\" not found, try pulling it first"), OpenAI/vLLM ("does not exist"), LocalAI
 * ("could not load model").
 */
const MODEL_MISSING = /model\b.*\b(not found|does not exist|could not be found)|could not load model|no such model/i;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Whether `message` names one of `fields` as a word of its own (`n` in "n must be 1" but
 * not in "an error"; `tools` in "Cannot use tools with stream").
 */
export function namesField(message: string, fields: readonly string[]): string | undefined {
  return fields.find((f) => new RegExp(`(^|[^\\w.-])${escapeRegExp(f)}($|[^\\w-])`, "i").test(message));
}

/** The verdict and reason for a failed probe request. */
export function classifyFailure(failure: UpstreamFailure, fields: readonly string[]): ProbeOutcome {
  const said = failure.message;
  if (failure.kind !== "http" || failure.status === undefined) {
    const what: Record<string, string> = {
      timeout: "timed out",
      refused: "connection refused",
      dns: "host name not resolved",
      tls: "TLS handshake failed",
      invalid_response: "malformed response",
      redirect: "redirected",
      aborted: "aborted",
      network: "connection failed",
    };
    return { verdict: "error", reason: `No conclusion: ${what[failure.kind] ?? failure.kind} (${said}).` };
  }
  const status = failure.status;
  if (status === 401 || status === 403) {
    return { verdict: "error", reason: `No conclusion: authentication failed (HTTP ${status}: ${said}).` };
  }
  if (status === 429) return { verdict: "error", reason: `No conclusion: rate limited (HTTP 429: ${said}).` };
  if (status === 404 && MODEL_MISSING.test(said)) {
    return { verdict: "error", reason: `No conclusion: the provider does not serve this model (HTTP 404: ${said}).` };
  }
  if (REFUSAL_STATUSES.has(status)) return { verdict: "unsupported", reason: `Refused with HTTP ${status}: ${said}` };
  if (status === 500) {
    const field = namesField(said, fields);
    // llama.cpp refuses `n` and tools+stream with 500 (QUIRKS.md, ggml-org/llama.cpp#9522).
    if (field) return { verdict: "unsupported", reason: `Refused with HTTP 500 naming "${field}": ${said}` };
  }
  return { verdict: "error", reason: `No conclusion: the server failed (HTTP ${status}: ${said}).` };
}

/** Whether a failure is a refusal (for probes that combine sub-cases). */
export function isRefusal(failure: UpstreamFailure, fields: readonly string[]): boolean {
  return classifyFailure(failure, fields).verdict === "unsupported";
}

/**
 * Declared vs observed for one result: `declared` is whether the server declared the
 * capability (null when it declares nothing, or the feature has no matching capability);
 * `disagreement` is set for "declared but refused" and "not declared but works".
 */
export function compareDeclared(
  capability: DeclaredCapability | undefined,
  declared: Declared,
  verdict: Verdict,
): { declared: boolean | null; disagreement: string | null } {
  if (!capability || !declared) return { declared: null, disagreement: null };
  const has = declared.capabilities.includes(capability);
  if (has && verdict === "unsupported") {
    return { declared: true, disagreement: `Declared "${capability}" (${declared.source}) but observed unsupported.` };
  }
  if (!has && verdict === "supported") {
    return {
      declared: false,
      disagreement: `Not declared as "${capability}" (${declared.source}) but observed supported.`,
    };
  }
  return { declared: has, disagreement: null };
}
