import * as authRoute from "@/app/api/auth/[...all]/route";
import { ROLES, type Role } from "@/lib/auth/roles";
import { createUser } from "@/lib/server/users/service";
import { call, cookieFrom } from "./http";

/** Creates one account per role and signs each in; returns their session cookies. */
export async function signInEveryRole(): Promise<Record<Role, string>> {
  const cookies = {} as Record<Role, string>;
  for (const role of ROLES) {
    await createUser({ name: role, email: `${role}@example.com`, password: "password-123", role });
    const res = await call(authRoute.POST, "/api/auth/sign-in/email", {
      method: "POST",
      body: { email: `${role}@example.com`, password: "password-123" },
    });
    if (res.status !== 200) throw new Error(`could not sign in as ${role}: ${res.status}`);
    cookies[role] = cookieFrom(res);
  }
  return cookies;
}
