import "server-only";
import { z } from "zod";
import type { RouteTarget } from "@/lib/schemas/gateway";
import { nameKey } from "@/lib/schemas/providers";
import { MAX_JSON_DEPTH, pathDeeperThan, readBodyBytes } from "../read-body";
import { type GatewayConfig, type KeyEntry, routeKey } from "./config";
import { GatewayError, badRequest } from "./errors";

/** Reading and checking what an application sent: its JSON body, and the route or target its `model` names. */

/** Bodies up to this size (a few images as data URLs). */
export const MAX_GATEWAY_BODY_BYTES = 16 * 1024 * 1024;

/** The 413 of a body over {@link MAX_GATEWAY_BODY_BYTES}. */
export function tooLargeError(): GatewayError {
  return new GatewayError(
    413,
    `The request body is larger than ${MAX_GATEWAY_BODY_BYTES / 1024 / 1024} MiB.`,
    "invalid_request_error",
    "request_too_large",
  );
}

const PARSE_ERROR =
  "We could not parse the JSON body of your request. (The body must be a JSON object; see https://platform.openai.com/docs/api-reference.)";

/** A Fetch request's body, size-limited while it is read. */
export function readRequestBody(req: Request): Promise<Buffer> {
  return readBodyBytes(req, MAX_GATEWAY_BODY_BYTES, tooLargeError);
}

/** A request body as a JSON object, depth-limited once parsed; OpenAI's 400 otherwise. */
export function parseGatewayJson(bytes: Buffer): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw badRequest(PARSE_ERROR, null, "invalid_json");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw badRequest(PARSE_ERROR, null, "invalid_json");
  const deep = pathDeeperThan(body, MAX_JSON_DEPTH);
  if (deep !== null)
    throw badRequest(`'${deep}' is nested deeper than ${MAX_JSON_DEPTH} levels.`, deep, "invalid_value");
  return body as Record<string, unknown>;
}

const message = z.looseObject({
  role: z.enum(["system", "developer", "user", "assistant", "tool", "function"]),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string() })), z.null()]).optional(),
  tool_calls: z
    .array(
      z.looseObject({
        id: z.string(),
        type: z.string(),
        function: z.looseObject({ name: z.string(), arguments: z.string() }),
      }),
    )
    .optional(),
  tool_call_id: z.string().optional(),
});

const tool = z.looseObject({
  type: z.string(),
  function: z.looseObject({
    name: z.string().min(1),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
  }),
});

const opt = <T extends z.ZodType>(s: T) => s.nullable().optional();

/** `POST /v1/chat/completions`: what the gateway checks itself (the rest is the provider's to judge). */
export const gatewayChatSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(message).min(1),
  stream: opt(z.boolean()),
  stream_options: opt(z.looseObject({ include_usage: z.boolean().optional() })),
  n: opt(z.number().int().min(1).max(128)),
  max_tokens: opt(z.number().int().min(1)),
  max_completion_tokens: opt(z.number().int().min(1)),
  temperature: opt(z.number().min(0).max(2)),
  top_p: opt(z.number().min(0).max(1)),
  seed: opt(z.number().int()),
  stop: opt(z.union([z.string(), z.array(z.string()).max(4)])),
  logprobs: opt(z.boolean()),
  top_logprobs: opt(z.number().int().min(0).max(20)),
  tools: z.array(tool).max(128).optional(),
  tool_choice: z
    .union([
      z.enum(["none", "auto", "required"]),
      z.looseObject({ type: z.string(), function: z.looseObject({ name: z.string() }) }),
    ])
    .optional(),
  parallel_tool_calls: z.boolean().optional(),
  response_format: z
    .union([
      z.looseObject({ type: z.literal("text") }),
      z.looseObject({ type: z.literal("json_object") }),
      z.looseObject({
        type: z.literal("json_schema"),
        json_schema: z.looseObject({
          name: z.string(),
          schema: z.record(z.string(), z.unknown()).optional(),
          strict: opt(z.boolean()),
        }),
      }),
    ])
    .optional(),
});

/** `POST /v1/embeddings`. */
export const gatewayEmbeddingsSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([
    z.string(),
    z.array(z.string()).min(1).max(2048),
    z.array(z.number()),
    z.array(z.array(z.number())).max(2048),
  ]),
  encoding_format: z.enum(["float", "base64"]).optional(),
  dimensions: z.number().int().min(1).optional(),
});

/** `POST /v1/completions` (legacy). */
export const gatewayCompletionsSchema = z.looseObject({
  model: z.string().min(1),
  prompt: z.union([z.string(), z.array(z.string()), z.array(z.number()), z.array(z.array(z.number()))]),
  stream: opt(z.boolean()),
  max_tokens: opt(z.number().int().min(0)),
  n: opt(z.number().int().min(1).max(128)),
});

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, k) => (typeof k === "number" ? `${out}[${k}]` : out ? `${out}.${String(k)}` : String(k)),
    "",
  );
}

/** Parses `body` with `schema`, or throws OpenAI's 400 naming the parameter. */
export function checkBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const param = pathOf(issue.path) || null;
  const missing = issue.code === "invalid_type" && issue.message.includes("received undefined");
  if (missing) throw badRequest(`Missing required parameter: '${param}'.`, param, "missing_required_parameter");
  throw badRequest(`Invalid value for '${param}': ${issue.message}.`, param, "invalid_value");
}

/** What a request's `model` resolved to. */
export type Resolved = { route: string | null; targets: RouteTarget[] };

/**
 * The targets a key reaches with `model`: a route of the key's environment, or — when the
 * key allows it — `Provider name/model` addressing one target directly.
 */
export function resolveModel(config: GatewayConfig, key: KeyEntry, model: string): Resolved {
  const route = config.routes.get(routeKey(key.environment, model));
  if (route) {
    if (key.routes && !key.routes.has(route.name)) {
      throw new GatewayError(
        403,
        `This key may not use the route "${route.name}".`,
        "permission_error",
        "route_not_allowed",
        "model",
      );
    }
    return { route: route.name, targets: route.targets };
  }
  // `Provider name/model`: the longest provider name that prefixes it (model ids contain slashes too).
  for (let cut = model.lastIndexOf("/"); cut > 0; cut = model.lastIndexOf("/", cut - 1)) {
    const providerId = config.providersByName.get(nameKey(model.slice(0, cut)));
    const target = model.slice(cut + 1);
    if (!providerId || !target) continue;
    if (!key.allowDirect) {
      throw new GatewayError(
        403,
        "This key may not address providers directly; use a route.",
        "permission_error",
        "direct_not_allowed",
        "model",
      );
    }
    const provider = config.providers.get(providerId)!;
    if (!provider.environments.includes(key.environment)) {
      throw new GatewayError(
        404,
        `The provider "${provider.name}" does not serve ${key.environment}.`,
        "invalid_request_error",
        "model_not_found",
        "model",
      );
    }
    return { route: null, targets: [{ providerId, model: target }] };
  }
  const names = [...config.routes.values()]
    .filter((r) => r.environment === key.environment && (!key.routes || key.routes.has(r.name)))
    .map((r) => r.name);
  throw new GatewayError(
    404,
    `The model \`${model}\` does not exist: no route of that name in ${key.environment} (${names.length ? `routes: ${names.join(", ")}` : "no routes yet"}).`,
    "invalid_request_error",
    "model_not_found",
    "model",
  );
}
