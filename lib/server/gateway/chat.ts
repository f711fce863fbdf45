import "server-only";
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import type { AttemptView, Degradation, TargetView } from "@/lib/schemas/playground";
import { type EngineResult, runChatCall } from "../calls/engine";
import { type ChatBody, type Needs, requestNeeds } from "../calls/plan";
import type { KeyEntry } from "./config";
import { GatewayError, errorResponse, gatewayHeaders, headerValue, jsonAnswer } from "./errors";
import { ClientStream, eventStreamAnswer } from "./client-stream";
import { failureError } from "./failure";
import { logGatewayRequest } from "./log";
import type { Resolved } from "./request";
import { linkSignals } from "@/lib/abort";

/**
 * `POST /v1/chat/completions` at the gateway: the call engine with the gateway's policy —
 * targets whose verdicts say they cannot serve a needed feature are skipped, a refusal moves
 * to the next target, a streamed reply that will be validated is held back — framed in
 * OpenAI's shapes. For streams, the HTTP answer itself waits for the commit point (the
 * answering target's first content or tool-call delta): until then a fallback is invisible;
 * after it, a failure is an error event and the stream ends without `[DONE]`.
 */

export const GATEWAY_POLICY = { routeByCapability: true, refusalMovesOn: true, holdValidatedStreams: true } as const;

/** What the response headers tell about what was done (bodies stay exactly OpenAI's). */
export function switchyardHeaders(
  route: string | null,
  target: TargetView | null,
  degradations: Degradation[],
  attempts: AttemptView[],
) {
  const left = attempts.filter((a) => a.outcome !== "answered");
  return {
    "x-switchyard-route": headerValue(route ?? "direct"),
    ...(target ? { "x-switchyard-target": headerValue(`${target.providerName}/${target.model}`) } : {}),
    "x-switchyard-degradations": headerValue(degradations.map((d) => `${d.feature}: ${d.label}`).join("; ")),
    "x-switchyard-fallbacks": headerValue(
      left.map((a) => `${a.providerName}/${a.model}: ${a.reason ?? a.outcome}`).join("; "),
    ),
  };
}

type Context = { key: KeyEntry; resolved: Resolved; body: ChatBody; signal: AbortSignal; startedAt: number };
/** A chat request under way: what its body needs is worked out once, for the engine and the log. */
type ChatCall = Context & { needs: Needs };

function logOf(ctx: ChatCall, result: EngineResult, httpStatus: number) {
  const usage = result.ok ? result.completion.usage : undefined;
  const t = result.timing;
  logGatewayRequest({
    keyId: ctx.key.id,
    route: ctx.resolved.route,
    environment: ctx.key.environment,
    endpoint: "chat",
    model: (result.attempts.find((a) => a.outcome === "answered") ?? result.attempts.at(-1))?.model ?? ctx.body.model,
    status: result.ok ? "ok" : result.kind === "aborted" ? "aborted" : "error",
    httpStatus,
    latencyMs: Math.round(t.endedAt - ctx.startedAt),
    ttftMs: t.firstTokenAt === null ? null : Math.round(t.firstTokenAt - ctx.startedAt),
    promptTokens: usage?.prompt_tokens ?? null,
    completionTokens: usage?.completion_tokens ?? null,
    degradations: result.degradations,
    attempts: result.attempts,
    features: ctx.needs.used,
    error: result.ok ? null : result.message,
  });
}

const encoder = new TextEncoder();
const frame = (value: unknown) => encoder.encode(`data: ${JSON.stringify(value)}\n\n`);
/** The error event that ends a stream after its commit point (the SDKs raise it as an APIError). */
const errorFrame = (message: string, code: string | null) =>
  frame({ error: { message, type: "server_error", param: null, code } });
const GATEWAY_FAILED = "Something went wrong in the gateway.";

