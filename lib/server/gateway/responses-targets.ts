import "server-only";
import type { AttemptView, Degradation } from "@/lib/schemas/playground";
import { linkSignals } from "@/lib/abort";
import {
  endOfChat,
  writeChatChunk,
  writeChatCompletion,
  writeResponsesBody,
  writeResponsesEvent,
} from "@/lib/responses/feed";
import type { ResponsesBody, ResponsesInputItem } from "@/lib/responses/request";
import type { ResponseEnd, ResponseEvent, ResponseWriter } from "@/lib/responses/writer";
import { admit, recordSuccess, releaseTrial } from "../calls/breaker";
import { type Prepared, runChatCall } from "../calls/engine";
import type { ChatBody, Needs } from "../calls/plan";
import { settleFailedCall } from "../calls/settle";
import { IdleWatchdog } from "../calls/upstream-call";
import type { LatestVerdict } from "../calls/verdicts";
import { GATEWAY_POLICY } from "./chat";
import type { KeyEntry } from "./config";
import type { Resolved } from "./request";

/**
 * One target of a `/v1/responses` call (responses.ts tries them in order): through its own
 * `/v1/responses` when its verdicts say it serves what the request uses, else over chat
 * completions through the call engine. Both write to the call's {@link ResponseWriter} and
 * commit (open the client's stream) only on the target's first output.
 */

export type ResponsesContext = {
  key: KeyEntry;
  resolved: Resolved;
  body: ResponsesBody;
  signal: AbortSignal;
  startedAt: number;
};

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
export type Out = { events(list: ResponseEvent[]): void };

export type TargetResult =
  { ok: true; end: ResponseEnd } | { ok: false; committed: boolean; attempt?: AttemptView; message: string };

/**
 * The whole conversation as a chat body, built once per call (each target gets its own model
 * set), and what it needs, worked out once: the engine and the log both read it.
 */
export type BridgedChat = { body: ChatBody; needs: Needs };

/** One target through the chat bridge (the engine does the rest). */
export async function viaChat(
  ctx: ResponsesContext,
  prepared: Extract<Prepared, { callable: unknown }>,
  bridged: BridgedChat,
  writer: ResponseWriter,
  commit: () => Out,
  attempts: AttemptView[],
  degradations: Degradation[],
  signal: AbortSignal,
): Promise<TargetResult> {
  const chat = { ...bridged.body, model: prepared.view.model } as ChatBody;
  let out: Out | null = null;
  let finish: string | null = null;
  const result = await runChatCall({
    body: chat,
    targets: [{ providerId: prepared.view.providerId, model: prepared.view.model }],
    policy: GATEWAY_POLICY,
    signal,
    first: prepared,
    needs: bridged.needs,
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
  if (!result.ok) return { ok: false, committed: out !== null, message: result.message };
  if (!ctx.body.stream) {
    const end = writeChatCompletion(writer, result.completion);
    return { ok: true, end };
  }
  out ??= commit();
  return {
    ok: true,
    end: endOfChat(finish ?? result.completion.choices[0]?.finish_reason ?? null, result.completion.usage),
  };
}

/**
 * A native Responses stream fed to `writer`; `output()` opens the client's stream at the first
 * output. Resolves with how it ended; throws when it failed, stalled or broke off. The SDK's
 * timeout ends at the headers: a stream that stalls after them is ended here.
 */
async function readNativeStream(
  callable: Extract<Prepared, { callable: unknown }>["callable"],
  body: Record<string, unknown>,
  writer: ResponseWriter,
  signal: AbortSignal,
  output: () => Out,
): Promise<ResponseEnd> {
  const idle = new IdleWatchdog(callable.provider.timeoutMs);
  const watched = linkSignals(signal, idle.signal);
  idle.arm();
  try {
    const stream = (await callable.client.post("/responses", {
      body,
      stream: true,
      signal: watched.signal,
    })) as AsyncIterable<unknown>;
    for await (const event of stream) {
      idle.arm();
      const { events, end } = writeResponsesEvent(writer, event);
      if (events.length) output().events(events);
      if (end?.status === "failed") throw new Error(end.message);
      if (end) return end;
    }
  } catch (err) {
    if (idle.fired && !signal.aborted) throw new Error(`no event within ${idle.ms} ms (timeout)`, { cause: err });
    throw err;
  } finally {
    idle.clear();
    watched.dispose();
  }
  throw new Error("the stream ended before response.completed");
}

/** One target through its own `/v1/responses`. */
export async function viaNative(
  ctx: ResponsesContext,
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
      return { ok: true, end };
    }
    const end = await readNativeStream(callable, body, writer, signal, () => (out ??= commit()));
    recordSuccess(view.providerId, view.model);
    out ??= commit();
    return { ok: true, end };
  } catch (err) {
    if (signal.aborted) {
      if (admission.trial) releaseTrial(view.providerId, view.model);
      return {
        ok: false,
        committed: out !== null,
        attempt: { ...view, outcome: "failed", reason: "stopped by the caller", requests: 1 },
        message: "stopped by the caller",
      };
    }
    const { failure, outcome } = settleFailedCall(err, callable, view, admission.trial, ctx.body);
    const refused = outcome.class === "refusal" && out === null;
    return {
      ok: false,
      committed: out !== null,
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
