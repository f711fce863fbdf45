import "server-only";
import type { UpstreamFailure } from "../upstream/errors";

/**
 * What a failed provider call means, for every caller (probes, the playground, the
 * gateway): the one rule that tells a refusal from an outage.
 * - `refusal`: the provider said "no" to the request as sent (400/404/405/415/422/501, or a
 *   500 whose own message names a field of the request — llama.cpp refuses with 500). Degrade,
 *   or try a target that can serve it; never counts toward a circuit breaker.
 * - `outage`: the provider failed (connection, timeout, redirect, malformed answer, other 5xx,
 *   429). Retry, then the next target; counts toward the breaker.
 * - `model_missing`: a 404 saying the *model* does not exist: the next target.
 * - `auth`: the provider refused our credentials (401/403): the next target; counts toward
 *   the breaker (retrying a wrong key helps nobody).
 */
export type OutcomeClass = "refusal" | "outage" | "model_missing" | "auth";

/** A classified failure and one phrase saying what happened ("timed out (…)", "HTTP 503: …"). */
export type Outcome = { class: OutcomeClass; status?: number; what: string };

/** Statuses that are a server saying "no" to the request as sent. */
export const REFUSAL_STATUSES: ReadonlySet<number> = new Set([400, 404, 405, 415, 422, 501]);

/** A 404 that says the *model* is missing (Ollama, OpenAI/vLLM, LocalAI, llama.cpp wordings). */
export const MODEL_MISSING =
  /model\b.*\b(not found|does not exist|could not be found)|could not load model|no such model|invalid model identifier/i;

const TRANSPORT: Record<string, string> = {
  timeout: "timed out",
  refused: "connection refused",
  dns: "host name not resolved",
  tls: "TLS handshake failed",
  invalid_response: "malformed response",
  aborted: "aborted",
  network: "connection failed",
  redirect: "redirected",
};

/** Whether a failure never reached an answering server (what makes a provider "unreachable"). */
export function isTransportFailure(f: { kind: string }): boolean {
  return ["timeout", "refused", "dns", "tls", "network", "redirect"].includes(f.kind);
}

/** Longest reason kept. */
export const MAX_REASON = 200;

/** Every string of a request body (what a server may echo back in its error message). */
function stringsOf(value: unknown, out: string[] = [], depth = 0): string[] {
  if (typeof value === "string") out.push(value);
  else if (value && typeof value === "object" && depth < 12) {
    for (const v of Object.values(value)) stringsOf(v, out, depth + 1);
  }
  return out;
}

/**
 * The server's message without the echo of our own request: real servers quote the request
 * back (llama.cpp's "Failed to parse tools: …; tools = [ … ]", whole bodies with a base64
 * image), and a keyword found there says nothing about what was refused.
 */
export function withoutEcho(message: string, requestBody: unknown): string {
  // Bounded work whatever the server sent: its first 4,000 characters, our 200 longest strings.
  let out = message.slice(0, 4000).replace(/data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+/g, "");
  for (const s of stringsOf(requestBody)
    // Content, not vocabulary: "image_url" or "json_schema" in the server's words are its own.
    .filter((x) => x.length >= 8 && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(x))
    .sort((a, b) => b.length - a.length)
    .slice(0, 200)) {
    out = out.split(s).join("");
  }
  // A quoted JSON block (an echoed request or a fragment of one) is not the server's own words.
  return out.replace(/[{[][\s\S]{40,}[}\]]/g, "");
}

/** A reason fit for the matrix: one line, data URLs elided, at most {@link MAX_REASON} characters. */
export function shortReason(text: string): string {
  const flat = text
    .replace(
      /data:[\w/+.-]+;base64,[A-Za-z0-9+/=]{16,}/g,
      (m) => `${m.slice(0, m.indexOf(",") + 1)}… (${m.length} chars)`,
    )
    .replace(/\s+/g, " ")
    .trim();
  return flat.length > MAX_REASON ? `${flat.slice(0, MAX_REASON - 1)}…` : flat;
}

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

/**
 * Classifies a failure. `fields`: words of the request a 500's own message may name to be
 * a refusal (the message, never an echo of the request: see the probes' `withoutEcho`).
 */
export function classifyOutcome(f: UpstreamFailure, fields: readonly string[] = []): Outcome {
  if (f.kind !== "http" || f.status === undefined) {
    return { class: "outage", what: `${TRANSPORT[f.kind] ?? f.kind} (${f.message})` };
  }
  const status = f.status;
  const http = `HTTP ${status}: ${f.message}`;
  if (status === 401 || status === 403) return { class: "auth", status, what: `authentication failed (${http})` };
  if (status === 404 && MODEL_MISSING.test(f.message)) {
    return { class: "model_missing", status, what: `the provider does not serve this model (${http})` };
  }
  if (REFUSAL_STATUSES.has(status)) return { class: "refusal", status, what: http };
  if (status === 500 && namesField(f.message, fields)) return { class: "refusal", status, what: http };
  if (status === 429) return { class: "outage", status, what: `rate limited (${http})` };
  return { class: "outage", status, what: `the server failed (${http})` };
}
