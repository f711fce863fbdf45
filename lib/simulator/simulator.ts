/**
 * The simulator core, in Fetch API style so it runs both standalone (see `server.ts`) and
 * inside a Next.js route handler. URL layout:
 * `<basePath>/<profile>[+fault…]/v1/...` and each server's own discovery endpoints.
 */
import type { HandlerContext, Timing } from "./context";
import { type EventHub, type SimulatorEvent, type SimulatorEvents, createEventHub } from "./events";
import {
  DEFAULT_FAULT_SETTINGS,
  FAULT_HEADER,
  FAULT_NAMES,
  type FaultName,
  type FaultSettings,
  parseFaults,
} from "./faults";
import { cutResponse, malformResponse } from "./fault-output";
import { AbortedError, SimulatorHttpError, errorResponse, isEventStream, jsonResponse, safeDecode } from "./http";
import { type ModelLoader, createModelLoader } from "./model-loader";
import { PROFILES } from "./profiles";
import { type Router, createRouter } from "./router";
import { notFoundResponse } from "./rules";
import type { ProfileSpec } from "./types";

/** Options of {@link createSimulator}; every field has a default. */
export interface SimulatorOptions {
  /** Path prefix the simulator is mounted at, e.g. "/sim". Default "". */
  basePath?: string;
  /** Delay between streamed tokens for every request (ms). Default 0. */
  tokenDelayMs?: number;
  /** Largest accepted request body; larger ones get 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Fault tunables (slow delays, flaky rate, API key…). */
  faults?: Partial<FaultSettings>;
  /** Seeds the variation of requests without `seed`, for fully reproducible runs. */
  seed?: number;
  /** Profiles to serve. Default: {@link PROFILES}. */
  profiles?: readonly ProfileSpec[];
  /** Called for every event. */
  onEvent?: (event: SimulatorEvent) => void;
  /** Called when a client goes away before its response finished. */
  onRequestAborted?: (event: Extract<SimulatorEvent, { type: "aborted" }>) => void;
}

/** A running simulator core. */
export interface Simulator {
  /** Answers one request; never rejects. */
  handle(request: Request): Promise<Response>;
  /** Requests, responses, completed streams and client aborts seen so far. */
  readonly events: SimulatorEvents;
  readonly profiles: readonly ProfileSpec[];
  readonly basePath: string;
  readonly maxBodyBytes: number;
  /** The OpenAI base URL of every profile under `origin`, e.g. `http://127.0.0.1:4010/ollama/v1`. */
  profileUrls(origin: string): { profile: string; label: string; baseUrl: string }[];
}

/** What every request to one simulator shares. */
interface SimulatorState {
  basePath: string;
  profiles: readonly ProfileSpec[];
  settings: FaultSettings;
  tokenDelayMs: number;
  hub: EventHub;
  route: Router;
  loadModel: ModelLoader;
  /** Numbers the requests that name a known profile, from 1. */
  nextRequestId(): number;
  /** See {@link HandlerContext.nextSeed}: one sequence across all requests. */
  nextSeed(): number;
}

/** Creates a simulator core. Mount `handle` wherever requests arrive. */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const basePath = (options.basePath ?? "").replace(/\/+$/, "");
  const profiles = options.profiles ?? PROFILES;
  const settings: FaultSettings = { ...DEFAULT_FAULT_SETTINGS, ...options.faults };
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const hub = createEventHub((event) => {
    options.onEvent?.(event);
    if (event.type === "aborted") options.onRequestAborted?.(event);
  });
  let requestCounter = 0;
  let seedCounter = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const state: SimulatorState = {
    basePath,
    profiles,
    settings,
    tokenDelayMs: options.tokenDelayMs ?? 0,
    hub,
    route: createRouter(settings, maxBodyBytes),
    loadModel: createModelLoader(settings),
    nextRequestId: () => ++requestCounter,
    nextSeed: () => (seedCounter = (Math.imul(seedCounter, 1103515245) + 12345) >>> 0),
  };
  return {
    // Never rejects: anything unexpected becomes an OpenAI-shaped 500.
    handle: (request) =>
      handle(state, request).catch((error: unknown) =>
        errorResponse(500, `Internal simulator error: ${String(error)}`),
      ),
    events: hub,
    profiles,
    basePath,
    maxBodyBytes,
    profileUrls: (origin) =>
      profiles.map((p) => ({ profile: p.name, label: p.label, baseUrl: profileBaseUrl(origin, basePath, p) })),
  };
}

