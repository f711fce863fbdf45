import { withRoute } from "@/lib/server/route";
import { listRouteStatus } from "@/lib/server/usage/route-status";

/** Each route's used features, and beside each target its verdicts of them and its circuit. */
export const GET = withRoute({ access: "viewer" }, async () => ({ status: await listRouteStatus() }));
