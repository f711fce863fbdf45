import "server-only";
import { admit, recordOutage, recordSuccess, releaseTrial } from "./breaker";
import { AttemptFailure, attemptTarget } from "./attempt";
import type { CallPolicy, EngineResult, EngineSink, EngineTarget } from "./engine-types";
import { FallbackLedger } from "./fallback-ledger";
import { type ChatBody, type Needs, cannotServe, refusedFeature, requestNeeds } from "./plan";
import { type Prepared, prepareTarget } from "./prepare";

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

// The engine's contract, one target's attempt and a target's preparation live in modules of their own.
export type {
  CallPolicy,
  EngineFailure,
  EngineFailureKind,
  EngineResult,
  EngineSink,
  EngineSuccess,
  EngineTarget,
  EngineTiming,
} from "./engine-types";
export { REQUEST_FIELDS } from "./attempt";
export { type Prepared, prepareTarget } from "./prepare";

/**
 * Runs the call to completion. Every provider failure is an attempt in the result; only a
 * bug (an error that is not an AttemptFailure) is rethrown, after releasing the circuit's
 * trial — the callers turn it into an outage with an id in the log.
 */
export async function runChatCall(input: {
  body: ChatBody;
  targets: readonly EngineTarget[];
  policy: CallPolicy;
  signal: AbortSignal;
  sink?: EngineSink;
  /** The first target, already prepared by the caller (validated before its stream opened). */
  first?: Prepared;
  /** What the body needs, when the caller worked it out already (it reads it for its log too). */
  needs?: Needs;
}): Promise<EngineResult> {
  const { body, policy, signal } = input;
  const sink = input.sink ?? {};
  const needs = input.needs ?? requestNeeds(body);
  const ledger = new FallbackLedger(sink);
  for (const [index, target] of input.targets.entries()) {
    const prepared = index === 0 && input.first ? input.first : await prepareTarget(target);
    const admitted = admitTarget(prepared, target, needs, policy, ledger);
    if (!admitted) continue;
    const { view, verdicts, callable } = admitted;
    ledger.calling();
    sink.onAttempt?.(view, index);
    const counter = { requests: 0 };
    try {
      const reply = await attemptTarget(body, target, callable, verdicts, { policy, signal, sink, counter });
      recordSuccess(target.providerId, target.model);
      return ledger.answered(view, counter.requests, reply);
    } catch (err) {
      if (!(err instanceof AttemptFailure)) {
        if (admitted.trial) releaseTrial(target.providerId, target.model);
        throw err;
      }
      const ended = settleAttempt(
        err,
        { ...admitted, target, needs, policy, signal, requests: counter.requests },
        ledger,
      );
      if (ended) return ended;
    }
  }
  return ledger.unanswered();
}

type Admitted = Extract<Prepared, { callable: unknown }> & { trial: boolean };

/** A target the call may try (its circuit's trial, if it is one), or null when it is skipped (and why is recorded). */
function admitTarget(
  prepared: Prepared,
  target: EngineTarget,
  needs: Needs,
  policy: CallPolicy,
  ledger: FallbackLedger,
): Admitted | null {
  if ("skip" in prepared) {
    ledger.skipped(prepared.view, prepared.skip);
    return null;
  }
  if (policy.routeByCapability) {
    const blocked = cannotServe(needs, prepared.verdicts);
    if (blocked) {
      ledger.blocked(prepared.view, blocked);
      return null;
    }
  }
  const admission = admit(target.providerId, target.model);
  if (!admission.ok) {
    ledger.circuitOpen(prepared.view, admission);
    return null;
  }
  return { ...prepared, trial: admission.trial };
}

/**
 * A target failed: the breaker told, the target recorded as left, and the result when that
 * ends the call (stopped by the caller, a refusal nothing moves past, a reply that broke off
 * after it was committed); undefined when the call moves on to the next target.
 */
function settleAttempt(
  err: AttemptFailure,
  at: Admitted & { target: EngineTarget; needs: Needs; policy: CallPolicy; signal: AbortSignal; requests: number },
  ledger: FallbackLedger,
): EngineResult | undefined {
  const { outcome } = err;
  const { view, target, trial } = at;
  const status = outcome.status;
  const left = { ...view, requests: at.requests, ...(status === undefined ? {} : { status }) };
  if (at.signal.aborted) {
    if (trial) releaseTrial(target.providerId, target.model);
    ledger.record({ ...left, outcome: "failed", reason: "stopped by the caller" });
    return ledger.endedBy(err, "aborted", "stopped by the caller");
  }
  const brokeOff = `The reply from ${view.providerName} broke off: ${outcome.what}`;
  if (outcome.class === "refusal") {
    recordSuccess(target.providerId, target.model);
    const feature = refusedFeature(at.needs, outcome.what);
    ledger.record({ ...left, outcome: "refused", reason: `refused${feature ? `: ${feature}` : ""} (${outcome.what})` });
    if (err.committed) return ledger.endedBy(err, "stream", brokeOff, status);
    if (!at.policy.refusalMovesOn) {
      return ledger.endedBy(err, "refused", `${view.providerName} refused the request (${outcome.what})`, status);
    }
    ledger.movedOn(outcome);
    return undefined;
  }
  if (outcome.class === "outage" || outcome.class === "auth")
    recordOutage(target.providerId, target.model, outcome.what);
  else if (trial) releaseTrial(target.providerId, target.model);
  if (err.committed) {
    ledger.record({ ...left, outcome: "failed", reason: outcome.what });
    return ledger.endedBy(err, "stream", brokeOff, status);
  }
  ledger.movedOn(outcome);
  ledger.record({ ...left, outcome: "failed", reason: outcome.what });
  return undefined;
}
