import "server-only";
import type { AttemptView, Degradation, TargetView } from "@/lib/schemas/playground";
import { linkSignals } from "@/lib/abort";
import {
  type ResponseEnd,
  type ResponseEvent,
  ResponseWriter,
  chatRequestOf,
  endOfChat,
  eventFrame,
  inputItems,
  writeChatChunk,
  writeChatCompletion,
  writeResponsesBody,
  writeResponsesEvent,
} from "@/lib/responses/bridge";
import type { ResponsesBody, ResponsesInputItem } from "@/lib/responses/request";
import { admit, recordOutage, recordSuccess, releaseTrial } from "../calls/breaker";
import { type EngineFailure, type Prepared, prepareTarget, runChatCall } from "../calls/engine";
import { type ChatBody, requestNeeds } from "../calls/plan";
import { classifyOutcome, shortReason, withoutEcho } from "../calls/outcome";
import type { LatestVerdict } from "../calls/verdicts";
import { classifyUpstreamError, providerSecrets } from "../upstream/errors";
import { GATEWAY_POLICY, failureError, switchyardHeaders } from "./chat";
import type { KeyEntry } from "./config";
import { GatewayError, errorResponse, gatewayHeaders, jsonAnswer } from "./errors";
import { logGatewayRequest } from "./log";
import type { Resolved } from "./request";
import { loadResponse, saveResponse } from "./response-store";

/**
 * `POST /v1/responses` at the gateway, on every target. A target whose latest verdicts say it
 * serves the Responses API (`responses`, plus `responses_streaming` for a stream and
 * `responses_tools` with tools) gets the request passed through; every other target gets it
 * translated to chat completions and goes through the call engine — degradation, validation,
 * capability-aware skipping and the breaker exactly as for chat. Either way the answer is
 * written by one {@link ResponseWriter}, so it validates against OpenAI's schemas whatever
 * the server sent.
 *
 * A failure is never a 200 with an empty answer: until the answering target's first output
 * nothing is sent, so a failed target moves to the next one (or ends in an OpenAI-shaped
 * error); after it, the stream ends with `response.failed`. `previous_response_id` is
 * expanded here from the responses this gateway stored for the key, so it works on servers
 * that keep no state.
 */

type Context = { key: KeyEntry; resolved: Resolved; body: ResponsesBody; signal: AbortSignal; startedAt: number };

/** Whether `target` is passed the request as is (its verdicts say it serves what the request uses). */
export function servesNatively(verdicts: ReadonlyMap<string, LatestVerdict>, body: ResponsesBody): boolean {
  const ok = (feature: string) => verdicts.get(feature)?.verdict === "supported";
  if (!ok("responses")) return false;
  if (body.stream && !ok("responses_streaming")) return false;
  if (body.tools?.length && !ok("responses_tools")) return false;
  // Structured output over /v1/responses is not enforced by every server that has the
  // endpoint (LM Studio: lmstudio-bug-tracker#1396, #2403): the bridge validates it.
  const format = body.text?.format?.type;
  return format !== "json_schema" && format !== "json_object";
}

/** What a committed answer is written to: the client's stream, or nothing (a whole answer). */
type Out = { events(list: ResponseEvent[]): void };

type TargetResult =
  | { ok: true; end: ResponseEnd; degradations: Degradation[]; usage: unknown }
  | { ok: false; committed: boolean; failure: EngineFailure | null; attempt?: AttemptView; message: string };

