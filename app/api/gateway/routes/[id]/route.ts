import { updateRouteBodySchema } from "@/lib/schemas/gateway";
import { deleteRoute, getRoute, updateRoute } from "@/lib/server/gateway/routes";
import { idParamsSchema } from "@/lib/schemas/route-params";
import { withRoute } from "@/lib/server/route";

export const GET = withRoute({ access: "viewer", params: idParamsSchema }, async ({ params }) => ({
  route: await getRoute(params.id),
}));

/** A full edit, made from `version` (409 when stale). */
export const PUT = withRoute(
  { access: "admin", params: idParamsSchema, body: updateRouteBodySchema },
  async ({ body, params }) => ({ route: await updateRoute(params.id, body) }),
);

export const DELETE = withRoute({ access: "admin", params: idParamsSchema }, async ({ params }) => {
  await deleteRoute(params.id);
  return new Response(null, { status: 204 });
});
