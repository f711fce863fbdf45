import "server-only";
import { isRecord } from "@/lib/json";
import type { AttemptView } from "@/lib/schemas/playground";
import { admit, recordSuccess, releaseTrial } from "../calls/breaker";
import { type Prepared, prepareTarget } from "../calls/engine";
import { finishReason, normalizeUsage } from "../calls/normalize";
import { settleFailedCall } from "../calls/settle";
import type { KeyEntry } from "./config";
import { switchyardHeaders } from "./chat";
import { errorResponse, gatewayHeaders, jsonAnswer } from "./errors";
import { type Unanswered, failureError, skippedKind } from "./failure";
import { logGatewayRequest } from "./log";
import type { Resolved } from "./request";

/**
 * `POST /v1/embeddings` and `POST /v1/completions` (legacy): no degradation to plan, but the
 * same fallback, capability-aware skipping (a target whose probe says the endpoint is
 * unsupported), circuit breaker and OpenAI-shaped answers as chat.
 */

type Endpoint = "embeddings" | "completions";
type Context = {
  key: KeyEntry;
  resolved: Resolved;
  body: Record<string, unknown>;
  signal: AbortSignal;
  startedAt: number;
};

/** Little-endian float32 bytes in base64 (OpenAI's `encoding_format: "base64"`). */
function toBase64(vector: unknown[]): string {
  const floats = Float32Array.from(vector, Number);
  return Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).toString("base64");
}

function fromBase64(text: string): number[] {
  const bytes = Buffer.from(text, "base64");
  return Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.byteLength / 4)));
}

/**
 * OpenAI's shape of an embeddings answer, whatever the upstream added or left out, in the
 * encoding the client asked for: a server that ignores `encoding_format: "base64"` (which
 * the OpenAI SDKs send by default) answers floats, and the SDK would read them as base64.
 */
function normalizeEmbeddings(raw: unknown, model: string, wanted: unknown) {
  const r = isRecord(raw) ? raw : {};
  const base64 = wanted === "base64";
  const data = (Array.isArray(r.data) ? r.data.filter(isRecord) : []).map((d, i) => {
    let embedding = d.embedding;
    if (base64 && Array.isArray(embedding)) embedding = toBase64(embedding);
    else if (!base64 && typeof embedding === "string") embedding = fromBase64(embedding);
    return { object: "embedding" as const, index: typeof d.index === "number" ? d.index : i, embedding };
  });
  const usage = isRecord(r.usage) ? r.usage : {};
  const prompt = typeof usage.prompt_tokens === "number" ? usage.prompt_tokens : 0;
  return {
    object: "list" as const,
    data,
    model: typeof r.model === "string" ? r.model : model,
    usage: {
      prompt_tokens: prompt,
      total_tokens: typeof usage.total_tokens === "number" ? usage.total_tokens : prompt,
    },
  };
}

/** OpenAI's shape of a legacy completion. */
function normalizeCompletion(raw: unknown, model: string) {
  const r = isRecord(raw) ? raw : {};
  const usage = normalizeUsage(r.usage);
  return {
    id: typeof r.id === "string" ? r.id : `cmpl-${crypto.randomUUID().replace(/-/g, "").slice(0, 24)}`,
    object: "text_completion" as const,
    created: typeof r.created === "number" ? Math.trunc(r.created) : Math.floor(Date.now() / 1000),
    model: typeof r.model === "string" ? r.model : model,
    choices: (Array.isArray(r.choices) ? r.choices.filter(isRecord) : []).map((c, i) => ({
      text: typeof c.text === "string" ? c.text : "",
      index: typeof c.index === "number" ? c.index : i,
      logprobs: isRecord(c.logprobs) ? c.logprobs : null,
      finish_reason: finishReason(c.finish_reason) === "length" ? "length" : "stop",
    })),
    ...(usage ? { usage } : {}),
  };
}

/** One passed-through request: its targets tried in order, and the one log row it leaves. */
type Passing = {
  endpoint: Endpoint;
  ctx: Context;
  attempts: AttemptView[];
  failures: number;
  timeouts: number;
  /** Failures that were the server refusing the request (4xx), not an outage. */
  refusals: number;
  /** Milliseconds until each skipped target's open circuit lets a trial through. */
  open: number[];
};

/** Logs the request (the answering target's model, else the last one tried). */
function logPassthrough(
  p: Passing,
  status: number,
  ok: boolean,
  error: string | null,
  usage?: { prompt: number | null; completion: number | null },
) {
  const { ctx, attempts } = p;
  logGatewayRequest({
    keyId: ctx.key.id,
    route: ctx.resolved.route,
    environment: ctx.key.environment,
    endpoint: p.endpoint,
    model: (attempts.find((a) => a.outcome === "answered") ?? attempts.at(-1))?.model ?? String(ctx.body.model),
    status: ok ? "ok" : "error",
    httpStatus: status,
    latencyMs: Math.round(performance.now() - ctx.startedAt),
    ttftMs: null,
    promptTokens: usage?.prompt ?? null,
    completionTokens: usage?.completion ?? null,
    degradations: [],
    attempts,
    features: [p.endpoint],
    error,
  });
}

