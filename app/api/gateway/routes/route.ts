import { createRouteBodySchema } from "@/lib/schemas/gateway";
import { createRoute, listRoutes } from "@/lib/server/gateway/routes";
import { json, withRoute } from "@/lib/server/route";

/** Every role sees the gateway's routes; admins create them. */
export const GET = withRoute({ access: "viewer" }, async () => ({ routes: await listRoutes() }));

export const POST = withRoute({ access: "admin", body: createRouteBodySchema }, async ({ body, user }) =>
  json({ route: await createRoute(body, user.id) }, 201),
);
