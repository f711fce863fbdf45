import { assertMetricsAccess } from "@/lib/server/metrics/access";
import { renderMetrics } from "@/lib/server/metrics/registry";
import { withRoute } from "@/lib/server/route";

/** Prometheus text exposition (prom-client). Bearer METRICS_TOKEN, or an admin session. */
export const GET = withRoute({ access: "public" }, async ({ req }) => {
  await assertMetricsAccess(req.headers);
  const { contentType, body } = await renderMetrics();
  return new Response(body, { headers: { "Content-Type": contentType } });
});

export const dynamic = "force-dynamic";