/** One target through the chat bridge (the engine does the rest). */
async function viaChat(
  ctx: Context,
  prepared: Extract<Prepared, { callable: unknown }>,
  history: readonly ResponsesInputItem[],
  writer: ResponseWriter,
  commit: () => Out,
  attempts: AttemptView[],
  degradations: Degradation[],
  signal: AbortSignal,
): Promise<TargetResult> {
  const chat = chatRequestOf(ctx.body, history, prepared.view.model) as ChatBody;
  let out: Out | null = null;
  let finish: string | null = null;
  const result = await runChatCall({
    body: chat,
    targets: [{ providerId: prepared.view.providerId, model: prepared.view.model }],
    policy: GATEWAY_POLICY,
    signal,
    first: prepared,
    sink: ctx.body.stream
      ? {
          onDegradation: (d) => degradations.push(d),
          onChunk: (chunk) => {
            const { events, finishReason } = writeChatChunk(writer, chunk);
            if (finishReason) finish = finishReason;
            if (events.length === 0) return;
            out ??= commit();
            out.events(events);
          },
        }
      : { onDegradation: (d) => degradations.push(d) },
  });
  // The answering target is recorded by the caller, once the turn is stored.
  for (const a of result.attempts) if (a.outcome !== "answered") attempts.push(a);
  if (!result.ok) return { ok: false, committed: out !== null, failure: result, message: result.message };
  if (!ctx.body.stream) {
    const end = writeChatCompletion(writer, result.completion);
    return { ok: true, end, degradations: result.degradations, usage: result.completion.usage };
  }
  out ??= commit();
  return {
    ok: true,
    end: endOfChat(finish ?? result.completion.choices[0]?.finish_reason ?? null, result.completion.usage),
    degradations: result.degradations,
    usage: result.completion.usage,
  };
}

/** One target through its own `/v1/responses`. */
async function viaNative(
  ctx: Context,
  prepared: Extract<Prepared, { callable: unknown }>,
  fullInput: ResponsesInputItem[] | string,
  writer: ResponseWriter,
  commit: () => Out,
  signal: AbortSignal,
): Promise<TargetResult & { refused?: boolean }> {
  const { view, callable } = prepared;
  const admission = admit(view.providerId, view.model);
  if (!admission.ok) {
    return {
      ok: false,
      committed: false,
      failure: null,
      attempt: { ...view, outcome: "skipped", reason: `circuit open (${admission.reason})`, requests: 0 },
      message: "circuit open",
    };
  }
  const { previous_response_id: _p, ...rest } = ctx.body;
  const body = { ...rest, model: view.model, input: fullInput, store: false };
  let out: Out | null = null;
  try {
    if (!ctx.body.stream) {
      const raw = await callable.client.post("/responses", { body: { ...body, stream: false }, signal });
      const end = writeResponsesBody(writer, raw);
      if (end.status === "failed") throw new Error(`the server answered status "failed": ${end.message}`);
      recordSuccess(view.providerId, view.model);
      return { ok: true, end, degradations: [], usage: null };
    }
    // The SDK's timeout ends at the headers: a stream that stalls after them is ended here.
    const idle = new AbortController();
    const watched = linkSignals(signal, idle.signal);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => idle.abort(), callable.provider.timeoutMs);
    };
    arm();
    try {
      const stream = (await callable.client.post("/responses", {
        body,
        stream: true,
        signal: watched.signal,
      })) as AsyncIterable<unknown>;
      for await (const event of stream) {
        arm();
        const { events, end } = writeResponsesEvent(writer, event);
        if (events.length) {
          out ??= commit();
          out.events(events);
        }
        if (end) {
          if (end.status === "failed") throw new Error(end.message);
          recordSuccess(view.providerId, view.model);
          out ??= commit();
          return { ok: true, end, degradations: [], usage: null };
        }
      }
    } catch (err) {
      if (idle.signal.aborted && !signal.aborted)
        throw new Error(`no event within ${callable.provider.timeoutMs} ms (timeout)`, { cause: err });
      throw err;
    } finally {
      clearTimeout(timer);
      watched.dispose();
    }
    throw new Error("the stream ended before response.completed");
  } catch (err) {
    if (signal.aborted) {
      if (admission.trial) releaseTrial(view.providerId, view.model);
      return {
        ok: false,
        committed: out !== null,
        failure: null,
        attempt: { ...view, outcome: "failed", reason: "stopped by the caller", requests: 1 },
        message: "stopped by the caller",
      };
    }
    const raw = classifyUpstreamError(err, providerSecrets(callable.provider));
    const failure = { ...raw, message: shortReason(withoutEcho(raw.message, ctx.body)) };
    const outcome = classifyOutcome(failure);
    if (outcome.class === "refusal") recordSuccess(view.providerId, view.model);
    else if (outcome.class === "outage" || outcome.class === "auth")
      recordOutage(view.providerId, view.model, outcome.what);
    else if (admission.trial) releaseTrial(view.providerId, view.model);
    const refused = outcome.class === "refusal" && out === null;
    return {
      ok: false,
      committed: out !== null,
      failure: null,
      refused,
      attempt: {
        ...view,
        outcome: refused ? "refused" : "failed",
        reason: refused ? `refused: responses (${outcome.what}); bridged to chat` : outcome.what,
        requests: 1,
        ...(failure.status === undefined ? {} : { status: failure.status }),
      },
      message: outcome.what,
    };
  }
}

