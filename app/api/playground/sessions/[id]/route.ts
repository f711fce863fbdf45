import { MAX_SESSION_BODY_BYTES, updateSessionBodySchema } from "@/lib/schemas/playground";
import {
  deletePlaygroundSession,
  getPlaygroundSession,
  updatePlaygroundSession,
} from "@/lib/server/playground/sessions";
import { idParamsSchema } from "@/lib/schemas/route-params";
import { withRoute } from "@/lib/server/route";

/** The caller's own session, or another user's shared one (read-only: `isOwner` false). */
export const GET = withRoute({ access: "viewer", params: idParamsSchema }, async ({ params, user }) =>
  getPlaygroundSession(params.id, user),
);

/** Renames, saves the conversation, or shares / unshares (owner only). */
export const PATCH = withRoute(
  { access: "member", params: idParamsSchema, body: updateSessionBodySchema, maxBodyBytes: MAX_SESSION_BODY_BYTES },
  async ({ params, body, user }) => updatePlaygroundSession(params.id, user, body),
);

/** Deletes one of the caller's sessions. */
export const DELETE = withRoute({ access: "member", params: idParamsSchema }, async ({ params, user }) => {
  await deletePlaygroundSession(params.id, user);
  return { ok: true };
});
