/**
 * Public API of the OpenAI-compatible simulator.
 *
 * - `createSimulatorRouteHandlers({ basePath: "/sim" })` (or `createSimulator(...).handle`) in a
 *   Next.js route handler;
 * - `startSimulator({ port })` for a standalone server (tests, `npm run simulator`).
 */
export { createSimulator, type Simulator, type SimulatorOptions } from "./simulator";
export { startSimulator, type RunningSimulator, type StartSimulatorOptions } from "./server";
export { createSimulatorRouteHandlers, type SimulatorRouteHandlers } from "./route-handlers";
export type { SimulatorEvent, SimulatorEvents, SimulatorStats } from "./events";
export {
  DEFAULT_FAULT_SETTINGS,
  FAULT_HEADER,
  FAULT_NAMES,
  SIMULATOR_API_KEY,
  type FaultName,
  type FaultSettings,
} from "./faults";
export { PROFILES, findProfile } from "./profiles";
export type { ErrorStyle, FeatureKey, FeatureRule, LoadingBehaviour, ModelSpec, ProfileSpec } from "./types";
export { COLOUR_NAMES, type ColourName } from "./vision";
