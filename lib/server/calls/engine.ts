import "server-only";
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import type { AttemptView, Degradation, ReplyValidation, TargetView } from "@/lib/schemas/playground";
import { classifyUpstreamError, providerSecrets } from "../upstream/errors";
import { admit, recordOutage, recordSuccess, releaseTrial } from "./breaker";
import { completionAsChunks, envelope, hasContent } from "./normalize";
import {
  type ChatBody,
  type CallPlan,
  applyPlan,
  cannotServe,
  degradeAfterRefusal,
  planCall,
  refusedFeature,
  repairs,
  requestNeeds,
} from "./plan";
import { type CallableProvider, callableProvider } from "./providers";
import { type Outcome, classifyOutcome, shortReason, withoutEcho } from "./outcome";
import { IdleWatchdog, callWatched } from "./upstream-call";
import { validateReply, repairMessages } from "./validate";
import { type LatestVerdict, latestVerdicts } from "./verdicts";

/**
 * THE call engine (the seed's `FallbackClient` + `SmartAIClient`), used by the playground
 * and the gateway alike: an OpenAI chat body, ordered targets (provider + model) and a
 * policy in; OpenAI-shaped chunks and one result out. It owns:
 * - the plan of each target from its latest verdicts (plan.ts), degraded retries after a
 *   refusal, validation of JSON replies with one repair;
 * - capability-aware routing (a target whose verdicts say it cannot serve a needed feature,
 *   even degraded, is skipped with that reason) and the circuit breaker (breaker.ts);
 * - fallback: an outage (connection, timeout, 5xx, 429, the provider's 401/403, a model it
 *   does not serve) before anything was committed moves to the next target;
 * - the commit point: nothing goes to the caller before the answering target's first
 *   content or tool-call delta; after it, a failure ends the reply with an error;
 * - the idle watchdog, the provider's retries (the SDK's, `Retry-After` capped), and abort:
 *   the caller's signal aborts the upstream request at once.
 * Providers and verdicts come through caches (providers.ts, verdicts.ts): no database query
 * and no new SDK client per call once warm.
 */

export type EngineTarget = { providerId: string; model: string };

/** What differs between callers. */
export type CallPolicy = {
  /** Skip targets whose latest verdicts say they cannot serve a needed feature (the gateway). */
  routeByCapability: boolean;
  /** After a refusal nothing can degrade: the next target (the gateway), or the end (the playground). */
  refusalMovesOn: boolean;
  /** Hold back a streamed reply that will be validated (it may be repaired: bytes cannot be taken back). */
  holdValidatedStreams: boolean;
};

/** Where the engine's events go. Must never throw. */
export type EngineSink = {
  onAttempt?: (target: TargetView, index: number) => void;
  onDegradation?: (d: Degradation) => void;
  /** A target was left (skipped, refused or failed) with its reason, as it happens. */
  onLeft?: (attempt: AttemptView) => void;
  /** Committed output, for callers that stream to their client. */
  onChunk?: (chunk: ChatCompletionChunk) => void;
  /** The output so far is discarded: a repair follows (only when streams are not held). */
  onReset?: (reason: string) => void;
};

/** When things happened (performance.now()). */
export type EngineTiming = {
  startedAt: number;
  /** When the answering (or last) target was called. */
  targetStartedAt: number;
  firstTokenAt: number | null;
  endedAt: number;
  /** Time spent on targets that failed before the one that answered. */
  lostMs: number;
};

export type EngineSuccess = {
  ok: true;
  completion: ChatCompletion;
  answeredBy: TargetView;
  attempts: AttemptView[];
  degradations: Degradation[];
  validation: ReplyValidation | null;
  timing: EngineTiming;
  /** Content and tool-call pieces received (the token count when the server reports no usage). */
  deltas: number;
};

/** Why a call failed as a whole. */
export type EngineFailureKind =
  /** the (last) target refused the request and nothing could degrade it */
  | "refused"
  /** every target failed (connection, timeout, 5xx, 429, auth, model missing) */
  | "outage"
  /** the reply broke off after it was committed */
  | "stream"
  | "aborted"
  /** no target can serve a needed feature (their verdicts say so) */
  | "unservable"
  /** every target's circuit is open */
  | "circuit_open";

export type EngineFailure = {
  ok: false;
  kind: EngineFailureKind;
  message: string;
  /** The upstream's HTTP status, when it answered. */
  status?: number;
  /** Every target timed out (a gateway answers 504). */
  timedOut?: boolean;
  /** When an open circuit lets a trial through again. */
  retryAfterMs?: number;
  /** The feature no target could serve (unservable). */
  feature?: string;
  attempts: AttemptView[];
  degradations: Degradation[];
  /** What had been committed before the failure. */
  content: string;
  timing: EngineTiming;
};

