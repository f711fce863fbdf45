import "server-only";
import { type UpstreamFailure, classifyUpstreamError, providerSecrets } from "../upstream/errors";
import { recordOutage, recordSuccess, releaseTrial } from "./breaker";
import { type Outcome, classifyOutcome, shortReason, withoutEcho } from "./outcome";
import type { CallableProvider } from "./providers";

/**
 * A failed call to a provider in words fit for headers and the log: the server's own words,
 * without a secret, without the echo of our request (it would carry the prompt along) and
 * cut to one short line. The engine and direct calls alike describe failures this way.
 */
export function describeFailure(
  err: unknown,
  provider: CallableProvider["provider"],
  requestBody: unknown,
): UpstreamFailure {
  const raw = classifyUpstreamError(err, providerSecrets(provider));
  return { ...raw, message: shortReason(withoutEcho(raw.message, requestBody)) };
}

/**
 * A call made straight to one target (not through the engine: embeddings, legacy completions,
 * a native `/v1/responses`) that failed: the failure in words without the request's echo or
 * a secret, its class, and the breaker told — a refusal proves the target alive, an outage
 * or an auth failure counts against it, anything else just hands back a half-open trial.
 */
export function settleFailedCall(
  err: unknown,
  callable: CallableProvider,
  target: { providerId: string; model: string },
  trial: boolean,
  requestBody: unknown,
): { failure: UpstreamFailure; outcome: Outcome } {
  const failure = describeFailure(err, callable.provider, requestBody);
  const outcome = classifyOutcome(failure);
  if (outcome.class === "refusal") recordSuccess(target.providerId, target.model);
  else if (outcome.class === "outage" || outcome.class === "auth")
    recordOutage(target.providerId, target.model, outcome.what);
  else if (trial) releaseTrial(target.providerId, target.model);
  return { failure, outcome };
}
