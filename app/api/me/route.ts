import { withRoute } from "@/lib/server/route";

/** The signed-in account (any role). */
export const GET = withRoute({ access: "viewer" }, async ({ user }) => ({ user }));
