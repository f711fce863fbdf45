import { cancelProbeRun } from "@/lib/server/probes/service";
import { idParamsSchema } from "@/lib/schemas/route-params";
import { withRoute } from "@/lib/server/route";

/** Cancel a running run (members and admins): `{ run }`; results already stored stay. 409 when not running. */
export const POST = withRoute({ access: "member", params: idParamsSchema }, async ({ params }) => ({
  run: await cancelProbeRun(params.id),
}));
