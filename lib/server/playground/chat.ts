import "server-only";
import crypto from "node:crypto";
import { getEnv } from "@/lib/env";
import type {
  AttemptView,
  ChatEvent,
  Degradation,
  ParsedChatRequest,
  ReplyMetrics,
  ToolCall,
} from "@/lib/schemas/playground";
import {
  type EngineFailure,
  type EngineResult,
  type EngineSink,
  type EngineSuccess,
  type EngineTiming,
  type Prepared,
  runChatCall,
} from "../calls/engine";
import type { SessionUser } from "../session";
import { recordRequest } from "./request-log";
import { toChatBody } from "./chat-body";
import { ownsPlaygroundSession } from "./sessions";

/**
 * One playground call through the call engine (lib/server/calls/engine.ts): targets in
 * order, each shaped by its latest verdicts, streamed to the browser as it arrives, then
 * recorded in the request log. The playground's own rules on top of the engine's:
 * - a refusal is not an outage: it degrades the retry on the same target, and never moves
 *   to the next one (the gateway's policy moves on);
 * - every target is called as asked: no capability-based skipping (people try things here);
 * - a streamed reply that is repaired is shown as it came, then reset.
 */

/** Who is calling and where events go. `emit` must never throw (the browser may be gone). */
export type ChatContext = {
  user: SessionUser;
  emit: (event: ChatEvent) => void;
  signal: AbortSignal;
};

/**
 * The reply's metrics describe the target that answered: time to first token from when *that*
 * target was called, tokens per second over its own generation; the time spent on targets that
 * failed before it is `lostMs`, and `totalMs` is the whole call as the browser waited for it.
 */
function metricsOf(t: EngineTiming, result?: { usage: ReplyMetrics["usage"]; deltas: number }): ReplyMetrics {
  const tokens = result ? (result.usage?.completionTokens ?? result.deltas) : 0;
  // Generation runs from the first token to the end; a reply that arrived in one piece (not
  // streamed) shows no generation of its own, so its rate is over the target's whole time.
  const streamed = result !== undefined && result.deltas > 1 && t.firstTokenAt !== null;
  const generatingMs = streamed ? t.endedAt - t.firstTokenAt! : t.endedAt - t.targetStartedAt;
  return {
    ttftMs: t.firstTokenAt === null ? null : Math.round(t.firstTokenAt - t.targetStartedAt),
    totalMs: Math.round(t.endedAt - t.startedAt),
    lostMs: t.lostMs,
    tokensPerSecond: tokens > 0 && generatingMs > 0 ? Math.round((tokens / generatingMs) * 10_000) / 10 : null,
    usage: result?.usage ?? null,
  };
}

/** The session to link a call to in the log: only the caller's own (checked after the reply, off the first-token path). */
async function linkedSession(sessionId: string | undefined, userId: string): Promise<string | null> {
  return sessionId && (await ownsPlaygroundSession(sessionId, userId)) ? sessionId : null;
}

function usageOf(result: EngineResult): ReplyMetrics["usage"] {
  const u = result.ok ? result.completion.usage : undefined;
  return u
    ? { promptTokens: u.prompt_tokens, completionTokens: u.completion_tokens, totalTokens: u.total_tokens }
    : null;
}

const ERROR_KIND: Record<Exclude<EngineResult, { ok: true }>["kind"], Extract<ChatEvent, { type: "error" }>["kind"]> = {
  refused: "refused",
  stream: "stream",
  outage: "outage",
  circuit_open: "outage",
  unservable: "outage",
  aborted: "aborted",
};

/** How a call ended, as its request-log row says. */
type Ending = {
  status: "ok" | "error" | "aborted";
  metrics: ReplyMetrics;
  httpStatus: number | null;
  error: string | null;
};

/** Records the call in the request log; resolves with the row's id, or null when it could not be written. */
async function recordCall(
  req: ParsedChatRequest,
  ctx: ChatContext,
  result: { attempts: AttemptView[]; degradations: Degradation[]; timing: EngineTiming },
  { status, metrics, httpStatus, error }: Ending,
): Promise<string | null> {
  try {
    const { attempts, timing } = result;
    return await recordRequest({
      source: "playground",
      userId: ctx.user.id,
      sessionId: await linkedSession(req.sessionId, ctx.user.id),
      route: null,
      environment: getEnv().environment,
      // The model that answered, else the last one tried.
      model: (attempts.find((a) => a.outcome === "answered") ?? attempts.at(-1))?.model ?? req.target.model,
      status,
      httpStatus,
      latencyMs: metrics.totalMs,
      // From the start of the call to the first token, as the caller waited.
      ttftMs: timing.firstTokenAt === null ? null : Math.round(timing.firstTokenAt - timing.startedAt),
      promptTokens: metrics.usage?.promptTokens ?? null,
      completionTokens: metrics.usage?.completionTokens ?? null,
      degradations: result.degradations,
      attempts,
      error,
    });
  } catch (err) {
    console.error("[playground] could not record the request:", err instanceof Error ? err.message : err);
    return null;
  }
}