export type EngineResult = EngineSuccess | EngineFailure;

/** Degraded retries of one target after refusals, at most. */
const MAX_REFUSAL_ROUNDS = 3;

/** Request fields a refusal's message may name (a 500 naming one is a refusal: llama.cpp refuses with 500). */
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
  "parallel_tool_calls",
];

/** A target failed: what happened, whether anything was committed, and the degradations it tried. */
class AttemptFailure extends Error {
  constructor(
    readonly outcome: Outcome,
    readonly failureMessage: string,
    readonly committed: boolean,
    readonly degradations: Degradation[],
    readonly content: string,
  ) {
    super(failureMessage);
  }
}

export type Prepared =
  | { callable: CallableProvider; verdicts: ReadonlyMap<string, LatestVerdict>; view: TargetView }
  | { skip: string; view: TargetView; missing?: boolean };

function viewOf(target: EngineTarget, name: string | null): TargetView {
  return { providerId: target.providerId, providerName: name ?? "a deleted provider", model: target.model };
}

/** Loads a target's provider and verdicts together (both on the path to the first token; cached). */
export async function prepareTarget(target: EngineTarget): Promise<Prepared> {
  const [callable, verdicts] = await Promise.all([
    callableProvider(target.providerId),
    latestVerdicts(target.providerId, target.model),
  ]);
  if (!callable) return { skip: "the provider no longer exists", view: viewOf(target, null), missing: true };
  const view = viewOf(target, callable.provider.name);
  if (!callable.provider.enabled) return { skip: "the provider is disabled", view };
  return { callable, verdicts, view };
}

