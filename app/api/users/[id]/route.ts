import { updateUserBodySchema } from "@/lib/schemas/users";
import { withRoute } from "@/lib/server/route";
import { deleteUser, setUserRole } from "@/lib/server/users/service";

type Params = { id: string };

export const PATCH = withRoute<typeof updateUserBodySchema, undefined, Params>(
  { access: "admin", body: updateUserBodySchema },
  async ({ body, params }) => ({ user: await setUserRole(params.id, body.role) }),
);

export const DELETE = withRoute<undefined, undefined, Params>({ access: "admin" }, async ({ params, user }) => {
  await deleteUser(user!, params.id);
  return new Response(null, { status: 204 });
});
