import "server-only";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { getDb } from "../db";
import { findUserSummaryRow, listUserNames } from "../users/repository";

/**
 * Prisma calls of the playground: its saved sessions, and nothing else. What else the playground
 * reads is delegated to the domain that owns it (re-exported under the names the playground
 * modules use): providers and environment defaults (providers/repository.ts), the request log
 * (usage/repository.ts), and accounts' names (users/repository.ts).
 */

export { findEnvironmentDefaultRow, findProviderNames, listEnabledProviderRows } from "../providers/repository";
export { insertRequestLogRow, listRequestLogRows } from "../usage/repository";

const summarySelect = { id: true, title: true, sharedAt: true, createdAt: true, updatedAt: true } as const;

export function listSessionRows(userId: string, take: number) {
  return getDb().playgroundSession.findMany({
    where: { userId },
    orderBy: { updatedAt: "desc" },
    take,
    select: summarySelect,
  });
}

export function findSessionRow(id: string) {
  return getDb().playgroundSession.findUnique({ where: { id } });
}

/** The owner of a session, without loading its data. */
export function findSessionOwner(id: string) {
  return getDb().playgroundSession.findUnique({ where: { id }, select: { userId: true } });
}

export type SessionRow = NonNullable<Awaited<ReturnType<typeof findSessionRow>>>;

export function insertSessionRow(data: Prisma.PlaygroundSessionUncheckedCreateInput) {
  return getDb().playgroundSession.create({ data });
}

/** Updates only the owner's row; resolves with null when there is none. */
export async function updateOwnSessionRow(
  id: string,
  userId: string,
  data: Prisma.PlaygroundSessionUncheckedUpdateInput,
): Promise<SessionRow | null> {
  const { count } = await getDb().playgroundSession.updateMany({ where: { id, userId }, data });
  return count === 0 ? null : findSessionRow(id);
}

export async function deleteOwnSessionRow(id: string, userId: string): Promise<boolean> {
  const { count } = await getDb().playgroundSession.deleteMany({ where: { id, userId } });
  return count > 0;
}

/** The name of a session's owner (a shared session shows whose it is). */
export function findUserName(id: string) {
  return findUserSummaryRow(id);
}

/** The names of some accounts (deleted ones are absent), as rows. */
export async function findUserNames(ids: string[]): Promise<{ id: string; name: string }[]> {
  return [...(await listUserNames(ids))].map(([id, name]) => ({ id, name }));
}
