import { duplicateProvider } from "@/lib/server/providers/service";
import { json, withRoute } from "@/lib/server/route";

export const POST = withRoute<undefined, undefined, { id: string }>({ access: "admin" }, async ({ params, user }) =>
  json({ provider: await duplicateProvider(params.id, user!.id) }, 201),
);
