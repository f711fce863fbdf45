import { historyQuerySchema } from "@/lib/schemas/probes";
import { featureHistory } from "@/lib/server/probes/service";
import { idParamsSchema } from "@/lib/schemas/route-params";
import { withRoute } from "@/lib/server/route";

/**
 * The history of one feature for a provider+model, newest first:
 * `?feature=json_mode&model=&limit=` (model defaults to the provider's) → `{ history: [result…] }`.
 */
export const GET = withRoute(
  { access: "viewer", params: idParamsSchema, query: historyQuerySchema },
  async ({ params, query }) => ({ history: await featureHistory(params.id, query) }),
);
