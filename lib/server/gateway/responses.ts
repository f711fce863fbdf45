import "server-only";
import type { AttemptView, Degradation, TargetView } from "@/lib/schemas/playground";
import { linkSignals } from "@/lib/abort";
import type { ResponsesInputItem } from "@/lib/responses/request";
import { chatRequestOf, inputItems } from "@/lib/responses/to-chat";
import { type ResponseEvent, ResponseWriter, eventFrame } from "@/lib/responses/writer";
import { prepareTarget } from "../calls/engine";
import { type ChatBody, requestNeeds } from "../calls/plan";
import { switchyardHeaders } from "./chat";
import { ClientStream, eventStreamAnswer } from "./client-stream";
import { GatewayError, errorResponse, gatewayHeaders, jsonAnswer } from "./errors";
import { failureError, skippedKind } from "./failure";
import { logGatewayRequest } from "./log";
import { loadResponse, saveResponse } from "./response-store";
import {
  type BridgedChat,
  type Out,
  type ResponsesContext,
  type TargetResult,
  servesNatively,
  viaChat,
  viaNative,
} from "./responses-targets";

/**
 * `POST /v1/responses` at the gateway, on every target. A target whose latest verdicts say it
 * serves the Responses API (`responses`, plus `responses_streaming` for a stream and
 * `responses_tools` with tools) gets the request passed through; every other target gets it
 * translated to chat completions and goes through the call engine — degradation, validation,
 * capability-aware skipping and the breaker exactly as for chat (responses-targets.ts).
 * Either way the answer is written by one {@link ResponseWriter}, so it validates against
 * OpenAI's schemas whatever the server sent.
 *
 * A failure is never a 200 with an empty answer: until the answering target's first output
 * nothing is sent, so a failed target moves to the next one (or ends in an OpenAI-shaped
 * error); after it, the stream ends with `response.failed`. `previous_response_id` is
 * expanded here from the responses this gateway stored for the key, so it works on servers
 * that keep no state.
 */

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

export async function gatewayResponses(ctx: ResponsesContext): Promise<Response> {
  let history: ResponsesInputItem[] = [];
  const previous = ctx.body.previous_response_id;
  if (previous) {
    const found = await loadResponse(previous, ctx.key.id);
    if (!found) throw previousNotFound(previous);
    history = found;
  }
  return new ResponsesCall(ctx, history).start();
}

const encoder = new TextEncoder();

/** One `/v1/responses` call: its targets in order, and the one answer it gives. */
class ResponsesCall {
  private readonly upstreamAbort = new AbortController();
  private readonly linked;
  private readonly attempts: AttemptView[] = [];
  private readonly degradations: Degradation[] = [];
  private readonly turn: ResponsesInputItem[];
  /** The conversation over chat completions: what the bridge sends and what the log says was used. */
  private readonly bridged: BridgedChat;
  private writer: ResponseWriter;
  private answeredBy: TargetView | null = null;
  private ttft: number | null = null;
  private client: ClientStream | null = null;
  private answer!: (res: Response) => void;

  constructor(
    private readonly ctx: ResponsesContext,
    private readonly history: ResponsesInputItem[],
  ) {
    this.linked = linkSignals(ctx.signal, this.upstreamAbort.signal);
    this.turn = inputItems(ctx.body.input);
    const chatBody = chatRequestOf(ctx.body, history, ctx.body.model) as ChatBody;
    this.bridged = { body: chatBody, needs: requestNeeds(chatBody) };
    this.writer = new ResponseWriter(ctx.body, ctx.body.model);
  }

  private get signal(): AbortSignal {
    return this.linked.signal;
  }

  private get committed(): boolean {
    return this.client !== null;
  }

  /** Resolves with the answer: the stream at its commit point, or the whole body, or an error. */
  start(): Promise<Response> {
    const answered = new Promise<Response>((resolve) => (this.answer = resolve));
    this.run()
      .catch((err: unknown) => {
        console.error("[gateway] responses failed:", err instanceof Error ? (err.stack ?? err.message) : err);
        if (!this.committed)
          this.answer(errorResponse(new GatewayError(500, "Something went wrong in the gateway.", "server_error")));
        else this.fail("Something went wrong in the gateway.");
      })
      .finally(this.linked.dispose);
    return answered;
  }

  private write(list: ResponseEvent[]): void {
    for (const e of list) this.client?.write(encoder.encode(eventFrame(e)));
  }

  private fail(message: string): void {
    this.write(this.writer.end({ status: "failed", message }));
    this.client?.close();
  }

  /** Opens the client's stream on `view`'s first output: created and in_progress go first. */
  private commitFor(view: TargetView): () => Out {
    return () => {
      this.ttft = performance.now() - this.ctx.startedAt;
      this.answeredBy = view;
      this.writer.setModel(view.model);
      this.client = new ClientStream(() => this.upstreamAbort.abort());
      this.answer(
        eventStreamAnswer(
          this.client,
          switchyardHeaders(this.ctx.resolved.route, view, this.degradations, this.attempts),
        ),
      );
      this.write(this.writer.start());
      return { events: (list) => this.write(list) };
    };
  }

