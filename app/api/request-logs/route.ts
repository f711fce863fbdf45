import { listRequestLogsQuerySchema } from "@/lib/schemas/request-logs";
import { listRequestLogs } from "@/lib/server/playground/request-log";
import { withRoute } from "@/lib/server/route";

/** Recent calls made through Switchyard (playground, later the gateway), newest first. */
export const GET = withRoute({ access: "viewer", query: listRequestLogsQuerySchema }, async ({ query }) => ({
  logs: await listRequestLogs(query),
}));
