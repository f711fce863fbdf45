import { probeScheduleBodySchema } from "@/lib/schemas/probes";
import { getProbeSchedule, setProbeSchedule } from "@/lib/server/probes/scheduler";
import { idParamsSchema } from "@/lib/schemas/route-params";
import { withRoute } from "@/lib/server/route";

/** The provider's re-probing schedule: `{ schedule: { intervalMinutes (null: off), model, features, nextRunAt, lastRunId } }`. */
export const GET = withRoute({ access: "viewer", params: idParamsSchema }, async ({ params }) => ({
  schedule: await getProbeSchedule(params.id),
}));

/** Set (admins): `{ intervalMinutes: 5…44640 | null, model?, features? }`; null turns re-probing off. */
export const PUT = withRoute(
  { access: "admin", params: idParamsSchema, body: probeScheduleBodySchema },
  async ({ params, body }) => ({ schedule: await setProbeSchedule(params.id, body) }),
);
