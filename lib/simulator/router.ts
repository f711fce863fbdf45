/**
 * Which answer a request to one profile gets, in the order its server decides: a model
 * still loading (llama-server refuses everything), the server's own discovery endpoints,
 * the request faults, then the OpenAI endpoints under `/v1/`.
 */
import { type BusyGate, createBusyGate } from "./busy";
import { handleChat } from "./chat";
import { handleCompletion } from "./completions";
import type { HandlerContext } from "./context";
import { handleEmbeddings, listModels, retrieveModel } from "./endpoints";
import { type FaultName, type FaultSettings, createFaultRefusal } from "./faults";
import { AbortedError, errorResponse, refusalError, safeDecode, sleep, waitForAbort } from "./http";
import { readJson } from "./read-json";
import { type ResponseStore, handleResponses } from "./responses";
import { notFoundResponse, servedModelId } from "./rules";

/** Answers one request to `ctx.profile`; may throw a `SimulatorHttpError` or `AbortedError`. */
export type Router = (ctx: HandlerContext, request: Request, faults: ReadonlySet<FaultName>) => Promise<Response>;

/** The `/v1/` paths that answer 405 (not 404) to a method they do not serve. */
const KNOWN_V1_PATHS = ["/v1/chat/completions", "/v1/completions", "/v1/embeddings", "/v1/models"];

/** What the `/v1/` endpoints share across the requests of one simulator. */
interface V1State {
  maxBodyBytes: number;
  busy: BusyGate;
  storedResponses: ResponseStore;
}

/** A router with its own state (busy profiles, `+flaky` counts, stored responses): one per simulator. */
export function createRouter(settings: FaultSettings, maxBodyBytes: number): Router {
  const refuseByFault = createFaultRefusal(settings);
  // Responses kept for `previous_response_id` by the stateful profiles (per simulator).
  const v1: V1State = { maxBodyBytes, busy: createBusyGate(), storedResponses: new Map() };
  return async (ctx, request, faults) => {
    const { profile, path } = ctx;
    const method = request.method.toUpperCase();
    // llama-server answers every endpoint, /health included, with 503 until its model is loaded.
    if (faults.has("loading") && profile.loading?.kind === "refuse") {
      throw refusalError(profile.loading.rule, servedModelId(profile));
    }
    const discovery = profile.discovery.find((d) => d.path === path && d.method === method);
    if (discovery) {
      const body = method === "POST" ? await readJson(request, maxBodyBytes).catch(() => undefined) : undefined;
      return discovery.handle({ profile, request, body });
    }
    const notFound = (): Response => profile.notFound?.(method, path) ?? notFoundResponse(method, path);
    if (!path.startsWith("/v1/")) return notFound();
    const refusal = refuseByFault(profile, request, faults);
    if (refusal) return refusal;
    if (faults.has("hang")) {
      await waitForAbort(ctx.signal);
      throw new AbortedError();
    }
    return (await answerV1(ctx, request, method, v1)) ?? notFound();
  };
}

/** The OpenAI endpoint for `method` and `ctx.path`, or undefined when there is none. */
async function answerV1(
  ctx: HandlerContext,
  request: Request,
  method: string,
  { maxBodyBytes, busy, storedResponses }: V1State,
): Promise<Response | undefined> {
  const { profile, path } = ctx;
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
  if (KNOWN_V1_PATHS.includes(path))
    return errorResponse(405, `Method ${method} not allowed on ${path}.`, { code: "method_not_allowed" });
  return undefined;
}
