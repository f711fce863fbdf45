import { runEventStream } from "@/lib/server/probes/follow";
import { getProbeRun } from "@/lib/server/probes/service";
import { idParamsSchema } from "@/lib/schemas/route-params";
import { withRoute } from "@/lib/server/route";

/**
 * Follow a run live (Server-Sent Events): `progress` (the run now), one `result` per stored
 * result with `done`/`total`, then `end` with the final run. Works for runs executing on
 * any instance (it reads the database). 404 before the stream opens for an unknown run.
 */
export const GET = withRoute({ access: "viewer", params: idParamsSchema }, async ({ params, req }) => {
  await getProbeRun(params.id);
  return new Response(runEventStream(params.id, req.signal), {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
});
