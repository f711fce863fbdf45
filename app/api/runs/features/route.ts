import { listFeatures } from "@/lib/server/probes/registry";
import { withRoute } from "@/lib/server/route";

/** The feature catalogue from the probe registry, in matrix order: `{ features: [{ feature, title, group, description }] }`. */
export const GET = withRoute({ access: "viewer" }, async () => ({ features: listFeatures() }));
