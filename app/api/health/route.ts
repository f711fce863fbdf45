import { checkHealth } from "@/lib/server/health";
import { withRoute } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** Liveness and database check for load balancers and humans. Public: no secrets in it. */
export const GET = withRoute({ access: "public" }, async () => {
  const health = await checkHealth();
  return Response.json(health, { status: health.database.ok ? 200 : 503 });
});
