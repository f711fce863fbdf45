import "server-only";
import crypto from "node:crypto";
import { z } from "zod";
import type { Role } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { allowedOrigins } from "./origins";
import { readJsonBody } from "./read-body";
import { SecretDecryptError } from "./secrets";
import { requireRole, type SessionUser } from "./session";

/** Default request body limit; routes that take larger bodies (images) raise it. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

type Access = Role | "public";

/** The caller a handler sees: a signed-in user on every route but a `public` one. */
type UserFor<A extends Access> = A extends "public" ? null : SessionUser;

type RouteContext<B, Q, P, U> = {
  req: Request;
  body: B;
  query: Q;
  params: P;
  /** The signed-in user (non-null unless `access` is `public`). */
  user: U;
};

type RouteOptions<
  A extends Access,
  B extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  PS extends z.ZodType | undefined,
> = {
  access: A;
  body?: B;
  query?: Q;
  /** The dynamic segments (`[id]`), parsed like the query: `params` in the handler is its output. */
  params?: PS;
  maxBodyBytes?: number;
};

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

/**
 * The one wrapper every route handler uses: checks the caller's role, refuses cross-site
 * mutations, limits and parses the body (zod), the query and the segment params, then maps
 * whatever is thrown to `{ error: { code, message, details? } }` with the right status. A
 * handler returns a Response (passed through) or a value (sent as JSON 200).
 *
 * Everything is inferred from the options: `user` is non-null unless `access` is `public`,
 * and `params` is the `params` schema's output. (The older form with spelled-out generics,
 * `withRoute<Body, Query, Params>`, still compiles: `params` is then typed as given, unchecked,
 * and `user` as nullable, since explicit generics leave `access` at its default.)
 */
export function withRoute<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends Record<string, string | string[]> = Record<string, string>,
  A extends Access = Access,
  PS extends z.ZodType | undefined = undefined,
>(
  options: RouteOptions<A, B, Q, PS>,
  handler: (
    ctx: RouteContext<Infer<B>, Infer<Q>, PS extends z.ZodType ? z.infer<PS> : P, UserFor<A>>,
  ) => Promise<unknown>,
) {
  return async (req: Request, segment?: { params: Promise<Record<string, string | string[]>> }): Promise<Response> => {
    try {
      const isMutation = !["GET", "HEAD", "OPTIONS"].includes(req.method);
      if (isMutation) assertSameOrigin(req);
      const user = options.access === "public" ? null : await requireRole(req.headers, options.access);
      const body = options.body
        ? options.body.parse(await readJsonBody(req, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES))
        : undefined;
      const query = options.query ? options.query.parse(Object.fromEntries(new URL(req.url).searchParams)) : undefined;
      const raw = segment ? await segment.params : {};
      const params = options.params ? options.params.parse(raw) : raw;
      // The casts restate what the checks above established (the role check returned a user).
      const ctx = { req, body, query, params, user } as Parameters<typeof handler>[0];
      const result = await handler(ctx);
      return noStore(result instanceof Response ? result : Response.json(result ?? null));
    } catch (err) {
      return noStore(errorResponse(err));
    }
  };
}

/** JSON with a status other than 200. */
export function json(value: unknown, status: number, headers?: HeadersInit): Response {
  return Response.json(value, { status, headers });
}

/**
 * Answers hold account, provider and run data for one signed-in user: no browser or proxy
 * may keep them (a route that wants caching sets its own Cache-Control).
 */
export function noStore(res: Response): Response {
  if (!res.headers.has("cache-control")) {
    try {
      res.headers.set("Cache-Control", "no-store");
    } catch {
      // A Response with immutable headers (a proxied fetch) keeps its own.
    }
  }
  return res;
}

/**
 * Cookies are SameSite=Lax, and on top of that a mutation whose Origin (or
 * Sec-Fetch-Site) shows another site is refused: no cross-site request can change data.
 * The Origin is compared with the configured origins only, never with the request's own
 * Host: a DNS-rebinding page (evil.example resolving to this server) sends a Host that
 * matches its Origin, and must not pass.
 */
function assertSameOrigin(req: Request): void {
  const origin = req.headers.get("origin");
  if (origin) {
    if (allowedOrigins().has(origin)) return;
    throw new AppError(
      "forbidden",
      `Requests from ${origin} are not allowed; if users open Switchyard at that address, set APP_URL (or TRUSTED_ORIGINS) to it.`,
    );
  }
  if (req.headers.get("sec-fetch-site") === "cross-site") {
    throw new AppError("forbidden", "Cross-site requests are not allowed.");
  }
}

export function errorResponse(err: unknown): Response {
  if (err instanceof AppError) return json(err.toBody(), err.status);
  if (err instanceof z.ZodError) {
    const details = err.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    const first = details[0];
    const message = first ? `${first.path || "body"} ${first.message}` : "Invalid input.";
    return json({ error: { code: "validation_failed", message, details } }, 400);
  }
  if (err instanceof SecretDecryptError) {
    // Safe to show: names the cause (a changed SWITCHYARD_SECRET), never the secret.
    return json({ error: { code: "internal", message: err.message } }, 500);
  }
  const prismaCode = (err as { code?: unknown })?.code;
  if (prismaCode === "P2025") return json({ error: { code: "not_found", message: "Not found." } }, 404);
  if (prismaCode === "P2002") {
    return json({ error: { code: "conflict", message: "Something with that name already exists." } }, 409);
  }
  const id = crypto.randomUUID();
  console.error(`[error ${id}]`, err instanceof Error ? (err.stack ?? err.message) : String(err));
  return json({ error: { code: "internal", message: `Something went wrong on the server (error id ${id}).` } }, 500);
}