/** A profile's OpenAI base URL under `origin` (trailing slashes of `origin` dropped). */
function profileBaseUrl(origin: string, basePath: string, profile: ProfileSpec): string {
  return `${origin.replace(/\/+$/, "")}${basePath}/${profile.name}/v1`;
}

/** `GET <basePath>/`: every profile with its base URL, and the fault modes. */
function rootListing({ basePath, profiles }: SimulatorState, origin: string): Response {
  return jsonResponse({
    object: "list",
    data: profiles.map((p) => ({
      name: p.name,
      label: p.label,
      kind: p.kind,
      version: p.version,
      base_url: profileBaseUrl(origin, basePath, p),
      models: p.models.map((m) => m.id),
    })),
    faults: FAULT_NAMES,
    fault_header: FAULT_HEADER,
  });
}

/** Finds the profile (and path faults) a request's URL names, and has it answered. */
async function handle(state: SimulatorState, request: Request): Promise<Response> {
  const { basePath, profiles } = state;
  const url = new URL(request.url);
  if (basePath && url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`))
    return notFoundResponse(request.method, url.pathname);
  const rest = url.pathname.slice(basePath.length);
  if (rest === "" || rest === "/") return rootListing(state, url.origin);
  const match = /^\/([^/]+)(\/.*)?$/.exec(rest);
  const [profileName = "", ...pathFaults] = safeDecode(match?.[1] ?? "").split("+");
  const profile = profiles.find((p) => p.name === profileName);
  if (!profile)
    return errorResponse(
      404,
      `Unknown simulator profile '${profileName}'. Known profiles: ${profiles.map((p) => p.name).join(", ")}.`,
      { code: "unknown_profile" },
    );
  return serveProfile(state, request, profile, match?.[2] ?? "/", pathFaults);
}

/** One request to `profile`, from its `request` event to its `response` (or `aborted`) event. */
async function serveProfile(
  state: SimulatorState,
  request: Request,
  profile: ProfileSpec,
  path: string,
  pathFaults: readonly string[],
): Promise<Response> {
  const { hub, settings } = state;
  const requestId = state.nextRequestId();
  try {
    const faults = parseFaults(pathFaults, request.headers.get(FAULT_HEADER));
    hub.emit({ type: "request", requestId, profile: profile.name, method: request.method, path, faults: [...faults] });
    const ctx = contextFor(state, { requestId, profile, path, signal: request.signal }, faults);
    let response = await state.route(ctx, request, faults);
    if (path.startsWith("/v1/") && faults.has("cut")) response = await cutResponse(response, settings.faultAfterFrames);
    else if (path.startsWith("/v1/") && faults.has("malformed"))
      response = await malformResponse(response, settings.faultAfterFrames);
    hub.emit({ type: "response", requestId, status: response.status, stream: isEventStream(response) });
    return response;
  } catch (error) {
    return failureResponse(hub, error, { requestId, profile, path });
  }
}

/** The {@link HandlerContext} of one request: its delays (`+slow`), seeds and model loading. */
function contextFor(
  state: SimulatorState,
  request: Pick<HandlerContext, "requestId" | "profile" | "path" | "signal">,
  faults: ReadonlySet<FaultName>,
): HandlerContext {
  const slow = faults.has("slow");
  const timing: Timing = {
    firstTokenMs: slow ? state.settings.slowFirstTokenMs : 0,
    perTokenMs: state.tokenDelayMs + (slow ? state.settings.slowPerTokenMs : 0),
  };
  const ctx: HandlerContext = {
    ...request,
    timing,
    nextSeed: state.nextSeed,
    emit: state.hub.emit,
    startedAt: Date.now(),
    loadModel: (model) => state.loadModel(ctx, faults, model),
  };
  return ctx;
}

/** The answer to a request that threw: 499 once the client left while it waited, else the error's own. */
function failureResponse(
  hub: EventHub,
  error: unknown,
  { requestId, profile, path }: Pick<HandlerContext, "requestId" | "profile" | "path">,
): Response {
  if (error instanceof AbortedError) {
    hub.emit({ type: "aborted", requestId, profile: profile.name, path, stage: "waiting", tokensSent: 0 });
    return new Response(null, { status: 499 });
  }
  const response =
    error instanceof SimulatorHttpError
      ? error.toResponse(profile.errorStyle)
      : errorResponse(500, `Internal simulator error: ${(error as Error).message}`);
  hub.emit({ type: "response", requestId, status: response.status, stream: false });
  return response;
}
