import { z } from "zod";
import { ENVIRONMENTS, type Environment } from "@/lib/environments";

/**
 * The gateway's admin contract (isomorphic): routes and gateway keys as the API takes and
 * shows them. The `/v1` side speaks OpenAI's own shapes (lib/server/gateway).
 */

/** Targets a route may chain. */
export const MAX_ROUTE_TARGETS = 5;

/** Route names are what clients send as `model`: no spaces, no slash (a slash addresses a provider directly). */
const routeName = z
  .string()
  .trim()
  .min(1, "is required")
  .max(64, "must be at most 64 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, "must be letters, digits, '.', '_', ':' or '-' (no spaces or '/')");

const environment = z.enum(ENVIRONMENTS, { error: `must be one of ${ENVIRONMENTS.join(", ")}` });

export const routeTargetSchema = z.object({
  providerId: z.string().trim().min(1, "is required").max(100),
  model: z.string().trim().min(1, "is required").max(200, "must be at most 200 characters"),
});
export type RouteTarget = z.infer<typeof routeTargetSchema>;

export const routeFieldsSchema = z.object({
  name: routeName,
  environment,
  targets: z
    .array(routeTargetSchema)
    .min(1, "must hold at least one target")
    .max(MAX_ROUTE_TARGETS, `may hold at most ${MAX_ROUTE_TARGETS} targets`)
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((t, i) => {
        const key = `${t.providerId}\u0000${t.model}`;
        if (seen.has(key)) ctx.addIssue({ code: "custom", path: [i], message: "is listed twice" });
        seen.add(key);
      });
    }),
});
export type RouteFields = z.infer<typeof routeFieldsSchema>;

/** `POST /api/gateway/routes`. */
export const createRouteBodySchema = routeFieldsSchema;
/** `PUT /api/gateway/routes/[id]`: the version the edit started from (a stale one gets 409). */
export const updateRouteBodySchema = routeFieldsSchema.extend({ version: z.number().int().min(1) });

/** A route as the API shows it. */
export type RouteView = {
  id: string;
  name: string;
  environment: Environment;
  targets: (RouteTarget & { providerName: string | null })[];
  version: number;
  createdAt: string;
  updatedAt: string;
};

/** `POST /api/gateway/keys`. */
export const createKeyBodySchema = z.object({
  name: z.string().trim().min(1, "is required").max(80, "must be at most 80 characters"),
  /** Absent: the server's ENVIRONMENT. */
  environment: environment.optional(),
  /** Route names the key may use; absent: every route. */
  routes: z.array(routeName).max(100, "may list at most 100 routes").optional(),
  allowDirect: z.boolean().default(false),
  rpm: z
    .number("must be a number")
    .min(1, "must be between 1 and 1000000")
    .max(1_000_000, "must be between 1 and 1000000")
    .int("must be a whole number")
    .optional(),
  expiresAt: z.iso
    .datetime({ offset: true, error: "must be an ISO date and time such as 2027-01-31T00:00:00Z" })
    .refine((v) => Date.parse(v) > Date.now(), "must be in the future")
    .optional(),
});
export type CreateKeyBody = z.output<typeof createKeyBodySchema>;

/** A gateway key as the API shows it: never its secret or hash. */
export type GatewayKeyView = {
  id: string;
  name: string;
  /** The secret's first characters, e.g. `sy-AbC12345`. */
  prefix: string;
  environment: Environment;
  routes: string[] | null;
  allowDirect: boolean;
  rpm: number | null;
  expiresAt: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};