/**
 * A target the request may go to, with its circuit's trial if it is one; null when it is
 * skipped (gone or disabled, its probe says the endpoint is unsupported, its circuit is open).
 */
function admitTarget(
  p: Passing,
  prepared: Prepared,
): (Extract<Prepared, { callable: unknown }> & { trial: boolean }) | null {
  const feature = p.endpoint;
  if ("skip" in prepared) {
    p.attempts.push({ ...prepared.view, outcome: "skipped", reason: prepared.skip, requests: 0 });
    return null;
  }
  const { view, verdicts } = prepared;
  const verdict = verdicts.get(feature);
  if (verdict?.verdict === "unsupported") {
    p.attempts.push({
      ...view,
      outcome: "skipped",
      reason: `${feature}: unsupported (${verdict.reason})`,
      requests: 0,
    });
    return null;
  }
  const admission = admit(view.providerId, view.model);
  if (!admission.ok) {
    if (admission.until !== null) p.open.push(admission.until - Date.now());
    p.attempts.push({ ...view, outcome: "skipped", reason: `circuit open (${admission.reason})`, requests: 0 });
    return null;
  }
  return { ...prepared, trial: admission.trial };
}

/** Calls one admitted target: its answer in OpenAI's shape, or undefined when it failed (recorded) and the next one is tried. */
async function callTarget(
  p: Passing,
  target: Extract<Prepared, { callable: unknown }> & { trial: boolean },
): Promise<Response | undefined> {
  const { endpoint, ctx, attempts } = p;
  const { view, callable } = target;
  try {
    const body = { ...ctx.body, model: view.model, stream: false };
    const raw =
      endpoint === "embeddings"
        ? await callable.client.post("/embeddings", { body, signal: ctx.signal })
        : await callable.client.post("/completions", { body, signal: ctx.signal });
    recordSuccess(view.providerId, view.model);
    attempts.push({ ...view, outcome: "answered", requests: 1 });
    const out =
      endpoint === "embeddings"
        ? normalizeEmbeddings(raw, view.model, ctx.body.encoding_format)
        : normalizeCompletion(raw, view.model);
    const usage = (out as { usage?: { prompt_tokens?: number; completion_tokens?: number } }).usage;
    logPassthrough(p, 200, true, null, {
      prompt: usage?.prompt_tokens ?? null,
      completion: usage?.completion_tokens ?? null,
    });
    return jsonAnswer(out, 200, gatewayHeaders(switchyardHeaders(ctx.resolved.route, view, [], attempts)));
  } catch (err) {
    if (ctx.signal.aborted) {
      if (target.trial) releaseTrial(view.providerId, view.model);
      attempts.push({ ...view, outcome: "failed", reason: "stopped by the caller", requests: 1 });
      logPassthrough(p, 499, false, "stopped by the caller");
      return new Response(null, { status: 499 });
    }
    const { failure, outcome } = settleFailedCall(err, callable, view, target.trial, ctx.body);
    p.failures++;
    if (failure.kind === "timeout") p.timeouts++;
    if (outcome.class === "refusal") p.refusals++;
    attempts.push({
      ...view,
      outcome: outcome.class === "refusal" ? "refused" : "failed",
      reason: outcome.class === "refusal" ? `refused: ${endpoint} (${outcome.what})` : outcome.what,
      requests: 1,
      ...(failure.status === undefined ? {} : { status: failure.status }),
    });
    return undefined;
  }
}

/**
 * Why no target answered, in the engine's terms (calls/fallback-ledger.ts) so that chat and
 * these endpoints say the same: a request every asked server refused is the client's 400 with
 * the servers' words (not a 502); an open circuit's Retry-After is the breaker's.
 */
function unanswered(p: Passing): Unanswered {
  const { endpoint, attempts, failures, timeouts, refusals } = p;
  const each = attempts.map((a) => `${a.providerName}: ${a.reason}`).join("; ");
  if (failures === 0) {
    const kind = skippedKind(attempts);
    return {
      kind,
      feature: endpoint,
      message: `No target can serve ${endpoint}: ${each}`,
      attempts,
      ...(kind === "circuit_open" && p.open.length > 0 ? { retryAfterMs: Math.max(1000, Math.min(...p.open)) } : {}),
    };
  }
  // Every server that was asked refused the request (4xx): the request is the problem, not the servers.
  const refused = refusals === failures;
  return {
    kind: refused ? "refused" : "outage",
    message: `${refused ? "Every target refused the request" : "Every target failed"} — ${each}`,
    attempts,
    ...(timeouts === failures ? { timedOut: true } : {}),
  };
}

/** Calls the targets in order until one answers. */
export async function gatewayPassthrough(endpoint: Endpoint, ctx: Context): Promise<Response> {
  const p: Passing = { endpoint, ctx, attempts: [], failures: 0, timeouts: 0, refusals: 0, open: [] };
  for (const target of ctx.resolved.targets) {
    const admitted = admitTarget(p, await prepareTarget(target));
    if (!admitted) continue;
    const answer = await callTarget(p, admitted);
    if (answer) return answer;
  }
  const err = failureError(unanswered(p));
  logPassthrough(p, err.status, false, err.message);
  return errorResponse(err);
}