  private async run(): Promise<void> {
    for (const target of this.ctx.resolved.targets) {
      if (this.signal.aborted) break;
      const prepared = await prepareTarget(target);
      if ("skip" in prepared) {
        this.attempts.push({ ...prepared.view, outcome: "skipped", reason: prepared.skip, requests: 0 });
        continue;
      }
      const result = await this.tryTarget(prepared);
      if (result.ok) return this.succeed(prepared.view, result);
      if (this.signal.aborted) {
        this.log("aborted", 499, "stopped by the caller");
        this.client?.close();
        if (!this.committed) this.answer(new Response(null, { status: 499 }));
        return;
      }
      if (result.committed) {
        // After the first event: the stream says it failed, and ends.
        this.fail(`${prepared.view.providerName}: ${result.message}`);
        this.log("error", 200, result.message);
        return;
      }
    }
    const err = combinedError(this.attempts);
    this.log(this.signal.aborted ? "aborted" : "error", err.status, err.message);
    this.answer(errorResponse(err));
  }

  /** A fresh writer per target (nothing of a failed one was sent); native first when it may, chat otherwise. */
  private async tryTarget(prepared: Parameters<typeof viaChat>[1]): Promise<TargetResult> {
    const commit = this.commitFor(prepared.view);
    this.writer = new ResponseWriter(this.ctx.body, prepared.view.model, this.writer.id);
    if (servesNatively(prepared.verdicts, this.ctx.body)) {
      const input = this.history.length ? [...this.history, ...this.turn] : this.ctx.body.input;
      const native = await viaNative(this.ctx, prepared, input, this.writer, commit, this.signal);
      if (!native.ok && native.attempt) this.attempts.push(native.attempt);
      // Refused on /v1/responses: the same target over chat completions.
      if (native.ok || !native.refused) return native;
      this.writer = new ResponseWriter(this.ctx.body, prepared.view.model, this.writer.id);
    }
    return viaChat(
      this.ctx,
      prepared,
      this.bridged,
      this.writer,
      commit,
      this.attempts,
      this.degradations,
      this.signal,
    );
  }

  /** The turn is stored before the last event, so a follow-up sent at once finds it. */
  private async succeed(view: TargetView, result: Extract<TargetResult, { ok: true }>): Promise<void> {
    const events = this.writer.end(result.end);
    if (this.ctx.body.store !== false)
      await saveResponse(this.writer.id, this.ctx.key.id, [
        ...this.history,
        ...this.turn,
        ...this.writer.outputItems(),
      ]);
    this.attempts.push({ ...view, outcome: "answered", requests: 1 });
    this.answeredBy = view;
    if (this.committed) {
      this.write(events);
      this.client!.close();
    } else {
      const headers = switchyardHeaders(this.ctx.resolved.route, view, this.degradations, this.attempts);
      this.answer(jsonAnswer(this.writer.response(), 200, gatewayHeaders(headers)));
    }
    this.log("ok", 200, null);
  }

  private log(status: "ok" | "error" | "aborted", httpStatus: number, error: string | null): void {
    const { ctx } = this;
    const usage = this.writer.response().usage as { input_tokens?: number; output_tokens?: number } | undefined;
    logGatewayRequest({
      keyId: ctx.key.id,
      route: ctx.resolved.route,
      environment: ctx.key.environment,
      endpoint: "responses",
      model: this.answeredBy?.model ?? this.attempts.at(-1)?.model ?? ctx.body.model,
      status,
      httpStatus,
      latencyMs: Math.round(performance.now() - ctx.startedAt),
      ttftMs: this.ttft === null ? null : Math.round(this.ttft),
      promptTokens: usage?.input_tokens ?? null,
      completionTokens: usage?.output_tokens ?? null,
      degradations: this.degradations,
      attempts: this.attempts,
      features: [
        "responses",
        ...this.bridged.needs.used,
        ...(ctx.body.previous_response_id ? ["previous_response_id"] : []),
      ],
      error,
    });
  }
}

/** Every target was left: the error names each one and why, with the status chat would give. */
function combinedError(attempts: AttemptView[]): GatewayError {
  const failed = attempts.filter((a) => a.outcome === "failed" || a.outcome === "refused");
  const each = attempts.map((a) => `${a.providerName}/${a.model}: ${a.reason ?? a.outcome}`).join("; ");
  const onlyRefused = failed.length > 0 && failed.every((a) => a.outcome === "refused");
  const kind = failed.length === 0 ? skippedKind(attempts) : onlyRefused ? "refused" : "outage";
  // The targets were tried one engine call (or native call) each: what they found is in their reasons.
  const unservable = attempts.find((a) => a.reason && /^(\w+): unsupported/.test(a.reason));
  return failureError({
    kind,
    message: failed.length === 0 ? `No target can serve this request: ${each}` : `Every target failed — ${each}`,
    ...(kind === "unservable" && unservable ? { feature: /^(\w+):/.exec(unservable.reason!)![1] } : {}),
    ...(failed.length > 0 && failed.every((a) => /timed out|no answer within|timeout/i.test(a.reason ?? ""))
      ? { timedOut: true }
      : {}),
    attempts,
  });
}
