import { probeScheduleBodySchema } from "@/lib/schemas/probes";
import { getProbeSchedule, setProbeSchedule } from "@/lib/server/probes/scheduler";
import { withRoute } from "@/lib/server/route";

type Params = { id: string };

/** The provider's re-probing schedule: `{ schedule: { intervalMinutes (null: off), model, features, nextRunAt, lastRunId } }`. */
export const GET = withRoute<undefined, undefined, Params>({ access: "viewer" }, async ({ params }) => ({
  schedule: await getProbeSchedule(params.id),
}));

/** Set (admins): `{ intervalMinutes: 5…44640 | null, model?, features? }`; null turns re-probing off. */
export const PUT = withRoute<typeof probeScheduleBodySchema, undefined, Params>(
  { access: "admin", body: probeScheduleBodySchema },
  async ({ params, body }) => ({ schedule: await setProbeSchedule(params.id, body) }),
);
