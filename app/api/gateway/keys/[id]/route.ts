import { revokeKey } from "@/lib/server/gateway/keys";
import { idParamsSchema } from "@/lib/schemas/route-params";
import { withRoute } from "@/lib/server/route";

/** Revokes the key: refused at once here, and by every other instance within seconds. */
export const DELETE = withRoute({ access: "admin", params: idParamsSchema }, async ({ params }) => ({
  key: await revokeKey(params.id),
}));
