/**
 * The simulator core, in Fetch API style so it runs both standalone (see `server.ts`) and
 * inside a Next.js route handler. URL layout:
 * `<basePath>/<profile>[+fault…]/v1/...` and each server's own discovery endpoints.
 */
import { createBusyGate } from "./busy";
import { handleChat } from "./chat";
import { handleCompletion } from "./completions";
import type { HandlerContext, Timing } from "./context";
import { handleEmbeddings, listModels, retrieveModel } from "./endpoints";
import { type ResponseStore, handleResponses } from "./responses";
import { type SimulatorEvent, type SimulatorEvents, createEventHub } from "./events";
import {
  DEFAULT_FAULT_SETTINGS,
  FAULT_HEADER,
  FAULT_NAMES,
  type FaultName,
  type FaultSettings,
  checkAuth,
  flakyResponse,
  isFlakyFailure,
  parseFaults,
  rateLimitResponse,
} from "./faults";
import { cutResponse, malformResponse } from "./fault-output";
import {
  AbortedError,
  SimulatorHttpError,
  errorResponse,
  jsonResponse,
  refusalError,
  safeDecode,
  sleep,
  untilAborted,
  waitForAbort,
} from "./http";
import { PROFILES } from "./profiles";
import { notFoundResponse } from "./rules";
import type { ModelSpec, ProfileSpec } from "./types";

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

const JSON_PARSE_ERROR =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)";

