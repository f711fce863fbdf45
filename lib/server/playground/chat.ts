import "server-only";
import crypto from "node:crypto";
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
import type { SessionUser } from "../session";
import type { UpstreamFailure } from "../upstream/errors";
import { AttemptFailure, type PreparedTarget, REQUEST_FIELDS, attemptTarget, prepareTarget } from "./attempt";
import type { CallResult } from "./call";
import { recordRequest } from "./request-log";
import { ownsPlaygroundSession } from "./sessions";

/**
 * One playground call: targets in order (the seed's `FallbackClient`), each shaped by its
 * latest probe verdicts (`SmartAIClient`), streamed to the browser as it arrives, then
 * recorded in the request log. The rules that matter:
 * - a refusal (an `unsupported` classification) is not an outage: it degrades the retry on
 *   the same target, and never moves to the next one;
 * - an outage (connection error, timeout, 5xx, 429, auth) before anything reached the
 *   browser moves to the next target; after the first token it ends the reply with an error;
 * - each `attempt` event starts afresh: degradations announced for a target that then
 *   failed do not apply to the next one;
 * - the browser stopping (signal) aborts the upstream request at once.
 */

/** Who is calling and where events go. `emit` must never throw (the browser may be gone). */
export type ChatContext = {
  user: SessionUser;
  emit: (event: ChatEvent) => void;
  signal: AbortSignal;
};

function view(target: Target, provider: { name: string } | null): TargetView {
  return { providerId: target.providerId, providerName: provider?.name ?? "a deleted provider", model: target.model };
}

/**
 * Timing of one call. The reply's metrics describe the target that answered: time to first
 * token from when *that* target was called, tokens per second over its own generation; the
 * time spent on targets that failed before it is reported apart (`lostMs`), and `totalMs`
 * is the whole call as the browser waited for it.
 */
class CallClock {
  private readonly started = performance.now();
  /** When the current target was called. */
  private targetStarted = this.started;
  private firstTokenAt: number | null = null;
  private lostMs = 0;

  elapsed(): number {
    return Math.round(performance.now() - this.started);
  }

  /** A target is about to be called; `afterFailures`: targets before it failed, their time is lost. */
  startTarget(afterFailures: boolean): void {
    this.targetStarted = performance.now();
    this.firstTokenAt = null;
    if (afterFailures) this.lostMs = Math.round(this.targetStarted - this.started);
  }

  firstToken(): void {
    this.firstTokenAt ??= performance.now();
  }

  /** From the start of the call to the first token, as the caller waited (the request log's TTFT). */
  callTtftMs(): number | null {
    return this.firstTokenAt === null ? null : Math.round(this.firstTokenAt - this.started);
  }

  metrics(result?: CallResult): ReplyMetrics {
    const now = performance.now();
    const tokens = result ? (result.usage?.completionTokens ?? result.deltas) : 0;
    // Generation runs from the first token to the end; a reply that arrived in one piece (not
    // streamed) shows no generation of its own, so its rate is over the target's whole time.
    const streamed = result !== undefined && result.deltas > 1 && this.firstTokenAt !== null;
    const generatingMs = streamed ? now - this.firstTokenAt! : now - this.targetStarted;
    return {
      ttftMs: this.firstTokenAt === null ? null : Math.round(this.firstTokenAt - this.targetStarted),
      totalMs: Math.round(now - this.started),
      lostMs: this.lostMs,
      tokensPerSecond: tokens > 0 && generatingMs > 0 ? Math.round((tokens / generatingMs) * 10_000) / 10 : null,
      usage: result?.usage ?? null,
    };
  }
}

/** The session to link a call to in the log: only the caller's own (checked after the reply, off the first-token path). */
async function linkedSession(sessionId: string | undefined, userId: string): Promise<string | null> {
  return sessionId && (await ownsPlaygroundSession(sessionId, userId)) ? sessionId : null;
}

