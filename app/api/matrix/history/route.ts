import { runHistoryQuerySchema } from "@/lib/schemas/matrix";
import { getRunHistory } from "@/lib/server/matrix/service";
import { withRoute } from "@/lib/server/route";

/**
 * The run timeline of one provider+model: `?providerId=&model=&limit=` → `{ history: { runs,
 * changes, features, … } }` (runs newest first with verdict counts; changes since the previous run).
 */
export const GET = withRoute({ access: "viewer", query: runHistoryQuerySchema }, async ({ query }) => ({
  history: await getRunHistory(query),
}));
