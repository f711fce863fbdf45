import { matrixQuerySchema } from "@/lib/schemas/matrix";
import { getMatrix } from "@/lib/server/matrix/service";
import { withRoute } from "@/lib/server/route";

/**
 * The compatibility matrix: `?environment=&kind=&problems=1&sort=name|supported` →
 * `{ matrix: { features, rows, providerCount, generatedAt } }`, each cell the latest verdict.
 */
export const GET = withRoute({ access: "viewer", query: matrixQuerySchema }, async ({ query }) => ({
  matrix: await getMatrix(query),
}));
