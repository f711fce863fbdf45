import { duplicateProvider } from "@/lib/server/providers/service";
import { idParamsSchema } from "@/lib/schemas/route-params";
import { json, withRoute } from "@/lib/server/route";

export const POST = withRoute({ access: "admin", params: idParamsSchema }, async ({ params, user }) =>
  json({ provider: await duplicateProvider(params.id, user.id) }, 201),
);
