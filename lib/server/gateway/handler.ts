import "server-only";
import type { ChatBody } from "../calls/plan";
import { type GatewayConfig, type KeyEntry, configKnowingKey, gatewayConfig } from "./config";
import { GatewayError, badRequest, errorResponse, gatewayHeaders, jsonAnswer } from "./errors";
import { gatewayChat } from "./chat";
import { hashKey } from "./keys";
import { type GatewayEndpoint, logGatewayRequest } from "./log";
import { listModels, retrieveModel } from "./models";
import { gatewayPassthrough } from "./passthrough";
import { gatewayResponses } from "./responses";
import {
  type ResponsesBody,
  refusedResponsesFeature,
  responsesBodySchema,
  unknownResponsesField,
} from "@/lib/responses/request";
import { admitRequest } from "./rate-limit";
import {
  checkBody,
  gatewayChatSchema,
  gatewayCompletionsSchema,
  gatewayEmbeddingsSchema,
  parseGatewayJson,
  readRequestBody,
  resolveModel,
} from "./request";

/**
 * The gateway's one request handler, a Fetch `Request` → `Response` function: `npm start`
 * serves `/v1` with it from its front door, ahead of Next (lib/server/http/front-door.ts),
 * and `app/v1/[...path]/route.ts` serves it under `next dev`. It authenticates the gateway
 * key (`Authorization: Bearer sy-…`; a dashboard session never counts), applies the key's
 * rate limit, reads and checks the body, resolves `model` to a route or a direct target and
 * hands over to the endpoint. Every answer is OpenAI's shape; nothing but the log row is
 * written for a bad request.
 */

/**
 * A request as the gateway reads it — what the front door builds straight from Node's
 * request (no WHATWG `Request`: constructing one and reading its body as a stream costs more
 * than the gateway's own work) and what a `Request` becomes under `next dev`.
 */
export type GatewayInput = {
  method: string;
  /** The path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  header: (name: string) => string | null;
  /** The body, read up to {@link MAX_GATEWAY_BODY_BYTES} (413 beyond). */
  body: () => Promise<Buffer>;
  /** Aborts when the client goes away. */
  signal: AbortSignal;
};

type Endpoint = { method: "GET" | "POST"; run: (ctx: Ctx) => Promise<Response> };
type Ctx = { req: GatewayInput; key: KeyEntry; config: GatewayConfig; startedAt: number; rest: string };

const MISSING_KEY =
  "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). Create one in Switchyard under Gateway → Keys.";

function unauthorized(message: string): GatewayError {
  return new GatewayError(401, message, "invalid_request_error", "invalid_api_key");
}

/** The key a request carries, or the 401 it gets; with the snapshot that knows it. */
async function authenticate(req: GatewayInput, now: number): Promise<{ key: KeyEntry; config: GatewayConfig }> {
  const header = req.header("authorization");
  if (!header) throw new GatewayError(401, MISSING_KEY, "invalid_request_error", null);
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (!match) throw new GatewayError(401, MISSING_KEY, "invalid_request_error", null);
  const hash = hashKey(match[1]!);
  let config = await gatewayConfig();
  let key = config.keysByHash.get(hash);
  if (!key) {
    // Perhaps created on another instance since the snapshot was read.
    const fresh = await configKnowingKey(hash);
    if (fresh) {
      config = fresh;
      key = fresh.keysByHash.get(hash);
    }
  }
  if (!key)
    throw unauthorized("Incorrect API key provided. Check the key, or create one in Switchyard under Gateway → Keys.");
  if (key.revokedAt !== null) throw unauthorized(`The API key ${key.prefix}… was revoked.`);
  if (key.expiresAt !== null && key.expiresAt <= now) throw unauthorized(`The API key ${key.prefix}… has expired.`);
  return { key, config };
}

function rateLimited(key: KeyEntry, retryAfterS: number): GatewayError {
  return new GatewayError(
    429,
    `Rate limit reached for requests per minute (RPM) on the key ${key.prefix}…: limit ${key.rpm}. Please try again in ${retryAfterS}s.`,
    "requests",
    "rate_limit_exceeded",
    null,
    {
      "Retry-After": String(retryAfterS),
      "x-ratelimit-limit-requests": String(key.rpm),
      "x-ratelimit-remaining-requests": "0",
    },
  );
}

/** A 4xx for a known key, logged (it is the only thing written). */
function logRejected(ctx: Ctx, endpoint: GatewayEndpoint, err: GatewayError, model: string) {
  logGatewayRequest({
    keyId: ctx.key.id,
    route: null,
    environment: ctx.key.environment,
    endpoint,
    model,
    status: "error",
    httpStatus: err.status,
    latencyMs: Math.round(performance.now() - ctx.startedAt),
    ttftMs: null,
    promptTokens: null,
    completionTokens: null,
    degradations: [],
    attempts: [],
    features: [],
    error: err.message,
  });
}

/**
 * Reads the body as JSON and hands it to `handle`; a GatewayError on the way (a bad body, an
 * unknown model, a refusal by name, no target answering) is logged against the model the
 * body named, then thrown on to become the answer.
 */
async function withJsonBody(
  ctx: Ctx,
  endpoint: GatewayEndpoint,
  handle: (raw: Record<string, unknown>) => Promise<Response>,
): Promise<Response> {
  let model = "";
  try {
    const raw = parseGatewayJson(await ctx.req.body());
    model = typeof raw.model === "string" ? raw.model : "";
    return await handle(raw);
  } catch (err) {
    if (err instanceof GatewayError) logRejected(ctx, endpoint, err, model);
    throw err;
  }
}

