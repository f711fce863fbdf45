import { createUserBodySchema } from "@/lib/schemas/users";
import { json, withRoute } from "@/lib/server/route";
import { createUser, listUsers } from "@/lib/server/users/service";

export const GET = withRoute({ access: "admin" }, async () => ({ users: await listUsers() }));

export const POST = withRoute({ access: "admin", body: createUserBodySchema }, async ({ body }) =>
  json({ user: await createUser(body) }, 201),
);
