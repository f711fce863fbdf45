import "server-only";
import { getDb } from "../db";

/** Prisma calls for accounts; rules live in service.ts. */
export function countUsers(): Promise<number> {
  return getDb().user.count();
}

export function countAdmins(): Promise<number> {
  return getDb().user.count({ where: { role: "admin" } });
}

export function listUserRows() {
  return getDb().user.findMany({
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, email: true, role: true, createdAt: true },
  });
}

export function findUserRow(id: string) {
  return getDb().user.findUnique({ where: { id }, select: { id: true, role: true } });
}

export function findUserByEmail(email: string) {
  return getDb().user.findUnique({ where: { email }, select: { id: true } });
}

export function oldestUserId(): Promise<string | undefined> {
  return getDb()
    .user.findFirst({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } })
    .then((u) => u?.id);
}

export function updateUserRole(id: string, role: string) {
  return getDb().user.update({
    where: { id },
    data: { role },
    select: { id: true, name: true, email: true, role: true, createdAt: true },
  });
}

/** Deletes the account with its sessions and credentials (cascade). */
export async function deleteUserRow(id: string): Promise<void> {
  await getDb().user.delete({ where: { id } });
}