/** Runs the call to completion. Never throws (a bug surfaces as an outage with an id in the log). */
export async function runChatCall(input: {
  body: ChatBody;
  targets: readonly EngineTarget[];
  policy: CallPolicy;
  signal: AbortSignal;
  sink?: EngineSink;
  /** The first target, already prepared by the caller (validated before its stream opened). */
  first?: Prepared;
}): Promise<EngineResult> {
  const { body, policy, signal } = input;
  const sink = input.sink ?? {};
  const needs = requestNeeds(body);
  const startedAt = performance.now();
  let targetStartedAt = startedAt;
  let lostMs = 0;
  const attempts: AttemptView[] = [];
  const record = (attempt: AttemptView) => {
    attempts.push(attempt);
    if (attempt.outcome !== "answered") sink.onLeft?.(attempt);
  };
  const timing = (firstTokenAt: number | null): EngineTiming => ({
    startedAt,
    targetStartedAt,
    firstTokenAt,
    endedAt: performance.now(),
    lostMs,
  });
  let lastOutage: Outcome | undefined;
  let unservable: { feature: string } | undefined;
  const open: number[] = [];
  let timeouts = 0;
  let failures = 0;

  for (const [index, target] of input.targets.entries()) {
    const prepared = index === 0 && input.first ? input.first : await prepareTarget(target);
    if ("skip" in prepared) {
      record({ ...prepared.view, outcome: "skipped", reason: prepared.skip, requests: 0 });
      continue;
    }
    const { view, verdicts, callable } = prepared;
    if (policy.routeByCapability) {
      const blocked = cannotServe(needs, verdicts);
      if (blocked) {
        unservable ??= { feature: blocked.feature };
        record({
          ...view,
          outcome: "skipped",
          reason: `${blocked.feature}: ${blocked.verdict} (${blocked.reason})`,
          requests: 0,
        });
        continue;
      }
    }
    const admission = admit(target.providerId, target.model);
    if (!admission.ok) {
      if (admission.until !== null) open.push(admission.until - Date.now());
      const until =
        admission.until === null
          ? "a trial request is under way"
          : `open until ${new Date(admission.until).toISOString().slice(11, 19)}`;
      record({ ...view, outcome: "skipped", reason: `circuit ${until} (${admission.reason})`, requests: 0 });
      continue;
    }
    if (attempts.some((a) => a.outcome === "failed")) lostMs = Math.round(performance.now() - startedAt);
    targetStartedAt = performance.now();
    sink.onAttempt?.(view, index);
    const counter = { requests: 0 };
    try {
      const reply = await attemptTarget(body, target, callable, verdicts, { policy, signal, sink, counter });
      recordSuccess(target.providerId, target.model);
      record({ ...view, outcome: "answered", requests: counter.requests });
      return {
        ok: true,
        completion: reply.completion,
        answeredBy: view,
        attempts,
        degradations: reply.degradations,
        validation: reply.validation,
        timing: timing(reply.firstTokenAt),
        deltas: reply.deltas,
      };
    } catch (err) {
      if (!(err instanceof AttemptFailure)) {
        if (admission.trial) releaseTrial(target.providerId, target.model);
        throw err;
      }
      const { outcome } = err;
      const status = outcome.status;
      const left = { ...view, requests: counter.requests, ...(status === undefined ? {} : { status }) };
      if (signal.aborted) {
        if (admission.trial) releaseTrial(target.providerId, target.model);
        record({ ...left, outcome: "failed", reason: "stopped by the caller" });
        return {
          ok: false,
          kind: "aborted",
          message: "stopped by the caller",
          attempts,
          degradations: err.degradations,
          content: err.content,
          timing: timing(null),
        };
      }
      if (outcome.class === "refusal") {
        recordSuccess(target.providerId, target.model);
        const feature = refusedFeature(needs, outcome.what);
        record({
          ...left,
          outcome: "refused",
          reason: `refused${feature ? `: ${feature}` : ""} (${outcome.what})`,
        });
        if (err.committed || !policy.refusalMovesOn) {
          return {
            ok: false,
            kind: err.committed ? "stream" : "refused",
            message: err.committed
              ? `The reply from ${view.providerName} broke off: ${outcome.what}`
              : `${view.providerName} refused the request (${outcome.what})`,
            ...(status === undefined ? {} : { status }),
            attempts,
            degradations: err.degradations,
            content: err.content,
            timing: timing(null),
          };
        }
        lastOutage = outcome;
        failures++;
        continue;
      }
      if (outcome.class === "outage" || outcome.class === "auth")
        recordOutage(target.providerId, target.model, outcome.what);
      else if (admission.trial) releaseTrial(target.providerId, target.model);
      if (err.committed) {
        record({ ...left, outcome: "failed", reason: outcome.what });
        return {
          ok: false,
          kind: "stream",
          message: `The reply from ${view.providerName} broke off: ${outcome.what}`,
          ...(status === undefined ? {} : { status }),
          attempts,
          degradations: err.degradations,
          content: err.content,
          timing: timing(null),
        };
      }
      lastOutage = outcome;
      failures++;
      if (/^timed out/.test(outcome.what)) timeouts++;
      record({ ...left, outcome: "failed", reason: outcome.what });
    }
  }

  const base = { attempts, degradations: [] as Degradation[], content: "", timing: timing(null) };
  if (failures === 0 && unservable) {
    const each = attempts.map((a) => `${a.providerName} (${a.model}): ${a.reason}`).join("; ");
    return {
      ok: false,
      kind: "unservable",
      feature: unservable.feature,
      message: `No target can serve ${unservable.feature}: ${each}`,
      ...base,
    };
  }
  if (failures === 0 && open.length > 0) {
    return {
      ok: false,
      kind: "circuit_open",
      message: `Every target's circuit is open: ${attempts.map((a) => `${a.providerName} (${a.model}): ${a.reason}`).join("; ")}`,
      retryAfterMs: Math.max(1000, Math.min(...open)),
      ...base,
    };
  }
  const only = attempts.length === 1 ? attempts[0] : undefined;
  const message = only
    ? `${only.providerName} failed before answering: ${only.reason}`
    : `Every target failed before answering — ${attempts.map((a) => `${a.providerName}: ${a.reason ?? a.outcome}`).join("; ")}`;
  return {
    ok: false,
    kind: lastOutage?.class === "refusal" && failures === 1 && attempts.length === 1 ? "refused" : "outage",
    message,
    ...(lastOutage?.status === undefined ? {} : { status: lastOutage.status }),
    ...(failures > 0 && timeouts === failures ? { timedOut: true } : {}),
    ...base,
  };
}

type AttemptContext = {
  policy: CallPolicy;
  signal: AbortSignal;
  sink: EngineSink;
  counter: { requests: number };
};

