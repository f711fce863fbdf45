import "server-only";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createSimulator } from "@/lib/simulator";

/** Where the in-app simulator is mounted (app/sim/[[...path]]/route.ts). */
export const SIMULATOR_MOUNT = "/sim";

const OFF_MESSAGE =
  "The built-in simulator is off on this instance (SIMULATOR=off; it is on by default only when ENVIRONMENT=development). Start Switchyard with SIMULATOR=on to serve it.";

declare global {
  // One simulator per process (its per-instance state: loaded models, stored responses).
  var switchyardSimulator: ReturnType<typeof createSimulator> | undefined;
}

/**
 * Answers a request under /sim: the simulator when SIMULATOR is on, else an OpenAI-shaped
 * 404 that says how to turn it on. It needs no session (like a local LLM server) and holds
 * no data; its own limits (lib/simulator/limits.ts) keep any request small.
 */
export function serveSimulator(request: Request): Promise<Response> {
  if (!getEnv().simulator) {
    return Promise.resolve(
      Response.json(
        { error: { message: OFF_MESSAGE, type: "invalid_request_error", param: null, code: "simulator_off" } },
        { status: 404 },
      ),
    );
  }
  globalThis.switchyardSimulator ??= createSimulator({ basePath: SIMULATOR_MOUNT });
  return globalThis.switchyardSimulator.handle(request);
}

/** Refuses to create providers that point at a simulator this instance does not serve. */
export function assertSimulatorOn(): void {
  if (!getEnv().simulator) throw new AppError("conflict", OFF_MESSAGE);
}
