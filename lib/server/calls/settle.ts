import "server-only";
import { type UpstreamFailure, classifyUpstreamError, providerSecrets } from "../upstream/errors";
import { recordOutage, recordSuccess, releaseTrial } from "./breaker";
import { type Outcome, classifyOutcome, shortReason, withoutEcho } from "./outcome";
import type { CallableProvider } from "./providers";

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
  const raw = classifyUpstreamError(err, providerSecrets(callable.provider));
  const failure = { ...raw, message: shortReason(withoutEcho(raw.message, requestBody)) };
  const outcome = classifyOutcome(failure);
  if (outcome.class === "refusal") recordSuccess(target.providerId, target.model);
  else if (outcome.class === "outage" || outcome.class === "auth")
    recordOutage(target.providerId, target.model, outcome.what);
  else if (trial) releaseTrial(target.providerId, target.model);
  return { failure, outcome };
}
