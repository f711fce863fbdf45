import type { AttemptView, Degradation, ReplyMetrics, ReplyValidation } from "@/lib/schemas/playground";

/** Wording shared by live replies, shared sessions and the request log. */

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "–";
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** "first token 120 ms · 42.1 tok/s · 12 prompt + 58 completion tokens · total 1.40 s" (the answering target's timing). */
export function metricsParts(m: ReplyMetrics): string[] {
  return [
    `first token ${formatMs(m.ttftMs)}`,
    m.tokensPerSecond === null ? "tok/s unknown" : `${m.tokensPerSecond.toFixed(1)} tok/s`,
    m.usage ? `${m.usage.promptTokens} prompt + ${m.usage.completionTokens} completion tokens` : "usage not reported",
    `total ${formatMs(m.totalMs)}`,
  ];
}

/** "2.01 s lost to 2 failed targets first", or null when nothing was lost. */
export function lostTimeText(m: ReplyMetrics, failedTargets: number): string | null {
  if (!m.lostMs || failedTargets === 0) return null;
  return `${formatMs(m.lostMs)} lost to ${failedTargets === 1 ? "a failed target" : `${failedTargets} failed targets`} first`;
}

/** What a degradation's decision rests on, in words (the popover links to the run or the call). */
export function degradationSourceText(d: Degradation): string {
  const s = d.source;
  if (s.kind === "probe") return `Decided from the latest probe of this model: its verdict was ${s.verdict}.`;
  return `The provider refused the first try with HTTP ${s.status}: ${s.message}`;
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
