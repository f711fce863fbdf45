import { listPlaygroundTargets } from "@/lib/server/playground/targets";
import { withRoute } from "@/lib/server/route";

/** Enabled providers with their known models, for the playground's pickers. */
export const GET = withRoute({ access: "viewer" }, async () => ({ providers: await listPlaygroundTargets() }));
