import { refreshProviderModels } from "@/lib/server/providers/connection";
import { listProviderModels } from "@/lib/server/providers/service";
import { withRoute } from "@/lib/server/route";

type Params = { id: string };

/** The stored models with their declared capabilities (every role). */
export const GET = withRoute<undefined, undefined, Params>({ access: "viewer" }, async ({ params }) => ({
  models: await listProviderModels(params.id),
}));

/** Re-reads the models from the server and stores them (members and admins); 502 when the server fails. */
export const POST = withRoute<undefined, undefined, Params>({ access: "member" }, async ({ params }) => ({
  models: await refreshProviderModels(params.id),
}));