/** One target: plan, call (n calls when emulating `n`), degraded retries after refusals, validation and one repair. */
async function attemptTarget(
  body: ChatBody,
  target: EngineTarget,
  { provider, client }: CallableProvider,
  verdicts: ReadonlyMap<string, LatestVerdict>,
  ctx: AttemptContext,
): Promise<{
  completion: ChatCompletion;
  degradations: Degradation[];
  validation: ReplyValidation | null;
  firstTokenAt: number | null;
  deltas: number;
}> {
  const { policy, signal, sink, counter } = ctx;
  let plan: CallPlan = planCall(body, verdicts);
  plan.degradations.forEach((d) => sink.onDegradation?.(d));
  const secrets = providerSecrets(provider);
  let extra: ChatCompletionMessageParam[] = [];
  let upstreamBody: ChatBody | undefined;
  let committed = false;
  let repaired = false;
  let firstTokenAt: number | null = null;
  let content = "";
  let pieces = 0;
  for (let round = 0; ; round++) {
    // A reply that will be validated is held back when the caller cannot take bytes back.
    const hold = repairs(plan) && policy.holdValidatedStreams;
    const pending: ChatCompletionChunk[] = [];
    const onChunk = (chunk: ChatCompletionChunk) => {
      if (hasContent(chunk)) {
        firstTokenAt ??= performance.now();
        pieces++;
      }
      for (const c of chunk.choices) if (c.index === 0 && c.delta.content) content += c.delta.content;
      if (hold || !sink.onChunk) return;
      if (!committed && !hasContent(chunk)) {
        pending.push(chunk);
        return;
      }
      if (!committed) {
        committed = true;
        pending.splice(0).forEach((c) => sink.onChunk?.(c));
      }
      sink.onChunk(chunk);
    };
    let completion: ChatCompletion;
    try {
      // The target's own model: the caller's `model` may be a route name.
      upstreamBody = { ...applyPlan(body, plan, extra), model: target.model };
      const env = envelope(target.model);
      completion = await callTimes(plan.calls, (i) => {
        const watchdog = new IdleWatchdog(provider.timeoutMs);
        return callWatched(
          client,
          upstreamBody!,
          env,
          {
            watchdog,
            signal,
            observer: {
              onRequest: () => counter.requests++,
              onResponse: (res) => (res.ok ? watchdog.arm() : watchdog.clear()),
            },
          },
          (chunk) => onChunk(i === 0 ? chunk : reindex(chunk, i)),
        );
      });
    } catch (err) {
      // The server's own words, without the echo of our request (it would carry the prompt
      // into headers and the log) and cut to one short line.
      const raw = classifyUpstreamError(err, secrets);
      const failure = { ...raw, message: shortReason(withoutEcho(raw.message, upstreamBody)) };
      const outcome = classifyOutcome(failure, REQUEST_FIELDS);
      if (outcome.class === "refusal" && !committed && round < MAX_REFUSAL_ROUNDS && failure.status !== undefined) {
        const next = degradeAfterRefusal(body, plan, { status: failure.status, message: failure.message }, verdicts);
        if (next) {
          next.degradations.slice(plan.degradations.length).forEach((d) => sink.onDegradation?.(d));
          plan = next;
          content = "";
          continue;
        }
      }
      throw new AttemptFailure(outcome, failure.message, committed, plan.degradations, content);
    }
    const text = completion.choices[0]?.message.content ?? "";
    const madeCalls = (completion.choices[0]?.message.tool_calls?.length ?? 0) > 0;
    const validation = madeCalls ? null : validateReply(body, text);
    if (validation && !validation.valid && repairs(plan) && !repaired) {
      repaired = true;
      extra = repairMessages(text, validation);
      if (committed) sink.onReset?.(`The reply was invalid (${validation.error}); asking once more to repair it.`);
      committed = false;
      content = "";
      pieces = 0;
      continue;
    }
    if (hold && sink.onChunk) {
      // The validated (or last) reply, delivered now that it will not be taken back.
      completionAsChunks(completion).forEach((c) => sink.onChunk?.(c));
      firstTokenAt ??= performance.now();
    }
    return { completion, degradations: plan.degradations, validation, firstTokenAt, deltas: pieces };
  }
}

/** A chunk of the i-th of n emulated calls, as choice i of one reply. */
function reindex(chunk: ChatCompletionChunk, i: number): ChatCompletionChunk {
  return { ...chunk, choices: chunk.choices.map((c) => ({ ...c, index: i })) };
}

/** Runs `n` calls at once (one unless emulating `n`) and merges them into one completion. */
async function callTimes(n: number, call: (i: number) => Promise<ChatCompletion>): Promise<ChatCompletion> {
  if (n <= 1) return call(0);
  const all = await Promise.all(Array.from({ length: n }, (_, i) => call(i)));
  const first = all[0]!;
  const usage = all.every((c) => c.usage)
    ? {
        prompt_tokens: all.reduce((s, c) => s + (c.usage?.prompt_tokens ?? 0), 0),
        completion_tokens: all.reduce((s, c) => s + (c.usage?.completion_tokens ?? 0), 0),
        total_tokens: all.reduce((s, c) => s + (c.usage?.total_tokens ?? 0), 0),
      }
    : undefined;
  return {
    ...first,
    choices: all.map((c, i) => ({ ...c.choices[0]!, index: i })),
    ...(usage ? { usage } : {}),
  };
}
