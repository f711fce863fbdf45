import { updatePreferencesBodySchema } from "@/lib/schemas/preferences";
import { withRoute } from "@/lib/server/route";
import { getUserPreferences, updateUserPreferences } from "@/lib/server/users/preferences";

/** The caller's own display preferences (any role: a viewer chooses their own layout too). */
export const GET = withRoute({ access: "viewer" }, async ({ user }) => ({
  preferences: await getUserPreferences(user.id),
}));

export const PATCH = withRoute({ access: "viewer", body: updatePreferencesBodySchema }, async ({ user, body }) => ({
  preferences: await updateUserPreferences(user.id, body),
}));
