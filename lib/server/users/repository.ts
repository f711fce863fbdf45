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

export function findUserSummaryRow(id: string) {
  return getDb().user.findUnique({
    where: { id },
    select: { id: true, name: true, email: true, role: true, createdAt: true },
  });
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

const SETUP_CLAIM = "setup.claimed";

/**
 * Claims first-run setup: exactly one caller can insert this row (unique key), so two
 * simultaneous first visits cannot both become admin. Returns false when already claimed.
 */
export async function claimSetup(): Promise<boolean> {
  try {
    await getDb().setting.create({ data: { key: SETUP_CLAIM, value: { at: new Date().toISOString() } } });
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") return false;
    throw err;
  }
}

/** Gives the claim back when setup failed before an account existed. */
export async function releaseSetup(): Promise<void> {
  await getDb().setting.deleteMany({ where: { key: SETUP_CLAIM } });
}

const preferencesKey = (userId: string) => `user.${userId}.preferences`;

/** One account's stored preferences (a `Setting` row: a few bytes, no table of its own). */
export async function readPreferencesRow(userId: string): Promise<unknown> {
  return (await getDb().setting.findUnique({ where: { key: preferencesKey(userId) } }))?.value ?? null;
}

export async function writePreferencesRow(userId: string, value: Record<string, string | null>): Promise<void> {
  const key = preferencesKey(userId);
  await getDb().setting.upsert({ where: { key }, create: { key, value }, update: { value } });
}

export async function deletePreferencesRow(userId: string): Promise<void> {
  await getDb().setting.deleteMany({ where: { key: preferencesKey(userId) } });
}

/** Display names of some accounts (the people who started runs); deleted accounts are absent. */
export async function listUserNames(ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await getDb().user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}
