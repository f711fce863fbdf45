import { environmentDefaultsBodySchema } from "@/lib/schemas/providers";
import { getEnvironmentDefaults, setEnvironmentDefaults } from "@/lib/server/providers/environments";
import { withRoute } from "@/lib/server/route";

export const GET = withRoute({ access: "viewer" }, async () => ({ environments: await getEnvironmentDefaults() }));

export const PUT = withRoute({ access: "admin", body: environmentDefaultsBodySchema }, async ({ body }) => ({
  environments: await setEnvironmentDefaults(body.defaults),
}));
