import "server-only";
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import type { AttemptView, Degradation, TargetView } from "@/lib/schemas/playground";
import { type EngineFailure, type EngineResult, runChatCall } from "../calls/engine";
import { type ChatBody, requestNeeds } from "../calls/plan";
import type { KeyEntry } from "./config";
import { GatewayError, errorResponse, gatewayHeaders, headerValue, jsonAnswer } from "./errors";
import { ClientStream, eventStreamAnswer } from "./client-stream";
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

/** The request field a feature lives in (the `param` of a 400 when no target can serve it). */
const FEATURE_PARAM: Record<string, string> = {
  tools: "tools",
  tool_choice: "tool_choice",
  tools_streaming: "tools",
  vision: "messages",
  logprobs: "logprobs",
  seed: "seed",
  stop: "stop",
  n: "n",
  json_mode: "response_format",
  structured_output: "response_format",
  parallel_tool_calls: "parallel_tool_calls",
};

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

/** An engine failure as the gateway's HTTP error. */
export function failureError(f: EngineFailure): GatewayError {
  switch (f.kind) {
    case "unservable":
      return new GatewayError(
        400,
        f.message,
        "invalid_request_error",
        "feature_unsupported",
        FEATURE_PARAM[f.feature ?? ""] ?? null,
      );
    case "circuit_open":
      return new GatewayError(503, f.message, "server_error", "circuit_open", null, {
        "Retry-After": String(Math.ceil((f.retryAfterMs ?? 1000) / 1000)),
      });
    case "refused":
      return new GatewayError(400, f.message, "invalid_request_error", "upstream_refused", null);
    default: {
      const unavailable = f.attempts.every((a) => a.status === 429 || a.status === 503 || a.outcome === "skipped");
      const status = f.timedOut ? 504 : unavailable ? 503 : 502;
      return new GatewayError(status, f.message, "server_error", "upstream_error", null);
    }
  }
}

type Context = { key: KeyEntry; resolved: Resolved; body: ChatBody; signal: AbortSignal; startedAt: number };

function logOf(ctx: Context, result: EngineResult, httpStatus: number) {
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
    features: requestNeeds(ctx.body).used,
    error: result.ok ? null : result.message,
  });
}

const encoder = new TextEncoder();
const frame = (value: unknown) => encoder.encode(`data: ${JSON.stringify(value)}\n\n`);

/** Answers a chat completion, streamed or not. */
export async function gatewayChat(ctx: Context): Promise<Response> {
  const { body } = ctx;
  const targets = ctx.resolved.targets;
  if (!body.stream) {
    const result = await runChatCall({ body, targets, policy: GATEWAY_POLICY, signal: ctx.signal });
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
  return streamChat(ctx);
}

function streamChat(ctx: Context): Promise<Response> {
  const { body } = ctx;
  const wantsUsage = body.stream_options?.include_usage === true;
  const upstreamAbort = new AbortController();
  const linked = linkSignals(ctx.signal, upstreamAbort.signal);
  const signal = linked.signal;
  return new Promise<Response>((answer) => {
    // The client went away: the upstream call is aborted at once.
    const client = new ClientStream(() => upstreamAbort.abort());
    const write = (bytes: Uint8Array) => client.write(bytes);
    let committed = false;
    let current: TargetView | null = null;
    const degradations: Degradation[] = [];
    const attemptsSoFar: AttemptView[] = [];
    const onChunk = (chunk: ChatCompletionChunk) => {
      // Usage only when the client asked for it (the engine asks upstream anyway, for the log).
      let out = chunk;
      if (!wantsUsage && chunk.usage) {
        if (chunk.choices.length === 0) return;
        const { usage: _usage, ...rest } = chunk;
        out = rest;
      }
      if (!committed) {
        committed = true;
        answer(eventStreamAnswer(client, switchyardHeaders(ctx.resolved.route, current, degradations, attemptsSoFar)));
      }
      write(frame(out));
    };
    void runChatCall({
      body,
      targets: ctx.resolved.targets,
      policy: GATEWAY_POLICY,
      signal,
      sink: {
        onAttempt: (target) => {
          current = target;
          degradations.length = 0;
        },
        onLeft: (attempt) => attemptsSoFar.push(attempt),
        onDegradation: (d) => degradations.push(d),
        onChunk,
      },
    })
      .then((result) => {
        if (!result.ok && !committed) {
          const err = failureError(result);
          logOf(ctx, result, err.status);
          answer(errorResponse(err));
          return;
        }
        logOf(ctx, result, 200);
        if (result.ok) write(encoder.encode("data: [DONE]\n\n"));
        else if (result.kind !== "aborted") {
          // After the commit point: an error event, and no [DONE] (the SDKs raise it as an APIError).
          write(
            frame({ error: { message: result.message, type: "server_error", param: null, code: "upstream_error" } }),
          );
        }
        client.close();
      })
      .catch((err: unknown) => {
        console.error("[gateway] stream failed:", err instanceof Error ? (err.stack ?? err.message) : err);
        if (!committed)
          answer(errorResponse(new GatewayError(500, "Something went wrong in the gateway.", "server_error")));
        else if (client.open) {
          write(
            frame({
              error: { message: "Something went wrong in the gateway.", type: "server_error", param: null, code: null },
            }),
          );
          client.close();
        }
      })
      .finally(linked.dispose);
  });
}
