import "server-only";
import type OpenAI from "openai";
import type { ChatCompletionCreateParams, ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { getEnv } from "@/lib/env";
import type {
  AttemptView,
  ChatEvent,
  Degradation,
  ParsedChatRequest,
  ReplyMetrics,
  Target,
  TargetView,
} from "@/lib/schemas/playground";
import { classifyFailure } from "../probes/classify";
import { type ResolvedProvider, resolveProvider } from "../providers/service";
import type { SessionUser } from "../session";
import { createUpstreamClient } from "../upstream/client";
import { type UpstreamFailure, UpstreamError, classifyUpstreamError, providerSecrets } from "../upstream/errors";
import { type CallResult, callProvider } from "./call";
import { type CallPlan, type LatestVerdict, degradeAfterRefusal, planCall } from "./degradation";
import { recordRequest } from "./request-log";
import { buildUpstreamBody, repairMessages, repairs, validateReply } from "./request-body";
import { latestVerdicts } from "./verdicts";

/**
 * One playground call: targets in order (the seed's `FallbackClient`), each shaped by its
 * latest probe verdicts (`SmartAIClient`), streamed to the browser as it arrives, then
 * recorded in the request log. The rules that matter:
 * - a refusal (an `unsupported` classification) is not an outage: it degrades the retry on
 *   the same target, and never moves to the next one;
 * - an outage (connection error, timeout, 5xx, 429, auth) before anything reached the
 *   browser moves to the next target; after the first token it ends the reply with an error;
 * - the browser stopping (signal) aborts the upstream request at once.
 */

/** Degraded retries of one target after refusals, at most. */
const MAX_REFUSAL_ROUNDS = 3;

/** Request fields a 500's message may name to count as a refusal (llama.cpp refuses with 500). */
const REFUSABLE_FIELDS = [
  "response_format",
  "json_schema",
  "json_object",
  "stream",
  "stream_options",
  "tools",
  "tool_choice",
  "max_tokens",
  "max_completion_tokens",
  "seed",
  "stop",
  "top_p",
  "temperature",
  "image_url",
];

/** Who is calling and where events go. `emit` must never throw (the browser may be gone). */
export type ChatContext = {
  user: SessionUser;
  emit: (event: ChatEvent) => void;
  signal: AbortSignal;
};

type Reply = { result: CallResult; degradations: Degradation[]; validation: ReturnType<typeof validateReply> };

/** Thrown inside one target's attempt: what happened and whether anything reached the browser. */
class AttemptFailure extends Error {
  constructor(
    readonly failure: UpstreamFailure,
    readonly sentAnything: boolean,
    readonly refused: boolean,
  ) {
    super(failure.message);
  }
}

function view(target: Target, provider: { name: string } | null): TargetView {
  return { providerId: target.providerId, providerName: provider?.name ?? "a deleted provider", model: target.model };
}

/** A target ready to call (its provider with secrets, and its latest verdicts), or why it is skipped. */
export type PreparedTarget =
  | { provider: ResolvedProvider; verdicts: ReadonlyMap<string, LatestVerdict> }
  | { skip: "missing" | "disabled"; reason: string };

/** Loads the provider and its verdicts together (both lie on the path to the first token). */
export async function prepareTarget(target: Target): Promise<PreparedTarget> {
  const [provider, verdicts] = await Promise.all([
    resolveProvider(target.providerId).catch(() => null),
    latestVerdicts(target.providerId, target.model),
  ]);
  if (!provider) return { skip: "missing", reason: "the provider no longer exists" };
  if (!provider.enabled) return { skip: "disabled", reason: "the provider is disabled" };
  return { provider, verdicts };
}

/** Runs the call to completion (events through `ctx.emit`), then records it. Never throws. */
export async function runPlaygroundChat(
  req: ParsedChatRequest,
  ctx: ChatContext,
  first?: PreparedTarget,
): Promise<void> {
  const started = performance.now();
  const attempts: AttemptView[] = [];
  const degradations: Degradation[] = [];
  let ttftMs: number | null = null;
  let content = "";
  const elapsed = () => Math.round(performance.now() - started);
  const metrics = (result?: CallResult): ReplyMetrics => {
    const totalMs = elapsed();
    const tokens = result ? (result.usage?.completionTokens ?? result.deltas) : 0;
    const generatingMs = ttftMs === null ? 0 : totalMs - ttftMs;
    return {
      ttftMs,
      totalMs,
      tokensPerSecond: tokens > 0 && generatingMs > 0 ? Math.round((tokens / generatingMs) * 10_000) / 10 : null,
      usage: result?.usage ?? null,
    };
  };
  const log = (status: "ok" | "error" | "aborted", m: ReplyMetrics, httpStatus: number | null, error: string | null) =>
    recordRequest({
      source: "playground",
      userId: ctx.user.id,
      sessionId: req.sessionId ?? null,
      route: null,
      environment: getEnv().environment,
      model: req.target.model,
      status,
      httpStatus,
      latencyMs: m.totalMs,
      ttftMs: m.ttftMs,
      promptTokens: m.usage?.promptTokens ?? null,
      completionTokens: m.usage?.completionTokens ?? null,
      degradations,
      attempts,
      error,
    }).catch((err: unknown) => {
      console.error("[playground] could not record the request:", err instanceof Error ? err.message : err);
      return null;
    });

  const targets = [req.target, ...req.fallbacks];
  let lastFailure: UpstreamFailure | undefined;
  for (const [index, target] of targets.entries()) {
    const loaded = index === 0 && first ? first : await prepareTarget(target);
    if ("skip" in loaded) {
      attempts.push({ ...view(target, null), outcome: "skipped", reason: loaded.reason, requests: 0 });
      continue;
    }
    const { provider, verdicts } = loaded;
    const targetView = view(target, provider);
    ctx.emit({ type: "attempt", target: targetView, index });
    const counter = { requests: 0 };
    try {
      const reply = await attemptTarget(req, target, { provider, verdicts }, counter, ctx, degradations, {
        onDelta(text) {
          if (ttftMs === null) ttftMs = elapsed();
          content += text;
          ctx.emit({ type: "delta", content: text });
        },
        onReset(reason) {
          content = "";
          ctx.emit({ type: "reset", reason });
        },
      });
      attempts.push({ ...targetView, outcome: "answered", requests: counter.requests });
      const m = metrics(reply.result);
      const logId = await log("ok", m, 200, null);
      ctx.emit({
        type: "done",
        content: reply.result.content,
        toolCalls: reply.result.toolCalls,
        finishReason: reply.result.finishReason,
        answeredBy: targetView,
        attempts,
        degradations,
        metrics: m,
        validation: reply.validation,
        logId: logId ?? "",
      });
      return;
    } catch (err) {
      if (!(err instanceof AttemptFailure)) throw err;
      const { failure } = err;
      const status = failure.status;
      if (ctx.signal.aborted) {
        attempts.push({ ...targetView, outcome: "failed", reason: "stopped by the user", requests: counter.requests });
        await log("aborted", metrics(), null, "stopped by the user");
        return;
      }
      if (err.refused || err.sentAnything) {
        attempts.push({
          ...targetView,
          outcome: err.refused ? "refused" : "failed",
          reason: failure.message,
          ...(status === undefined ? {} : { status }),
          requests: counter.requests,
        });
        const m = metrics();
        const message = err.refused
          ? `${provider.name} refused the request (HTTP ${status}): ${failure.message}`
          : `The reply from ${provider.name} broke off: ${failure.message}${status ? ` (HTTP ${status})` : ""}`;
        const logId = await log("error", m, status ?? null, message);
        ctx.emit({
          type: "error",
          message,
          ...(status === undefined ? {} : { status }),
          kind: err.refused ? "refused" : "stream",
          content,
          attempts,
          degradations,
          metrics: m,
          logId,
        });
        return;
      }
      lastFailure = failure;
      const reason = classifyFailure(failure, REFUSABLE_FIELDS).reason.replace(/^No conclusion: /, "");
      attempts.push({
        ...targetView,
        outcome: "failed",
        reason,
        ...(status === undefined ? {} : { status }),
        requests: counter.requests,
      });
    }
  }
  const m = metrics();
  const tried = attempts.map((a) => `${a.providerName}: ${a.reason ?? a.outcome}`).join("; ");
  const message =
    attempts.length === 1 && lastFailure
      ? `${attempts[0]!.providerName} failed before answering: ${attempts[0]!.reason}`
      : `Every target failed before answering — ${tried}`;
  const logId = await log("error", m, lastFailure?.status ?? null, message);
  ctx.emit({
    type: "error",
    message,
    ...(lastFailure?.status === undefined ? {} : { status: lastFailure.status }),
    kind: "outage",
    content: "",
    attempts,
    degradations,
    metrics: m,
    logId,
  });
}

type Sink = { onDelta: (text: string) => void; onReset: (reason: string) => void };

/**
 * Everything that happens at one target: the plan from its verdicts, degraded retries after
 * refusals, validation and one repair. Resolves with the reply; throws {@link AttemptFailure}.
 */
async function attemptTarget(
  req: ParsedChatRequest,
  target: Target,
  { provider, verdicts }: { provider: ResolvedProvider; verdicts: ReadonlyMap<string, LatestVerdict> },
  counter: { requests: number },
  ctx: ChatContext,
  degradations: Degradation[],
  sink: Sink,
): Promise<Reply> {
  let plan: CallPlan = planCall(req, verdicts);
  const announce = (list: Degradation[]) => {
    for (const d of list) {
      degradations.push(d);
      ctx.emit({ type: "degradation", degradation: d });
    }
  };
  announce(plan.degradations);
  let watchdog = new IdleWatchdog(provider.timeoutMs);
  const client = createUpstreamClient(provider, {
    observe: {
      onRequest: () => counter.requests++,
      onResponse: (res) => (res.ok ? watchdog.arm() : watchdog.clear()),
    },
  });
  const secrets = providerSecrets(provider);
  let extra: ChatCompletionMessageParam[] = [];
  let sentAnything = false;
  let repaired = false;
  for (let round = 0; ; round++) {
    let result: CallResult;
    watchdog = new IdleWatchdog(provider.timeoutMs);
    try {
      const body = buildUpstreamBody(req, plan, target.model, extra);
      result = await callOnce(client, body, watchdog, provider.timeoutMs, ctx.signal, (t) => {
        sentAnything = true;
        sink.onDelta(t);
      });
    } catch (err) {
      const failure = classifyUpstreamError(err, secrets);
      const refused = classifyFailure(failure, REFUSABLE_FIELDS).verdict === "unsupported";
      if (refused && !sentAnything && round < MAX_REFUSAL_ROUNDS && failure.status !== undefined) {
        const next = degradeAfterRefusal(req, plan, { status: failure.status, message: failure.message }, verdicts);
        if (next) {
          announce(next.degradations.slice(plan.degradations.length));
          plan = next;
          continue;
        }
      }
      throw new AttemptFailure(failure, sentAnything, refused && !sentAnything);
    }
    const validation = result.toolCalls.length > 0 ? null : validateReply(req, result.content);
    if (validation && !validation.valid && repairs(plan) && !repaired) {
      repaired = true;
      extra = repairMessages(result.content, validation);
      sink.onReset(`The reply was invalid (${validation.error}); asking once more to repair it.`);
      continue;
    }
    return { result, degradations, validation };
  }
}

/**
 * Cuts a reply that goes quiet: the SDK's timeout covers the wait for response headers
 * only, so from a 2xx response on, every delta must come within the provider's timeout.
 */
class IdleWatchdog {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  constructor(private readonly ms: number) {}
  get signal(): AbortSignal {
    return this.controller.signal;
  }
  get fired(): boolean {
    return this.controller.signal.aborted;
  }
  arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.controller.abort(), this.ms);
  }
  clear(): void {
    clearTimeout(this.timer);
  }
}

/** One call under an {@link IdleWatchdog}; deltas go to `onDelta` as they arrive. */
async function callOnce(
  client: OpenAI,
  body: ChatCompletionCreateParams,
  watchdog: IdleWatchdog,
  timeoutMs: number,
  signal: AbortSignal,
  onDelta: (text: string) => void,
): Promise<CallResult> {
  try {
    const calls = callProvider(client, body, AbortSignal.any([signal, watchdog.signal]));
    let step = await calls.next();
    while (!step.done) {
      onDelta(step.value);
      watchdog.arm();
      step = await calls.next();
    }
    return step.value;
  } catch (err) {
    if (watchdog.fired && !signal.aborted) {
      throw new UpstreamError("timeout", `the reply went quiet for ${timeoutMs} ms`);
    }
    throw err;
  } finally {
    watchdog.clear();
  }
}
