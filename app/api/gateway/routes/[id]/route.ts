import { updateRouteBodySchema } from "@/lib/schemas/gateway";
import { deleteRoute, getRoute, updateRoute } from "@/lib/server/gateway/routes";
import { withRoute } from "@/lib/server/route";

type Params = { id: string };

export const GET = withRoute<undefined, undefined, Params>({ access: "viewer" }, async ({ params }) => ({
  route: await getRoute(params.id),
}));

/** A full edit, made from `version` (409 when stale). */
export const PUT = withRoute<typeof updateRouteBodySchema, undefined, Params>(
  { access: "admin", body: updateRouteBodySchema },
  async ({ body, params }) => ({ route: await updateRoute(params.id, body) }),
);

export const DELETE = withRoute<undefined, undefined, Params>({ access: "admin" }, async ({ params }) => {
  await deleteRoute(params.id);
  return new Response(null, { status: 204 });
});