/** Runs the call to completion (events through `ctx.emit`), then records it. Never throws. */
export async function runPlaygroundChat(
  req: ParsedChatRequest,
  ctx: ChatContext,
  first?: PreparedTarget,
): Promise<void> {
  const clock = new CallClock();
  const attempts: AttemptView[] = [];
  let degradations: Degradation[] = [];
  const log = (
    status: "ok" | "error" | "aborted",
    metrics: ReplyMetrics,
    httpStatus: number | null,
    error: string | null,
  ) =>
    linkedSession(req.sessionId, ctx.user.id)
      .then((sessionId) =>
        recordRequest({
          source: "playground",
          userId: ctx.user.id,
          sessionId,
          route: null,
          environment: getEnv().environment,
          // The model that answered, else the last one tried.
          model: (attempts.find((a) => a.outcome === "answered") ?? attempts.at(-1))?.model ?? req.target.model,
          status,
          httpStatus,
          latencyMs: metrics.totalMs,
          ttftMs: clock.callTtftMs(),
          promptTokens: metrics.usage?.promptTokens ?? null,
          completionTokens: metrics.usage?.completionTokens ?? null,
          degradations,
          attempts,
          error,
        }),
      )
      .catch((err: unknown) => {
        console.error("[playground] could not record the request:", err instanceof Error ? err.message : err);
        return null;
      });
  const fail = async (
    kind: Extract<ChatEvent, { type: "error" }>["kind"],
    message: string,
    status: number | undefined,
    content: string,
  ) => {
    const metrics = clock.metrics();
    const logId = await log("error", metrics, status ?? null, message);
    ctx.emit({
      type: "error",
      message,
      ...(status === undefined ? {} : { status }),
      kind,
      content,
      attempts,
      degradations,
      metrics,
      logId,
    });
  };

  try {
    const targets = [req.target, ...req.fallbacks];
    let lastFailure: UpstreamFailure | undefined;
    for (const [index, target] of targets.entries()) {
      const prepared = index === 0 && first ? first : await prepareTarget(req, target);
      if ("skip" in prepared) {
        const name = prepared.providerName === null ? null : { name: prepared.providerName };
        attempts.push({ ...view(target, name), outcome: "skipped", reason: prepared.reason, requests: 0 });
        continue;
      }
      const targetView = view(target, prepared.provider);
      clock.startTarget(attempts.some((a) => a.outcome === "failed"));
      ctx.emit({ type: "attempt", target: targetView, index });
      const counter = { requests: 0 };
      let content = "";
      try {
        const reply = await attemptTarget(req, target, prepared, counter, ctx.signal, {
          onDegradation: (degradation) => ctx.emit({ type: "degradation", degradation }),
          onDelta(text) {
            clock.firstToken();
            content += text;
            ctx.emit({ type: "delta", content: text });
          },
          onReset(reason) {
            content = "";
            ctx.emit({ type: "reset", reason });
          },
        });
        degradations = reply.degradations;
        attempts.push({ ...targetView, outcome: "answered", requests: counter.requests });
        const metrics = clock.metrics(reply.result);
        const logId = await log("ok", metrics, 200, null);
        ctx.emit({
          type: "done",
          content: reply.result.content,
          toolCalls: reply.result.toolCalls,
          finishReason: reply.result.finishReason,
          answeredBy: targetView,
          attempts,
          degradations,
          metrics,
          validation: reply.validation,
          logId: logId ?? "",
        });
        return;
      } catch (err) {
        if (!(err instanceof AttemptFailure)) throw err;
        const { failure } = err;
        const status = failure.status;
        const left = { ...targetView, requests: counter.requests, ...(status === undefined ? {} : { status }) };
        if (ctx.signal.aborted) {
          degradations = err.degradations;
          attempts.push({ ...left, outcome: "failed", reason: "stopped by the user" });
          await log("aborted", clock.metrics(), null, "stopped by the user");
          return;
        }
        if (err.refused || err.sentAnything) {
          degradations = err.degradations;
          attempts.push({ ...left, outcome: err.refused ? "refused" : "failed", reason: failure.message });
          const message = err.refused
            ? `${targetView.providerName} refused the request (HTTP ${status}): ${failure.message}`
            : `The reply from ${targetView.providerName} broke off: ${failure.message}${status ? ` (HTTP ${status})` : ""}`;
          return await fail(err.refused ? "refused" : "stream", message, status, content);
        }
        lastFailure = failure;
        const reason = classifyFailure(
          { ...failure, repeated: false },
          { baseline: "none", sends: "", fields: REQUEST_FIELDS },
        ).reason.replace(/^No conclusion: /, "");
        attempts.push({ ...left, outcome: "failed", reason });
      }
    }
    degradations = [];
    const tried = attempts.map((a) => `${a.providerName}: ${a.reason ?? a.outcome}`).join("; ");
    const only = attempts.length === 1 ? attempts[0] : undefined;
    const message = only
      ? `${only.providerName} failed before answering: ${only.reason}`
      : `Every target failed before answering — ${tried}`;
    await fail("outage", message, lastFailure?.status, "");
  } catch (err) {
    // A bug or the database going away mid-call: logged with an id, recorded, reported.
    const id = crypto.randomUUID();
    console.error(`[error ${id}] playground call failed:`, err instanceof Error ? (err.stack ?? err.message) : err);
    await fail("stream", `Something went wrong on the server (error id ${id}).`, undefined, "");
  }
}