/** The 404 of a `previous_response_id` this key did not produce (OpenAI's own answer). */
function previousNotFound(id: string): GatewayError {
  return new GatewayError(
    404,
    `Previous response with id '${id}' not found.`,
    "invalid_request_error",
    "previous_response_not_found",
    "previous_response_id",
  );
}

export async function gatewayResponses(ctx: Context): Promise<Response> {
  const { body } = ctx;
  let history: ResponsesInputItem[] = [];
  if (body.previous_response_id) {
    const found = await loadResponse(body.previous_response_id, ctx.key.id);
    if (!found) throw previousNotFound(body.previous_response_id);
    history = found;
  }
  const turn = inputItems(body.input);
  const fullInput = history.length ? [...history, ...turn] : body.input;
  const used = [
    "responses",
    ...requestNeeds(chatRequestOf(body, history, "m") as ChatBody).used,
    ...(body.previous_response_id ? ["previous_response_id"] : []),
  ];

  const upstreamAbort = new AbortController();
  const linked = linkSignals(ctx.signal, upstreamAbort.signal);
  const signal = linked.signal;
  const attempts: AttemptView[] = [];
  const degradations: Degradation[] = [];
  let answeredBy: TargetView | null = null;
  let writer = new ResponseWriter(body, body.model);
  let ttft: number | null = null;

  // The stream, made on the first output of the target that answers.
  let answer!: (res: Response) => void;
  const answered = new Promise<Response>((resolve) => (answer = resolve));
  let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  let open = true;
  const encoder = new TextEncoder();
  const write = (list: ResponseEvent[]) => {
    if (!open || !controller) return;
    try {
      for (const e of list) controller.enqueue(encoder.encode(eventFrame(e)));
    } catch {
      open = false;
    }
  };
  const close = () => {
    if (open && controller) {
      open = false;
      controller.close();
    }
  };
  let committed = false;
  const commitFor = (view: TargetView) => (): Out => {
    committed = true;
    ttft = performance.now() - ctx.startedAt;
    answeredBy = view;
    writer.setModel(view.model);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
      },
      cancel() {
        open = false;
        upstreamAbort.abort();
      },
    });
    answer(
      new Response(stream, {
        headers: gatewayHeaders({
          "content-type": "text/event-stream; charset=utf-8",
          "x-accel-buffering": "no",
          ...switchyardHeaders(ctx.resolved.route, view, degradations, attempts),
        }),
      }),
    );
    write(writer.start());
    return { events: write };
  };

  const log = (status: "ok" | "error" | "aborted", httpStatus: number, error: string | null, usage: unknown) => {
    const u = (usage ?? writer.response().usage) as { input_tokens?: number; output_tokens?: number } | undefined;
    logGatewayRequest({
      keyId: ctx.key.id,
      route: ctx.resolved.route,
      environment: ctx.key.environment,
      endpoint: "responses",
      model: (answeredBy as TargetView | null)?.model ?? attempts.at(-1)?.model ?? body.model,
      status,
      httpStatus,
      latencyMs: Math.round(performance.now() - ctx.startedAt),
      ttftMs: ttft === null ? null : Math.round(ttft),
      promptTokens: u?.input_tokens ?? null,
      completionTokens: u?.output_tokens ?? null,
      degradations,
      attempts,
      features: used,
      error,
    });
  };

  const finishOk = async (view: TargetView) => {
    if (body.store !== false) await saveResponse(writer.id, ctx.key.id, [...history, ...turn, ...writer.outputItems()]);
    attempts.push({ ...view, outcome: "answered", requests: 1 });
  };

  const run = async (): Promise<void> => {
    for (const target of ctx.resolved.targets) {
      if (signal.aborted) break;
      const prepared = await prepareTarget(target);
      if ("skip" in prepared) {
        attempts.push({ ...prepared.view, outcome: "skipped", reason: prepared.skip, requests: 0 });
        continue;
      }
      // A fresh writer per target: nothing of a failed one was sent.
      writer = new ResponseWriter(body, prepared.view.model, writer.id);
      const commit = commitFor(prepared.view);
      let result: TargetResult & { refused?: boolean };
      if (servesNatively(prepared.verdicts, body)) {
        result = await viaNative(ctx, prepared, fullInput, writer, commit, signal);
        if (!result.ok && result.attempt) attempts.push(result.attempt);
        // Refused on /v1/responses: the same target over chat completions.
        if (!result.ok && result.refused) {
          writer = new ResponseWriter(body, prepared.view.model, writer.id);
          result = await viaChat(ctx, prepared, history, writer, commit, attempts, degradations, signal);
        }
      } else {
        result = await viaChat(ctx, prepared, history, writer, commit, attempts, degradations, signal);
      }
      if (result.ok) {
        const events = writer.end(result.end);
        await finishOk(prepared.view);
        write(events);
        close();
        if (!committed) {
          answer(
            jsonAnswer(
              writer.response(),
              200,
              gatewayHeaders(switchyardHeaders(ctx.resolved.route, prepared.view, degradations, attempts)),
            ),
          );
        }
        log("ok", 200, null, null);
        return;
      }
      if (signal.aborted) {
        log("aborted", 499, "stopped by the caller", null);
        close();
        if (!committed) answer(new Response(null, { status: 499 }));
        return;
      }
      if (result.committed) {
        // After the first event: the stream says it failed, and ends.
        write(writer.end({ status: "failed", message: `${prepared.view.providerName}: ${result.message}` }));
        close();
        log("error", 200, result.message, null);
        return;
      }
    }
    const err = combinedError(attempts, ctx.startedAt);
    log(signal.aborted ? "aborted" : "error", err.status, err.message, null);
    answer(errorResponse(err));
  };

  run()
    .catch((err: unknown) => {
      console.error("[gateway] responses failed:", err instanceof Error ? (err.stack ?? err.message) : err);
      if (!committed)
        answer(errorResponse(new GatewayError(500, "Something went wrong in the gateway.", "server_error")));
      else {
        write(writer.end({ status: "failed", message: "Something went wrong in the gateway." }));
        close();
      }
    })
    .finally(linked.dispose);
  return answered;
}

