import { revokeKey } from "@/lib/server/gateway/keys";
import { withRoute } from "@/lib/server/route";

type Params = { id: string };

/** Revokes the key: refused at once here, and by every other instance within seconds. */
export const DELETE = withRoute<undefined, undefined, Params>({ access: "admin" }, async ({ params }) => ({
  key: await revokeKey(params.id),
}));
