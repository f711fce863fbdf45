import { MAX_SESSION_BODY_BYTES, updateSessionBodySchema } from "@/lib/schemas/playground";
import {
  deletePlaygroundSession,
  getPlaygroundSession,
  updatePlaygroundSession,
} from "@/lib/server/playground/sessions";
import { withRoute } from "@/lib/server/route";

type Params = { id: string };

/** The caller's own session, or another user's shared one (read-only: `isOwner` false). */
export const GET = withRoute<undefined, undefined, Params>({ access: "viewer" }, async ({ params, user }) =>
  getPlaygroundSession(params.id, user!),
);

/** Renames, saves the conversation, or shares / unshares (owner only). */
export const PATCH = withRoute<typeof updateSessionBodySchema, undefined, Params>(
  { access: "member", body: updateSessionBodySchema, maxBodyBytes: MAX_SESSION_BODY_BYTES },
  async ({ params, body, user }) => updatePlaygroundSession(params.id, user!, body),
);

/** Deletes one of the caller's sessions. */
export const DELETE = withRoute<undefined, undefined, Params>({ access: "member" }, async ({ params, user }) => {
  await deletePlaygroundSession(params.id, user!);
  return { ok: true };
});