/** Every target was left: the error names each one and why, with the status chat would give. */
function combinedError(attempts: AttemptView[], startedAt: number): GatewayError {
  const failed = attempts.filter((a) => a.outcome === "failed" || a.outcome === "refused");
  const each = attempts.map((a) => `${a.providerName}/${a.model}: ${a.reason ?? a.outcome}`).join("; ");
  const onlyRefused = failed.length > 0 && failed.every((a) => a.outcome === "refused");
  const kind: EngineFailure["kind"] =
    failed.length === 0
      ? attempts.some((a) => a.reason?.startsWith("circuit"))
        ? "circuit_open"
        : "unservable"
      : onlyRefused
        ? "refused"
        : "outage";
  const unservable = attempts.find((a) => a.reason && /^(\w+): unsupported/.test(a.reason));
  return failureError({
    ok: false,
    kind,
    message: failed.length === 0 ? `No target can serve this request: ${each}` : `Every target failed — ${each}`,
    ...(kind === "unservable" && unservable ? { feature: /^(\w+):/.exec(unservable.reason!)![1] } : {}),
    ...(failed.length > 0 && failed.every((a) => /timed out|no answer within|timeout/i.test(a.reason ?? ""))
      ? { timedOut: true }
      : {}),
    attempts,
    degradations: [],
    content: "",
    timing: { startedAt, targetStartedAt: startedAt, firstTokenAt: null, endedAt: performance.now(), lostMs: 0 },
  });
}
