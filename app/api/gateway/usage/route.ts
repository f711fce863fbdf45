import { usageQuerySchema } from "@/lib/schemas/usage";
import { withRoute } from "@/lib/server/route";
import { getUsage } from "@/lib/server/usage/service";

/** The gateway's usage over a window, per key, route, provider or model (any signed-in user). */
export const GET = withRoute({ access: "viewer", query: usageQuerySchema }, async ({ query }) => ({
  usage: await getUsage(query),
}));
