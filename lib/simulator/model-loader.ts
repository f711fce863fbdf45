/**
 * Model loading on the servers that make a request wait for it (`LoadingBehaviour` "block"):
 * LM Studio loads a model on its first request and keeps it, and `+loading` makes every
 * request wait for a load. One load per model at a time, shared by the requests that wait.
 */
import type { HandlerContext } from "./context";
import type { FaultName, FaultSettings } from "./faults";
import { sleep, untilAborted } from "./http";
import type { ModelSpec } from "./types";

/** See {@link HandlerContext.loadModel}; `faults` are the request's own. */
export type ModelLoader = (ctx: HandlerContext, faults: ReadonlySet<FaultName>, model: ModelSpec) => Promise<void>;

/** A loader that remembers the models loaded so far (one per simulator). */
export function createModelLoader(settings: FaultSettings): ModelLoader {
  // Models loaded so far, per profile (LM Studio loads on the first request, then keeps them).
  const loaded = new Map<string, Promise<void>>();
  return (ctx, faults, model) => {
    const behaviour = ctx.profile.loading;
    if (behaviour?.kind !== "block") return Promise.resolve();
    const key = `${ctx.profile.name}\u0000${model.id}`;
    const forced = faults.has("loading");
    if (!forced && !behaviour.firstRequest) return Promise.resolve();
    const pending = loaded.get(key);
    if (pending && !forced) return untilAborted(pending, ctx.signal);
    const ms = settings.modelLoadMs;
    ctx.emit({ type: "model-load", requestId: ctx.requestId, profile: ctx.profile.name, model: model.id, ms });
    // The load goes on when the client that triggered it goes away, as on a real server.
    const load = sleep(ms);
    loaded.set(key, load);
    return untilAborted(load, ctx.signal);
  };
}
