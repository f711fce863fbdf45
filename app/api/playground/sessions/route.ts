import { MAX_SESSION_BODY_BYTES, createSessionBodySchema } from "@/lib/schemas/playground";
import { createPlaygroundSession, listPlaygroundSessions } from "@/lib/server/playground/sessions";
import { json, withRoute } from "@/lib/server/route";

/** The caller's saved sessions, most recently changed first. */
export const GET = withRoute({ access: "viewer" }, async ({ user }) => ({
  sessions: await listPlaygroundSessions(user.id),
}));

/** Saves a new session (members and admins). */
export const POST = withRoute(
  { access: "member", body: createSessionBodySchema, maxBodyBytes: MAX_SESSION_BODY_BYTES },
  async ({ body, user }) => json(await createPlaygroundSession(user, body), 201),
);
