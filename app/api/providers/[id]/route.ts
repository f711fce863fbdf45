import { patchProviderBodySchema, updateProviderBodySchema } from "@/lib/schemas/providers";
import { deleteProvider, getProvider, setProviderEnabled, updateProvider } from "@/lib/server/providers/service";
import { withRoute } from "@/lib/server/route";

type Params = { id: string };

export const GET = withRoute<undefined, undefined, Params>({ access: "viewer" }, async ({ params }) => ({
  provider: await getProvider(params.id),
}));

/** A full edit from the form, made from `version` (409 when stale). */
export const PUT = withRoute<typeof updateProviderBodySchema, undefined, Params>(
  { access: "admin", body: updateProviderBodySchema },
  async ({ body, params }) => updateProvider(params.id, body),
);

/** Enable or disable. */
export const PATCH = withRoute<typeof patchProviderBodySchema, undefined, Params>(
  { access: "admin", body: patchProviderBodySchema },
  async ({ body, params }) => ({ provider: await setProviderEnabled(params.id, body.enabled, body.version) }),
);

export const DELETE = withRoute<undefined, undefined, Params>({ access: "admin" }, async ({ params }) => {
  await deleteProvider(params.id);
  return new Response(null, { status: 204 });
});
