import { addSimulatedProviders } from "@/lib/server/providers/simulated";
import { json, withRoute } from "@/lib/server/route";

/** Adds one "Simulated <server>" provider per simulator profile (the zero-install demo). */
export const POST = withRoute({ access: "admin" }, async ({ user }) => json(await addSimulatedProviders(user.id), 201));