/** What an endpoint's handler is given: the key, the target(s) `model` resolves to, the checked body. */
function callContext<B extends { model: string }>(ctx: Ctx, body: B) {
  const resolved = resolveModel(ctx.config, ctx.key, body.model);
  return { key: ctx.key, resolved, body, signal: ctx.req.signal, startedAt: ctx.startedAt };
}

function chat(ctx: Ctx): Promise<Response> {
  return withJsonBody(ctx, "chat", (raw) =>
    gatewayChat(callContext(ctx, checkBody(gatewayChatSchema, raw) as ChatBody)),
  );
}

/** `POST /v1/responses`: every field OpenAI documents is honoured or refused by name. */
function responses(ctx: Ctx): Promise<Response> {
  return withJsonBody(ctx, "responses", (raw) => {
    const unknown = unknownResponsesField(raw);
    if (unknown) throw badRequest(`Unrecognized request argument supplied: ${unknown}`, unknown, "unknown_parameter");
    const body = checkBody(responsesBodySchema, raw) as ResponsesBody;
    const refused = refusedResponsesFeature(body);
    if (refused) throw badRequest(refused.message, refused.param, refused.code);
    return gatewayResponses(callContext(ctx, body));
  });
}

function passthrough(endpoint: "embeddings" | "completions") {
  const schema = endpoint === "embeddings" ? gatewayEmbeddingsSchema : gatewayCompletionsSchema;
  return (ctx: Ctx): Promise<Response> =>
    withJsonBody(ctx, endpoint, (raw) => {
      const body = checkBody(schema, raw) as Record<string, unknown> & { model: string; stream?: boolean | null };
      if (body.stream) {
        throw new GatewayError(
          400,
          "Streaming legacy completions is not offered by the gateway; use /v1/chat/completions with stream: true.",
          "invalid_request_error",
          "unsupported_value",
          "stream",
        );
      }
      return gatewayPassthrough(endpoint, callContext(ctx, body));
    });
}

const json = (value: unknown) => jsonAnswer(value, 200, gatewayHeaders());

/** Paths under `/v1`, each with its one method. */
const ENDPOINTS: Record<string, Endpoint> = {
  "chat/completions": { method: "POST", run: chat },
  completions: { method: "POST", run: passthrough("completions") },
  responses: { method: "POST", run: responses },
  embeddings: { method: "POST", run: passthrough("embeddings") },
  models: { method: "GET", run: async (ctx) => json(await listModels(ctx.config, ctx.key)) },
  "models/*": { method: "GET", run: async (ctx) => json(await retrieveModel(ctx.config, ctx.key, ctx.rest)) },
};

const LOG_ENDPOINT: Record<string, GatewayEndpoint> = {
  "chat/completions": "chat",
  responses: "responses",
  completions: "completions",
  embeddings: "embeddings",
};

/** The endpoint a path names (`models/{id}`: the id may hold slashes), and what follows it. */
function route(pathname: string): { name: string; endpoint: Endpoint | undefined; rest: string } {
  const sub = pathname.replace(/^\/v1\/?/, "").replace(/\/+$/, "");
  if (sub.startsWith("models/")) {
    let rest = sub.slice("models/".length);
    try {
      rest = decodeURIComponent(rest);
    } catch {
      // the front door refuses broken escapes; under next dev the raw text is looked up
    }
    return { name: "models/*", endpoint: ENDPOINTS["models/*"], rest };
  }
  return { name: sub, endpoint: Object.hasOwn(ENDPOINTS, sub) ? ENDPOINTS[sub] : undefined, rest: "" };
}

/** Answers one `/v1/…` request (`npm start`'s front door calls it directly). Never throws. */
export async function serveGateway(req: GatewayInput): Promise<Response> {
  const startedAt = performance.now();
  const path = req.path;
  try {
    const { name, endpoint, rest } = route(path);
    if (!endpoint) {
      throw new GatewayError(404, `Invalid URL (${req.method} ${path})`, "invalid_request_error");
    }
    if (req.method !== endpoint.method && !(req.method === "HEAD" && endpoint.method === "GET")) {
      throw new GatewayError(
        405,
        `Invalid method for URL (${req.method} ${path})`,
        "invalid_request_error",
        null,
        null,
        {
          Allow: endpoint.method,
        },
      );
    }
    const { key, config } = await authenticate(req, Date.now());
    const ctx: Ctx = { req, key, config, startedAt, rest };
    if (key.rpm !== null) {
      const admitted = admitRequest(key.id, key.rpm);
      if (!admitted.ok) {
        const err = rateLimited(key, admitted.retryAfterS);
        logRejected(ctx, LOG_ENDPOINT[name] ?? "models", err, "");
        throw err;
      }
    }
    return await endpoint.run(ctx);
  } catch (err) {
    if (err instanceof GatewayError) return errorResponse(err);
    console.error("[gateway] request failed:", err instanceof Error ? (err.stack ?? err.message) : err);
    return errorResponse(new GatewayError(500, "Something went wrong in the gateway.", "server_error"));
  }
}

/** The gateway as a Fetch handler: `app/v1/[...path]/route.ts` under `next dev`. */
export function handleGateway(req: Request): Promise<Response> {
  return serveGateway({
    method: req.method,
    path: new URL(req.url).pathname,
    header: (name) => req.headers.get(name),
    body: () => readRequestBody(req),
    signal: req.signal,
  });
}
