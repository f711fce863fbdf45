import "server-only";
import type { TargetView } from "@/lib/schemas/playground";
import type { EngineTarget } from "./engine-types";
import { type CallableProvider, callableProvider } from "./providers";
import { type LatestVerdict, latestVerdicts } from "./verdicts";

/**
 * A target made ready to call: its provider (with the cached SDK client) and its latest
 * verdicts, or the reason it cannot be called at all. Every caller of a target starts here
 * (the engine, the gateway's pass-through and native Responses calls).
 */

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
