import { setupBodySchema } from "@/lib/schemas/users";
import { withRoute } from "@/lib/server/route";
import { createFirstAdmin, isSetupNeeded } from "@/lib/server/users/service";

/** Whether the first visit must create the admin account. */
export const GET = withRoute({ access: "public" }, async () => ({ needed: await isSetupNeeded() }));

/** Creates the first admin account and signs it in; 409 once an account exists. */
export const POST = withRoute({ access: "public", body: setupBodySchema }, async ({ body }) => {
  const signIn = await createFirstAdmin(body);
  const res = Response.json({ ok: true }, { status: 201 });
  for (const cookie of signIn.headers.getSetCookie()) res.headers.append("set-cookie", cookie);
  return res;
});