/** Answers a chat completion, streamed or not. */
export async function gatewayChat(ctx: Context): Promise<Response> {
  const call: ChatCall = { ...ctx, needs: requestNeeds(ctx.body) };
  if (!ctx.body.stream) return answerWhole(call);
  return new ChatStream(call).start();
}

async function answerWhole(ctx: ChatCall): Promise<Response> {
  const { body, needs } = ctx;
  const targets = ctx.resolved.targets;
  const result = await runChatCall({ body, targets, policy: GATEWAY_POLICY, signal: ctx.signal, needs });
  if (!result.ok) {
    const err = failureError(result);
    logOf(ctx, result, err.status);
    return errorResponse(err);
  }
  logOf(ctx, result, 200);
  return jsonAnswer(
    result.completion,
    200,
    gatewayHeaders(switchyardHeaders(ctx.resolved.route, result.answeredBy, result.degradations, result.attempts)),
  );
}

/** One streamed chat completion: the HTTP answer is given at the commit point, or as the error when none came. */
class ChatStream {
  private readonly upstreamAbort = new AbortController();
  private readonly linked;
  // The client went away: the upstream call is aborted at once.
  private readonly client = new ClientStream(() => this.upstreamAbort.abort());
  /** Usage only when the client asked for it (the engine asks upstream anyway, for the log). */
  private readonly wantsUsage: boolean;
  private committed = false;
  private current: TargetView | null = null;
  private readonly degradations: Degradation[] = [];
  private readonly attemptsSoFar: AttemptView[] = [];
  private answer!: (res: Response) => void;

  constructor(private readonly ctx: ChatCall) {
    this.wantsUsage = ctx.body.stream_options?.include_usage === true;
    this.linked = linkSignals(ctx.signal, this.upstreamAbort.signal);
  }

  start(): Promise<Response> {
    const { ctx } = this;
    return new Promise<Response>((answer) => {
      this.answer = answer;
      void runChatCall({
        body: ctx.body,
        targets: ctx.resolved.targets,
        policy: GATEWAY_POLICY,
        signal: this.linked.signal,
        needs: ctx.needs,
        sink: {
          onAttempt: (target) => {
            this.current = target;
            this.degradations.length = 0;
          },
          onLeft: (attempt) => this.attemptsSoFar.push(attempt),
          onDegradation: (d) => this.degradations.push(d),
          onChunk: (chunk) => this.onChunk(chunk),
        },
      })
        .then((result) => this.settle(result))
        .catch((err: unknown) => this.crashed(err))
        .finally(this.linked.dispose);
    });
  }

  private onChunk(chunk: ChatCompletionChunk): void {
    let out = chunk;
    if (!this.wantsUsage && chunk.usage) {
      if (chunk.choices.length === 0) return;
      const { usage: _usage, ...rest } = chunk;
      out = rest;
    }
    if (!this.committed) {
      this.committed = true;
      const headers = switchyardHeaders(this.ctx.resolved.route, this.current, this.degradations, this.attemptsSoFar);
      this.answer(eventStreamAnswer(this.client, headers));
    }
    this.client.write(frame(out));
  }

  private settle(result: EngineResult): void {
    if (!result.ok && !this.committed) {
      const err = failureError(result);
      logOf(this.ctx, result, err.status);
      this.answer(errorResponse(err));
      return;
    }
    logOf(this.ctx, result, 200);
    if (result.ok) this.client.write(encoder.encode("data: [DONE]\n\n"));
    // After the commit point: an error event, and no [DONE] (the SDKs raise it as an APIError).
    else if (result.kind !== "aborted") this.client.write(errorFrame(result.message, "upstream_error"));
    this.client.close();
  }

  private crashed(err: unknown): void {
    console.error("[gateway] stream failed:", err instanceof Error ? (err.stack ?? err.message) : err);
    if (!this.committed) this.answer(errorResponse(new GatewayError(500, GATEWAY_FAILED, "server_error")));
    else if (this.client.open) {
      this.client.write(errorFrame(GATEWAY_FAILED, null));
      this.client.close();
    }
  }
}