async function readJson(request: Request, limit: number): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  const tooLarge = (size: number): SimulatorHttpError =>
    new SimulatorHttpError(413, `Request body too large: ${size} bytes exceeds the limit of ${limit} bytes.`, {
      code: "request_too_large",
      bodyStyle: "openai",
    });
  if (declared > limit) throw tooLarge(declared);
  // Counted while it arrives: a chunked body without Content-Length is not held past the limit.
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  for (;;) {
    const next = reader ? await reader.read() : { done: true as const, value: undefined };
    if (next.done) break;
    size += next.value.byteLength;
    if (size > limit) {
      await reader?.cancel().catch(() => undefined);
      throw tooLarge(size);
    }
    chunks.push(next.value);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new SimulatorHttpError(400, JSON_PARSE_ERROR);
  }
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
  const flaky = new Map<string, { count: number; failures: number }>();
  const busy = createBusyGate();
  // Models loaded so far, per profile (LM Studio loads on the first request, then keeps them).
  const loaded = new Map<string, Promise<void>>();
  // Responses kept for `previous_response_id` by the stateful profiles (per simulator).
  const storedResponses: ResponseStore = new Map();

  /** See {@link HandlerContext.loadModel}: one load per model, shared by concurrent requests. */
  function loadModel(ctx: HandlerContext, faults: Set<FaultName>, model: ModelSpec): Promise<void> {
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
  }
  let requestCounter = 0;
  let seedCounter = options.seed ?? Math.floor(Math.random() * 2 ** 31);

  const rootListing = (origin: string): Response =>
    jsonResponse({
      object: "list",
      data: profiles.map((p) => ({
        name: p.name,
        label: p.label,
        kind: p.kind,
        version: p.version,
        base_url: `${origin}${basePath}/${p.name}/v1`,
        models: p.models.map((m) => m.id),
      })),
      faults: FAULT_NAMES,
      fault_header: FAULT_HEADER,
    });

  const timingFor = (faults: Set<FaultName>): Timing => ({
    firstTokenMs: faults.has("slow") ? settings.slowFirstTokenMs : 0,
    perTokenMs: (options.tokenDelayMs ?? 0) + (faults.has("slow") ? settings.slowPerTokenMs : 0),
  });

  async function route(ctx: HandlerContext, request: Request, faults: Set<FaultName>): Promise<Response> {
    const { profile, path } = ctx;
    const method = request.method.toUpperCase();
    // llama-server answers every endpoint, /health included, with 503 until its model is loaded.
    if (faults.has("loading") && profile.loading?.kind === "refuse") {
      throw refusalError(profile.loading.rule, profile.models[0]?.id ?? profile.name);
    }
    const discovery = profile.discovery.find((d) => d.path === path && d.method === method);
    if (discovery) {
      const body = method === "POST" ? await readJson(request, maxBodyBytes).catch(() => undefined) : undefined;
      return discovery.handle({ profile, request, body });
    }
    const notFound = (): Response => profile.notFound?.(method, path) ?? notFoundResponse(method, path);
    if (!path.startsWith("/v1/")) return notFound();
    if (faults.has("auth")) {
      const denied = checkAuth(request, settings);
      if (denied) return denied;
    }
    if (faults.has("ratelimit")) return rateLimitResponse(profile.models[0]?.id ?? profile.name, settings);
    if (faults.has("flaky")) {
      const state = flaky.get(profile.name) ?? { count: 0, failures: 0 };
      flaky.set(profile.name, state);
      if (isFlakyFailure(state.count++, settings.flakyFailureRate)) return flakyResponse(state.failures++);
    }
    if (faults.has("hang")) {
      await waitForAbort(ctx.signal);
      throw new AbortedError();
    }
    const endpoint = `${method} ${path}`;
    if (endpoint === "POST /v1/chat/completions" || endpoint === "POST /v1/completions") {
      const handler = endpoint === "POST /v1/completions" ? handleCompletion : handleChat;
      return busy.run(profile, async () => handler(ctx, await readJson(request, maxBodyBytes)));
    }
    if (endpoint === "POST /v1/responses" && profile.responses) {
      const endpointSpec = profile.responses;
      return busy.run(profile, async () =>
        handleResponses(ctx, await readJson(request, maxBodyBytes), endpointSpec, storedResponses),
      );
    }
    if (endpoint === "POST /v1/embeddings") {
      const raw = await readJson(request, maxBodyBytes);
      await sleep(ctx.timing.firstTokenMs, ctx.signal);
      return handleEmbeddings(ctx, raw);
    }
    if (method === "GET" && (path === "/v1/models" || path.startsWith("/v1/models/"))) {
      await sleep(ctx.timing.firstTokenMs, ctx.signal);
      if (path === "/v1/models") return listModels(profile);
      return retrieveModel(profile, safeDecode(path.slice("/v1/models/".length)));
    }
    const known = ["/v1/chat/completions", "/v1/completions", "/v1/embeddings", "/v1/models"];
    if (known.includes(path))
      return errorResponse(405, `Method ${method} not allowed on ${path}.`, { code: "method_not_allowed" });
    return notFound();
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (basePath && url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`))
      return notFoundResponse(request.method, url.pathname);
    const rest = url.pathname.slice(basePath.length);
    if (rest === "" || rest === "/") return rootListing(url.origin);
    const match = /^\/([^/]+)(\/.*)?$/.exec(rest);
    const [profileName = "", ...pathFaults] = safeDecode(match?.[1] ?? "").split("+");
    const profile = profiles.find((p) => p.name === profileName);
    if (!profile)
      return errorResponse(
        404,
        `Unknown simulator profile '${profileName}'. Known profiles: ${profiles.map((p) => p.name).join(", ")}.`,
        { code: "unknown_profile" },
      );
    const path = match?.[2] ?? "/";
    const requestId = ++requestCounter;
    let faults = new Set<FaultName>();
    try {
      faults = parseFaults(pathFaults, request.headers.get(FAULT_HEADER));
      hub.emit({
        type: "request",
        requestId,
        profile: profile.name,
        method: request.method,
        path,
        faults: [...faults],
      });
      const ctx: HandlerContext = {
        requestId,
        profile,
        path,
        signal: request.signal,
        timing: timingFor(faults),
        nextSeed: () => (seedCounter = (Math.imul(seedCounter, 1103515245) + 12345) >>> 0),
        emit: hub.emit,
        startedAt: Date.now(),
        loadModel: (model) => loadModel(ctx, faults, model),
      };
      let response = await route(ctx, request, faults);
      if (path.startsWith("/v1/") && faults.has("cut"))
        response = await cutResponse(response, settings.faultAfterFrames);
      else if (path.startsWith("/v1/") && faults.has("malformed"))
        response = await malformResponse(response, settings.faultAfterFrames);
      hub.emit({
        type: "response",
        requestId,
        status: response.status,
        stream: (response.headers.get("content-type") ?? "").startsWith("text/event-stream"),
      });
      return response;
    } catch (error) {
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
  }

  return {
    // Never rejects: anything unexpected becomes an OpenAI-shaped 500.
    handle: (request) =>
      handle(request).catch((error: unknown) => errorResponse(500, `Internal simulator error: ${String(error)}`)),
    events: hub,
    profiles,
    basePath,
    maxBodyBytes,
    profileUrls: (origin) =>
      profiles.map((p) => ({
        profile: p.name,
        label: p.label,
        baseUrl: `${origin.replace(/\/+$/, "")}${basePath}/${p.name}/v1`,
      })),
  };
}
