import type { AttemptView, Degradation, ReplyMetrics, ReplyValidation } from "@/lib/schemas/playground";

/** Wording shared by live replies, shared sessions and the request log. */

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "–";
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** "first token 120 ms · total 1.40 s · 42.1 tok/s · 12 prompt + 58 completion tokens". */
export function metricsParts(m: ReplyMetrics): string[] {
  return [
    `first token ${formatMs(m.ttftMs)}`,
    `total ${formatMs(m.totalMs)}`,
    m.tokensPerSecond === null ? "tok/s unknown" : `${m.tokensPerSecond.toFixed(1)} tok/s`,
    m.usage ? `${m.usage.promptTokens} prompt + ${m.usage.completionTokens} completion tokens` : "usage not reported",
  ];
}

/** Where a degradation decision came from, in words. */
function degradationSource(d: Degradation): string {
  const s = d.source;
  if (s.kind === "probe") return `from probe run ${s.runId} (verdict ${s.verdict}, ${s.at})`;
  return `refusal: HTTP ${s.status} ${s.message}`;
}

/** The badge's tooltip: what was done and why, then its source. */
export function degradationTooltip(d: Degradation): string {
  return `${d.detail} — ${degradationSource(d)}`;
}

/** "OpenAI · gpt-4o failed: HTTP 503 Service Unavailable (3 requests)". */
export function attemptText(a: AttemptView): string {
  const why = [a.status ? `HTTP ${a.status}` : null, a.reason].filter(Boolean).join(" ");
  const requests = a.requests > 1 ? ` (${a.requests} requests)` : "";
  return `${a.providerName} · ${a.model} ${a.outcome}${why ? `: ${why}` : ""}${requests}`;
}

export function validationText(v: ReplyValidation): string {
  if (v.valid) return v.kind === "json" ? "Valid JSON" : "Valid against the schema";
  return `${v.kind === "json" ? "Invalid JSON" : "Does not match the schema"}: ${v.error ?? "no detail"}`;
}

/**
 * A rejected request (JSON error before the stream) with each field named; `fields` is
 * `ApiError.fieldErrors()` (path → message).
 */
export function requestErrorText(status: number, message: string, fields: Record<string, string>): string {
  // The server's message already names the first field problem; list only the others.
  const named = Object.entries(fields)
    .map(([path, why]) => `${path} ${why}`)
    .filter((text) => !message.includes(text));
  const head = status ? `Request rejected (HTTP ${status}): ${message}` : message;
  return named.length ? `${head} — ${named.join("; ")}` : head;
}

/** Whether a reply reads as a raw JSON object (shown verbatim, not as Markdown that could eat `*` or `_`). */
export function looksLikeJson(content: string): boolean {
  return content.trimStart().startsWith("{");
}
