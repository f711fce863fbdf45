import { updateUserBodySchema } from "@/lib/schemas/users";
import { idParamsSchema } from "@/lib/schemas/route-params";
import { withRoute } from "@/lib/server/route";
import { deleteUser, setUserRole } from "@/lib/server/users/service";

export const PATCH = withRoute(
  { access: "admin", params: idParamsSchema, body: updateUserBodySchema },
  async ({ body, params }) => ({ user: await setUserRole(params.id, body.role) }),
);

export const DELETE = withRoute({ access: "admin", params: idParamsSchema }, async ({ params, user }) => {
  await deleteUser(user, params.id);
  return new Response(null, { status: 204 });
});
