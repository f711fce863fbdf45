import { listRunsQuerySchema, startRunBodySchema } from "@/lib/schemas/probes";
import { listProbeRuns, startProbeRun } from "@/lib/server/probes/service";
import { json, withRoute } from "@/lib/server/route";

/**
 * Start a probe run (members and admins): `{ providerId, model?, features? }` →
 * 201 `{ run, created: true }`, or 200 `{ run, created: false }` with the run already
 * probing that provider+model. The run continues in the background; follow it on
 * `/api/runs/[id]/events`.
 */
export const POST = withRoute({ access: "member", body: startRunBodySchema }, async ({ body, user }) => {
  const { run, created } = await startProbeRun({ ...body, trigger: "manual", createdById: user?.id ?? null });
  return json({ run, created }, created ? 201 : 200);
});

/** Runs, newest first: `?providerId=&model=&limit=` → `{ runs }`. */
export const GET = withRoute({ access: "viewer", query: listRunsQuerySchema }, async ({ query }) => ({
  runs: await listProbeRuns(query),
}));
