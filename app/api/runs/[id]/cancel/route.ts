import { cancelProbeRun } from "@/lib/server/probes/service";
import { withRoute } from "@/lib/server/route";

/** Cancel a running run (members and admins): `{ run }`; results already stored stay. 409 when not running. */
export const POST = withRoute<undefined, undefined, { id: string }>({ access: "member" }, async ({ params }) => ({
  run: await cancelProbeRun(params.id),
}));
