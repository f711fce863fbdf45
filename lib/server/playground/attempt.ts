import "server-only";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { AppError } from "@/lib/errors";
import type { Degradation, ParsedChatRequest, ReplyValidation, Target } from "@/lib/schemas/playground";
import { classifyFailure } from "../probes/classify";
import { type ResolvedProvider, resolveProvider } from "../providers/service";
import { createUpstreamClient } from "../upstream/client";
import { type UpstreamFailure, classifyUpstreamError, providerSecrets } from "../upstream/errors";
import { type CallResult, IdleWatchdog, callWatched } from "./call";
import { type CallPlan, type LatestVerdict, degradeAfterRefusal, planCall, relevantFeatures } from "./degradation";
import { buildUpstreamBody, repairMessages, repairs, validateReply } from "./request-body";
import { latestVerdicts } from "./verdicts";

/**
 * One target of a playground call: its plan from the latest verdicts, degraded retries
 * after refusals, validation and one repair. Degradations belong to the attempt: a target
 * that fails takes its degradations with it.
 */

/** Degraded retries of one target after refusals, at most. */
const MAX_REFUSAL_ROUNDS = 3;

/** Request fields a message may name (a 500 naming one is a refusal: llama.cpp refuses with 500). */
export const REQUEST_FIELDS = [
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

/** A target ready to call (its provider with secrets, and its latest verdicts), or why it is skipped. */
export type PreparedTarget =
  | { provider: ResolvedProvider; verdicts: ReadonlyMap<string, LatestVerdict> }
  | { skip: "missing" | "disabled"; reason: string; providerName: string | null };

/**
 * Loads the provider and its verdicts together (both lie on the path to the first token).
 * Only "no such provider" becomes a skip; anything else (a changed SWITCHYARD_SECRET, a
 * database failure) is thrown as it is.
 */
export async function prepareTarget(req: ParsedChatRequest, target: Target): Promise<PreparedTarget> {
  const [provider, verdicts] = await Promise.all([
    resolveProvider(target.providerId).catch((err: unknown) => {
      if (err instanceof AppError && err.code === "not_found") return null;
      throw err;
    }),
    latestVerdicts(target.providerId, target.model, relevantFeatures(req)),
  ]);
  if (!provider) return { skip: "missing", reason: "the provider no longer exists", providerName: null };
  if (!provider.enabled) return { skip: "disabled", reason: "the provider is disabled", providerName: provider.name };
  return { provider, verdicts };
}

/** What an attempt produced. */
export type AttemptReply = { result: CallResult; degradations: Degradation[]; validation: ReplyValidation | null };

/** Thrown by {@link attemptTarget}: what happened, whether anything reached the browser, and the degradations tried. */
export class AttemptFailure extends Error {
  constructor(
    readonly failure: UpstreamFailure,
    readonly sentAnything: boolean,
    readonly refused: boolean,
    readonly degradations: Degradation[],
  ) {
    super(failure.message);
  }
}

/** Where an attempt's events go. */
export type AttemptSink = {
  onDegradation: (d: Degradation) => void;
  onDelta: (text: string) => void;
  onReset: (reason: string) => void;
};

/** Calls one prepared target. Resolves with the reply; throws {@link AttemptFailure}. */
export async function attemptTarget(
  req: ParsedChatRequest,
  target: Target,
  { provider, verdicts }: { provider: ResolvedProvider; verdicts: ReadonlyMap<string, LatestVerdict> },
  counter: { requests: number },
  signal: AbortSignal,
  sink: AttemptSink,
): Promise<AttemptReply> {
  let plan: CallPlan = planCall(req, verdicts);
  plan.degradations.forEach(sink.onDegradation);
  // One watchdog per round (an aborted controller cannot be reused); the client's hook arms
  // the current one when a response starts.
  let watchdog: IdleWatchdog | undefined;
  const client = createUpstreamClient(provider, {
    observe: {
      onRequest: () => counter.requests++,
      onResponse: (res) => (res.ok ? watchdog?.arm() : watchdog?.clear()),
    },
  });
  const secrets = providerSecrets(provider);
  let extra: ChatCompletionMessageParam[] = [];
  let sentAnything = false;
  let repaired = false;
  for (let round = 0; ; round++) {
    let result: CallResult;
    const roundWatchdog = (watchdog = new IdleWatchdog(provider.timeoutMs));
    try {
      const body = buildUpstreamBody(req, plan, target.model, extra);
      result = await callWatched(client, body, roundWatchdog, signal, (t) => {
        sentAnything = true;
        sink.onDelta(t);
      });
    } catch (err) {
      const failure = classifyUpstreamError(err, secrets);
      const refused =
        !sentAnything &&
        classifyFailure({ ...failure, repeated: false }, { baseline: "none", sends: "", fields: REQUEST_FIELDS })
          .verdict === "unsupported";
      if (refused && round < MAX_REFUSAL_ROUNDS && failure.status !== undefined) {
        const next = degradeAfterRefusal(req, plan, { status: failure.status, message: failure.message }, verdicts);
        if (next) {
          next.degradations.slice(plan.degradations.length).forEach(sink.onDegradation);
          plan = next;
          continue;
        }
      }
      throw new AttemptFailure(failure, sentAnything, refused, plan.degradations);
    }
    const validation = result.toolCalls.length > 0 ? null : validateReply(req, result.content);
    if (validation && !validation.valid && repairs(plan) && !repaired) {
      repaired = true;
      extra = repairMessages(result.content, validation);
      sink.onReset(`The reply was invalid (${validation.error}); asking once more to repair it.`);
      continue;
    }
    return { result, degradations: plan.degradations, validation };
  }
}
