/**
 * Next.js glue: route handlers for a catch-all route that mounts the simulator inside the
 * app, e.g. `app/sim/[[...path]]/route.ts`:
 *
 * ```ts
 * import { createSimulatorRouteHandlers } from "@/lib/simulator";
 * export const dynamic = "force-dynamic";
 * export const { GET, POST } = createSimulatorRouteHandlers({ basePath: "/sim" });
 * ```
 */
import { type Simulator, type SimulatorOptions, createSimulator } from "./simulator";

/** Handlers for every method plus the simulator behind them (for its `events`). */
export interface SimulatorRouteHandlers {
  simulator: Simulator;
  GET(request: Request): Promise<Response>;
  POST(request: Request): Promise<Response>;
  PUT(request: Request): Promise<Response>;
  PATCH(request: Request): Promise<Response>;
  DELETE(request: Request): Promise<Response>;
}

/** Creates one simulator and route handlers that all delegate to it. */
export function createSimulatorRouteHandlers(options: SimulatorOptions = {}): SimulatorRouteHandlers {
  const simulator = createSimulator(options);
  const handle = (request: Request): Promise<Response> => simulator.handle(request);
  return { simulator, GET: handle, POST: handle, PUT: handle, PATCH: handle, DELETE: handle };
}