/** The engine's events as the browser's: attempts, degradations, choice 0's text, resets. */
function playgroundSink(ctx: ChatContext): EngineSink {
  return {
    onAttempt: (target, index) => ctx.emit({ type: "attempt", target, index }),
    onDegradation: (degradation) => ctx.emit({ type: "degradation", degradation }),
    onChunk: (chunk) => {
      for (const c of chunk.choices) {
        if (c.index === 0 && c.delta.content) ctx.emit({ type: "delta", content: c.delta.content });
      }
    },
    onReset: (reason) => ctx.emit({ type: "reset", reason }),
  };
}

/** An answered call: recorded, then `done` with the reply, what was done and the metrics. */
async function finishAnswered(req: ParsedChatRequest, ctx: ChatContext, result: EngineSuccess): Promise<void> {
  const metrics = metricsOf(result.timing, { usage: usageOf(result), deltas: result.deltas });
  const logId = await recordCall(req, ctx, result, { status: "ok", metrics, httpStatus: 200, error: null });
  const message = result.completion.choices[0]?.message;
  const toolCalls: ToolCall[] = (message?.tool_calls ?? []).flatMap((c) =>
    c.type === "function" ? [{ id: c.id, name: c.function.name, arguments: c.function.arguments }] : [],
  );
  ctx.emit({
    type: "done",
    content: message?.content ?? "",
    toolCalls,
    finishReason: result.completion.choices[0]?.finish_reason ?? null,
    answeredBy: result.answeredBy,
    attempts: result.attempts,
    degradations: result.degradations,
    metrics,
    validation: result.validation,
    logId: logId ?? "",
  });
}

/** A failed call: recorded, then an `error` event (none when the user stopped it: they know). */
async function finishFailed(req: ParsedChatRequest, ctx: ChatContext, result: EngineFailure): Promise<void> {
  const metrics = metricsOf(result.timing);
  if (result.kind === "aborted") {
    await recordCall(req, ctx, result, { status: "aborted", metrics, httpStatus: null, error: "stopped by the user" });
    return;
  }
  const ending: Ending = { status: "error", metrics, httpStatus: result.status ?? null, error: result.message };
  const logId = await recordCall(req, ctx, result, ending);
  ctx.emit({
    type: "error",
    message: result.message,
    ...(result.status === undefined ? {} : { status: result.status }),
    kind: ERROR_KIND[result.kind],
    content: result.content,
    attempts: result.attempts,
    degradations: result.degradations,
    metrics,
    logId,
  });
}

/** A bug or the database going away mid-call: logged with an id, reported. */
function reportCrash(ctx: ChatContext, err: unknown): void {
  const id = crypto.randomUUID();
  console.error(`[error ${id}] playground call failed:`, err instanceof Error ? (err.stack ?? err.message) : err);
  const at = performance.now();
  ctx.emit({
    type: "error",
    message: `Something went wrong on the server (error id ${id}).`,
    kind: "stream",
    content: "",
    attempts: [],
    degradations: [],
    metrics: metricsOf({ startedAt: at, targetStartedAt: at, firstTokenAt: null, endedAt: at, lostMs: 0 }),
    logId: null,
  });
}

/** Runs the call to completion (events through `ctx.emit`), then records it. Never throws. */
export async function runPlaygroundChat(req: ParsedChatRequest, ctx: ChatContext, first?: Prepared): Promise<void> {
  try {
    const result = await runChatCall({
      body: toChatBody(req, req.target.model),
      targets: [req.target, ...req.fallbacks],
      policy: { routeByCapability: false, refusalMovesOn: false, holdValidatedStreams: false },
      signal: ctx.signal,
      ...(first ? { first } : {}),
      sink: playgroundSink(ctx),
    });
    if (result.ok) await finishAnswered(req, ctx, result);
    else await finishFailed(req, ctx, result);
  } catch (err) {
    reportCrash(ctx, err);
  }
}
