import { createProviderBodySchema } from "@/lib/schemas/providers";
import { listProviders, createProvider } from "@/lib/server/providers/service";
import { json, withRoute } from "@/lib/server/route";

/** Every role sees providers (secrets only as set/unset and a hint); admins create them. */
export const GET = withRoute({ access: "viewer" }, async () => ({ providers: await listProviders() }));

export const POST = withRoute({ access: "admin", body: createProviderBodySchema }, async ({ body, user }) =>
  json(await createProvider(body, user.id), 201),
);
