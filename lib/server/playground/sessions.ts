import "server-only";
import { AppError } from "@/lib/errors";
import {
  type SessionData,
  type SessionDetail,
  type SessionSummary,
  type UpdateSessionBody,
  sessionDataSchema,
} from "@/lib/schemas/playground";
import type { SessionUser } from "../session";
import * as repo from "./repository";
import type { SessionRow } from "./repository";

/**
 * Saved playground sessions: private to their owner; a shared one renders read-only for
 * any signed-in user through its link. Only the owner can change or delete it.
 */

const MAX_LISTED = 200;
/** What a row whose stored data no longer fits the schema opens as. */
const EMPTY_DATA: SessionData = sessionDataSchema.parse({
  settings: {},
  columns: [{ target: { providerId: "", model: "" }, messages: [] }],
});
const TITLE_CHARS = 60;

function toSummary(row: Pick<SessionRow, "id" | "title" | "sharedAt" | "createdAt" | "updatedAt">): SessionSummary {
  return {
    id: row.id,
    title: row.title,
    shared: row.sharedAt !== null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function toDetail(row: SessionRow, user: SessionUser): Promise<SessionDetail> {
  const isOwner = row.userId === user.id;
  const ownerName = isOwner ? user.name : ((await repo.findUserName(row.userId))?.name ?? "a former user");
  // Stored data went through the schema on the way in; parsing again keeps old rows honest.
  const parsed = sessionDataSchema.safeParse(row.data);
  const data: SessionData = parsed.success ? parsed.data : EMPTY_DATA;
  return { ...toSummary(row), data, ownerName, isOwner };
}

/** A title from the first user message ("New session" when there is none). */
export function defaultSessionTitle(data: SessionData): string {
  const first = data.columns[0]?.messages
    .find((m) => m.role === "user")
    ?.content.replace(/\s+/g, " ")
    .trim();
  if (!first) return "New session";
  return first.length > TITLE_CHARS ? `${first.slice(0, TITLE_CHARS - 1)}…` : first;
}

/** Whether session `id` exists and belongs to `userId`. */
export async function ownsPlaygroundSession(id: string, userId: string): Promise<boolean> {
  return (await repo.findSessionOwner(id))?.userId === userId;
}

export async function listPlaygroundSessions(userId: string): Promise<SessionSummary[]> {
  return (await repo.listSessionRows(userId, MAX_LISTED)).map(toSummary);
}

/** The owner's session, or someone else's shared one; not_found otherwise (no existence leak). */
export async function getPlaygroundSession(id: string, user: SessionUser): Promise<SessionDetail> {
  const row = await repo.findSessionRow(id);
  if (!row || (row.userId !== user.id && row.sharedAt === null)) {
    throw new AppError("not_found", "No such session: it may have been deleted or is not shared.");
  }
  return toDetail(row, user);
}

export async function createPlaygroundSession(
  user: SessionUser,
  body: { title?: string; data: SessionData },
): Promise<SessionDetail> {
  const row = await repo.insertSessionRow({
    userId: user.id,
    title: body.title ?? defaultSessionTitle(body.data),
    data: body.data as object,
  });
  return toDetail(row, user);
}

export async function updatePlaygroundSession(
  id: string,
  user: SessionUser,
  body: UpdateSessionBody & { data?: SessionData },
): Promise<SessionDetail> {
  const row = await repo.updateOwnSessionRow(id, user.id, {
    ...(body.title === undefined ? {} : { title: body.title }),
    ...(body.data === undefined ? {} : { data: body.data as object }),
    ...(body.shared === undefined ? {} : { sharedAt: body.shared ? new Date() : null }),
  });
  if (!row) throw new AppError("not_found", "No such session of yours: it may have been deleted.");
  return toDetail(row, user);
}

export async function deletePlaygroundSession(id: string, user: SessionUser): Promise<void> {
  if (!(await repo.deleteOwnSessionRow(id, user.id))) {
    throw new AppError("not_found", "No such session of yours: it may have been deleted.");
  }
}
