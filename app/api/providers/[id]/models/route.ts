import { refreshProviderModels } from "@/lib/server/providers/connection";
import { listProviderModels } from "@/lib/server/providers/service";
import { idParamsSchema } from "@/lib/schemas/route-params";
import { withRoute } from "@/lib/server/route";

/** The stored models with their declared capabilities (every role). */
export const GET = withRoute({ access: "viewer", params: idParamsSchema }, async ({ params }) => ({
  models: await listProviderModels(params.id),
}));

/** Re-reads the models from the server and stores them (members and admins); 502 when the server fails. */
export const POST = withRoute({ access: "member", params: idParamsSchema }, async ({ params }) => ({
  models: await refreshProviderModels(params.id),
}));
