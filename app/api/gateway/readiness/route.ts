import { readinessMarkdown } from "@/lib/readiness-markdown";
import { readinessQuerySchema } from "@/lib/schemas/usage";
import { getReadiness } from "@/lib/server/usage/readiness";
import { withRoute } from "@/lib/server/route";

/** Switch readiness of a route's or key's traffic for a candidate target; `format=markdown` for a pull request. */
export const GET = withRoute({ access: "viewer", query: readinessQuerySchema }, async ({ query }) => {
  const report = await getReadiness(query);
  if (query.format === "json") return { readiness: report };
  return new Response(readinessMarkdown(report), {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": 'attachment; filename="switch-readiness.md"',
    },
  });
});
