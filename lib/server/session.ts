import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { hasRole, isRole, type Role } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { getAuth } from "./auth";
import { isSetupNeeded } from "./users/service";

export type SessionUser = { id: string; name: string; email: string; role: Role };

/** The signed-in user for these request headers (session cookie), or null. */
export async function getSessionUser(headers: Headers): Promise<SessionUser | null> {
  const session = await getAuth().api.getSession({ headers });
  if (!session) return null;
  const { id, name, email, role } = session.user;
  return { id, name, email, role: isRole(role) ? role : "viewer" };
}

/**
 * The signed-in user if their role is `role` or higher. Throws 401 when signed out and
 * 403 when the role is too low. Every route handler goes through this (via withRoute).
 */
export async function requireRole(headers: Headers, role: Role): Promise<SessionUser> {
  const user = await getSessionUser(headers);
  if (!user) throw new AppError("unauthorized", "Sign in to continue.");
  if (!hasRole(user.role, role)) {
    throw new AppError("forbidden", `This needs the ${role} role; you are signed in as ${user.role}.`);
  }
  return user;
}

/**
 * For pages: the signed-in user, or a redirect to sign-in (or to first-run setup on a fresh
 * install). Pages call this themselves — in the App Router a layout's redirect does not stop
 * its page from rendering in parallel.
 */
export async function requirePageUser(): Promise<SessionUser> {
  const user = await getSessionUser(await headers());
  if (user) return user;
  redirect((await isSetupNeeded()) ? "/setup" : "/sign-in");
}
