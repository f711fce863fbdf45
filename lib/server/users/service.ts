import "server-only";
import { isRole, type Role } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import type { CreateUserBody, SetupBody, UserSummary } from "@/lib/schemas/users";
import { getAuth } from "../auth";
import type { SessionUser } from "../session";
import * as repo from "./repository";

function toSummary(row: { id: string; name: string; email: string; role: string; createdAt: Date }): UserSummary {
  return { ...row, role: isRole(row.role) ? row.role : "viewer", createdAt: row.createdAt.toISOString() };
}

/** True on a fresh database: the first visit must create the admin account. */
export async function isSetupNeeded(): Promise<boolean> {
  return (await repo.countUsers()) === 0;
}

/**
 * Creates an account with better-auth's own password hashing and credential record
 * (the same records its sign-up would write), with our role on the user.
 */
async function createAccount(fields: SetupBody, role: Role): Promise<string> {
  if (await repo.findUserByEmail(fields.email)) {
    throw new AppError("conflict", `An account with the email ${fields.email} already exists.`, { field: "email" });
  }
  const ctx = await getAuth().$context;
  const hash = await ctx.password.hash(fields.password);
  const user = await ctx.internalAdapter.createUser(
    { name: fields.name, email: fields.email, role },
    { method: "email-password" },
  );
  try {
    await ctx.internalAdapter.linkAccount({
      userId: user.id,
      providerId: "credential",
      accountId: user.id,
      password: hash,
    });
  } catch (err) {
    // An account without a password could never sign in: undo rather than leave it.
    await repo.deleteUserRow(user.id);
    throw err;
  }
  return user.id;
}

/**
 * First-run setup: creates the admin account and signs it in. Refused once any account
 * exists; of two simultaneous first visits, only the one that claims setup proceeds.
 * Returns better-auth's sign-in response, whose Set-Cookie starts the session.
 */
export async function createFirstAdmin(fields: SetupBody): Promise<Response> {
  const alreadyDone = new AppError("conflict", "Switchyard already has an admin account: sign in instead.");
  if (!(await isSetupNeeded())) throw alreadyDone;
  if (!(await repo.claimSetup())) throw alreadyDone;
  try {
    await createAccount(fields, "admin");
  } catch (err) {
    await repo.releaseSetup();
    throw err;
  }
  return getAuth().api.signInEmail({
    body: { email: fields.email, password: fields.password },
    asResponse: true,
  });
}

export async function listUsers(): Promise<UserSummary[]> {
  return (await repo.listUserRows()).map(toSummary);
}

export async function createUser(body: CreateUserBody): Promise<UserSummary> {
  const id = await createAccount(body, body.role);
  const row = await repo.findUserSummaryRow(id);
  if (!row) throw new AppError("internal", "The account was created but could not be read back.");
  return toSummary(row);
}

async function assertNotLastAdmin(targetId: string, action: string): Promise<void> {
  const target = await repo.findUserRow(targetId);
  if (!target) throw new AppError("not_found", "No such account.");
  if (target.role === "admin" && (await repo.countAdmins()) <= 1) {
    throw new AppError("conflict", `You cannot ${action} the last admin: make another account admin first.`);
  }
}

export async function setUserRole(id: string, role: Role): Promise<UserSummary> {
  if (role !== "admin") await assertNotLastAdmin(id, "demote");
  else if (!(await repo.findUserRow(id))) throw new AppError("not_found", "No such account.");
  return toSummary(await repo.updateUserRole(id, role));
}

export async function deleteUser(actor: SessionUser, id: string): Promise<void> {
  if (actor.id === id) throw new AppError("conflict", "You cannot delete your own account while signed in with it.");
  await assertNotLastAdmin(id, "delete");
  await repo.deleteUserRow(id);
  await repo.deletePreferencesRow(id);
}
