import { patchProviderBodySchema, updateProviderBodySchema } from "@/lib/schemas/providers";
import { deleteProvider, getProvider, setProviderEnabled, updateProvider } from "@/lib/server/providers/service";
import { idParamsSchema } from "@/lib/schemas/route-params";
import { withRoute } from "@/lib/server/route";

export const GET = withRoute({ access: "viewer", params: idParamsSchema }, async ({ params }) => ({
  provider: await getProvider(params.id),
}));

/** A full edit from the form, made from `version` (409 when stale). */
export const PUT = withRoute(
  { access: "admin", params: idParamsSchema, body: updateProviderBodySchema },
  async ({ body, params }) => updateProvider(params.id, body),
);

/** Enable or disable. */
export const PATCH = withRoute(
  { access: "admin", params: idParamsSchema, body: patchProviderBodySchema },
  async ({ body, params }) => ({ provider: await setProviderEnabled(params.id, body.enabled, body.version) }),
);

export const DELETE = withRoute({ access: "admin", params: idParamsSchema }, async ({ params }) => {
  await deleteProvider(params.id);
  return new Response(null, { status: 204 });
});
