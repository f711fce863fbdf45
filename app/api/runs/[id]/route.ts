import { getProbeRun } from "@/lib/server/probes/service";
import { withRoute } from "@/lib/server/route";

/** One run with its results (in finishing order): `{ run: { …, done, total, results } }`. */
export const GET = withRoute<undefined, undefined, { id: string }>({ access: "viewer" }, async ({ params }) => ({
  run: await getProbeRun(params.id),
}));
