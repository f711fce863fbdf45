import "server-only";
import { MATRIX_ORIENTATIONS, type MatrixOrientation } from "@/lib/matrix";
import type { UpdatePreferencesBody, UserPreferences } from "@/lib/schemas/preferences";
import * as repo from "./repository";

/**
 * Per-account display preferences, kept on the server so the first render is already the
 * user's layout (no flash of another one) on every browser they sign in from.
 */

const isOrientation = (v: unknown): v is MatrixOrientation => MATRIX_ORIENTATIONS.some((o) => o === v);

export async function getUserPreferences(userId: string): Promise<UserPreferences> {
  const stored = await repo.readPreferencesRow(userId);
  const orientation = (stored as { matrixOrientation?: unknown } | null)?.matrixOrientation;
  return { matrixOrientation: isOrientation(orientation) ? orientation : null };
}

export async function updateUserPreferences(userId: string, change: UpdatePreferencesBody): Promise<UserPreferences> {
  const next = { ...(await getUserPreferences(userId)), ...change };
  await repo.writePreferencesRow(userId, next);
  return next;
}
