import { getProbeRun } from "@/lib/server/probes/service";
import { idParamsSchema } from "@/lib/schemas/route-params";
import { withRoute } from "@/lib/server/route";

/** One run with its results (in finishing order): `{ run: { …, done, total, results } }`. */
export const GET = withRoute({ access: "viewer", params: idParamsSchema }, async ({ params }) => ({
  run: await getProbeRun(params.id),
}));
